/**
 * Slack request signatures (v0): `X-Slack-Signature: v0=<hex>`, the HMAC-SHA256 of
 * `v0:<X-Slack-Request-Timestamp>:<raw body>` under the app's signing secret. Checked before any
 * framework parses the body, so an unsigned or oversized request costs one HMAC and nothing more.
 * The timestamp must sit within five minutes of our clock in either direction: Bolt only refuses
 * old ones, and a request stamped in the future would stay replayable for as long as it is ahead.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from our clock, either way. */
export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

const SIGNATURE = /^v0=([0-9a-f]{64})$/;

export type SlackRequestCheck = { ok: true } | { ok: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether the request's timestamp header is present, numeric and within the tolerance of `nowMs`.
 * Needs only the headers, so an HTTP server can refuse before reading the body.
 */
export function checkSlackTimestamp(headers: Headers, nowMs: number = Date.now()): SlackRequestCheck {
  const raw = header(headers, 'x-slack-request-timestamp');
  if (!raw || !/^\d{1,12}$/.test(raw)) return { ok: false, reason: 'missing or malformed x-slack-request-timestamp' };
  const skew = Math.abs(Math.floor(nowMs / 1000) - Number(raw));
  if (skew > SLACK_TIMESTAMP_TOLERANCE_SECONDS) {
    return { ok: false, reason: `x-slack-request-timestamp is ${skew} s away from this clock (at most ${SLACK_TIMESTAMP_TOLERANCE_SECONDS} s)` };
  }
  return { ok: true };
}

/**
 * Checks the timestamp window and the signature of a raw request body, in constant time.
 *
 * @example
 * const check = verifySlackSignature(rawBody, event.headers, secret);
 * if (!check.ok) return { statusCode: 401, body: '' };
 */
export function verifySlackSignature(rawBody: Buffer | string, headers: Headers, signingSecret: string, nowMs: number = Date.now()): SlackRequestCheck {
  if (!signingSecret) return { ok: false, reason: 'no signing secret configured' };
  const time = checkSlackTimestamp(headers, nowMs);
  if (!time.ok) return time;
  const match = SIGNATURE.exec(header(headers, 'x-slack-signature') ?? '');
  if (!match?.[1]) return { ok: false, reason: 'missing or malformed x-slack-signature' };
  const offered = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', signingSecret)
    .update(`v0:${header(headers, 'x-slack-request-timestamp')}:`)
    .update(rawBody)
    .digest();
  return offered.length === expected.length && timingSafeEqual(offered, expected) ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}
