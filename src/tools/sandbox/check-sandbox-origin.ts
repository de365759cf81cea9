/**
 * Whether a request comes from the sandbox page itself. The sandbox drives a bot (the real-AWS
 * one too when credentials are present) and shows everything it holds, so a web page elsewhere
 * must not reach it: through DNS rebinding a foreign name can resolve to 127.0.0.1, so the Host
 * header must be a loopback name (or the host the sandbox was told to listen on), and a browser
 * request's Origin must be that same host.
 */
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export type OriginCheck = { ok: true } | { ok: false; reason: string };

/** The host name of a Host header or an origin's authority, lower-cased, without the port. */
function hostName(authority: string): string {
  const lower = authority.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  return lower.split(':')[0] ?? '';
}

/**
 * @example
 * checkSandboxOrigin(req.headers, ['127.0.0.1']); // { ok: true } for the page on http://localhost:3000
 */
export function checkSandboxOrigin(headers: IncomingHttpHeaders, listenHosts: readonly string[] = []): OriginCheck {
  const host = headers.host;
  if (!host) return { ok: false, reason: 'no Host header' };
  const name = hostName(host);
  const allowed = LOOPBACK.has(name) || name.endsWith('.localhost') || listenHosts.some((h) => h.toLowerCase() === name && !['0.0.0.0', '::'].includes(h));
  if (!allowed) return { ok: false, reason: `Host ${host} is not this machine's loopback name` };
  const origin = headers.origin;
  if (origin !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return { ok: false, reason: `Origin ${origin} is not a URL` };
    }
    if (parsed.host.toLowerCase() !== host.toLowerCase()) return { ok: false, reason: `Origin ${origin} is not this page` };
  }
  if (headers['sec-fetch-site'] === 'cross-site') return { ok: false, reason: 'a cross-site request' };
  return { ok: true };
}
