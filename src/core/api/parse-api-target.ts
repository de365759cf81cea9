/**
 * What a person may type to name an API: its id, its name, an invoke URL or a URL on a custom
 * domain. Pure parsing and validation; looking names and domains up in AWS is the adapters'
 * job (src/adapters/aws/resolve-api-target.ts). Everything returned here has passed a strict
 * pattern, so it is safe to put in an AWS call, a log-group name or a filter pattern.
 */
import { apiIdSchema, regionSchema, routeSchema, stageSchema } from './api-ref.ts';

export type ApiTarget =
  /** `a1b2c3d4e5 prod`: nothing to look up. */
  | { kind: 'id'; apiId: string; stage: string; region?: string }
  /** `checkout-api prod`: GetRestApis / GetApis find the id. */
  | { kind: 'name'; name: string; stage: string; region?: string }
  /** `https://<id>.execute-api.<region>.amazonaws.com/<stage>/<route>`: everything is in the URL. */
  | { kind: 'invoke-url'; apiId: string; region: string; stage: string; route?: string }
  /** `https://api.example.com/v2/orders`: the domain's mappings tell the API, stage and route. */
  | { kind: 'domain-url'; hostname: string; path: string; region?: string };

export type ParsedApiTarget = { ok: true; target: ApiTarget } | { ok: false; problem: string };

/** An API Gateway API name as this tool accepts it: no spaces, nothing a filter pattern reads. */
export const apiNameSchemaPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A DNS name of at least two labels, each 1-63 letters, digits or inner hyphens; 253 at most. */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const INVOKE_HOST = /^([a-z0-9]{10})\.execute-api\.([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?$/;
const MAX_URL = 1024;

/**
 * Reads `<target> [stage] [region]` as typed after the command (already split into words).
 *
 * @example parseApiTarget(['checkout-api', 'prod']) // { kind: 'name', name: 'checkout-api', stage: 'prod' }
 * @example parseApiTarget(['https://k7x2m9q4ta.execute-api.eu-west-1.amazonaws.com/prod/orders/42'])
 */
export function parseApiTarget(words: readonly string[]): ParsedApiTarget {
  const [first, ...rest] = words;
  if (first === undefined || first === '') return { ok: false, problem: 'Tell me which API: its id, its name, or a URL it serves.' };
  if (/^https?:\/\//i.test(first)) return parseUrlTarget(first, rest);
  if (rest.length < 1) return { ok: false, problem: 'The stage is missing.' };
  if (rest.length > 2) return { ok: false, problem: `Expected at most 3 values, got ${words.length}.` };
  const [stage, region] = rest as [string, string | undefined];
  if (!stageSchema.safeParse(stage).success) return { ok: false, problem: 'The second value is not a stage name (letters, digits, "-" or "_", or $default).' };
  if (region !== undefined && !regionSchema.safeParse(region).success)
    return { ok: false, problem: 'The third value is not an AWS region (like `eu-west-1`).' };
  const withRegion = region ? { region } : {};
  // People paste ids from URLs in any case; API ids are lowercase, names keep their case.
  if (apiIdSchema.safeParse(first.toLowerCase()).success) return { ok: true, target: { kind: 'id', apiId: first.toLowerCase(), stage, ...withRegion } };
  if (!apiNameSchemaPattern.test(first))
    return {
      ok: false,
      problem: 'The first value is neither an API id (10 lowercase letters or digits), an API name (letters, digits, ".", "_" or "-") nor a URL.',
    };
  return { ok: true, target: { kind: 'name', name: first, stage, ...withRegion } };
}

function parseUrlTarget(text: string, rest: readonly string[]): ParsedApiTarget {
  if (text.length > MAX_URL) return { ok: false, problem: `That URL is too long (${text.length} characters).` };
  if (rest.length > 1) return { ok: false, problem: 'After a URL, give at most the region.' };
  const region = rest[0];
  if (region !== undefined && !regionSchema.safeParse(region).success)
    return { ok: false, problem: 'The value after the URL is not an AWS region (like `eu-west-1`).' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'That is not a valid URL.' };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: 'API Gateway serves https URLs only.' };
  if (url.username || url.password) return { ok: false, problem: 'The URL must not carry a user name or password.' };
  if (url.port !== '') return { ok: false, problem: 'API Gateway URLs have no port.' };
  const hostname = url.hostname.toLowerCase();
  if (!HOSTNAME.test(hostname)) return { ok: false, problem: 'The URL’s host is not a DNS name.' };
  // The query and fragment say nothing about which API answered; the path is what is routed.
  const path = decodePath(url.pathname);
  if (path === undefined) return { ok: false, problem: 'The URL’s path has characters a route cannot have (only letters, digits and . _ ~ - / { } +).' };

  const invoke = INVOKE_HOST.exec(hostname);
  if (invoke) {
    const [, apiId = '', urlRegion = ''] = invoke;
    if (region !== undefined && region !== urlRegion) return { ok: false, problem: `The URL is in ${urlRegion}, not ${region}.` };
    const [, stage = '', ...routeParts] = path.split('/');
    if (!stage) return { ok: false, problem: 'The invoke URL has no stage: it looks like https://<id>.execute-api.<region>.amazonaws.com/<stage>/…' };
    if (!stageSchema.safeParse(stage).success) return { ok: false, problem: 'The first part of the URL’s path is not a stage name.' };
    const route = routeParts.length > 0 && routeParts.join('/') !== '' ? `/${routeParts.join('/')}` : undefined;
    return { ok: true, target: { kind: 'invoke-url', apiId, region: urlRegion, stage, ...(route ? { route } : {}) } };
  }
  if (hostname.endsWith('.amazonaws.com'))
    return { ok: false, problem: 'That AWS host is not an API Gateway invoke URL (<id>.execute-api.<region>.amazonaws.com).' };
  return { ok: true, target: { kind: 'domain-url', hostname, path, ...(region ? { region } : {}) } };
}

/** Percent-decodes the path and checks it against the route pattern; undefined when it fails. */
function decodePath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const path = decoded === '' ? '/' : decoded.replace(/\/{2,}/g, '/');
  return routeSchema.safeParse(path).success ? path : undefined;
}
