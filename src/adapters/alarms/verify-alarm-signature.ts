/**
 * Signatures on alarm events posted to the bot's local route (`POST /alarms/event`). On Lambda,
 * EventBridge puts the events on the work queue itself and nothing is signed; locally, anyone
 * who can reach the port could otherwise start diagnoses. The scheme is Slack's, with our own
 * header names:
 *
 *   X-Diagnose502-Timestamp: <unix seconds>
 *   X-Diagnose502-Signature: v1=<hex HMAC-SHA256 of "v1:<timestamp>:<raw body>" with the secret>
 *
 * The timestamp is signed, so a captured request stops working after five minutes; within them,
 * the event id deduplicates. Several secrets may be configured during a rotation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const ALARM_SIGNATURE_HEADER = 'x-diagnose502-signature';
export const ALARM_TIMESTAMP_HEADER = 'x-diagnose502-timestamp';
/** Either way from now: clocks drift, and a replay must not live long. */
export const MAX_SKEW_SECONDS = 5 * 60;

const SIGNATURE = /^v1=([0-9a-f]{64})$/i;

/**
 * The two headers for a body, as a sender (the sandbox, a test, a script) adds them.
 *
 * @example
 * fetch(`${bot}/alarms/event`, { method: 'POST', headers: signAlarmEvent(body, secret), body });
 */
export function signAlarmEvent(rawBody: Buffer | string, secret: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'content-type': 'application/json',
    [ALARM_TIMESTAMP_HEADER]: timestamp,
    [ALARM_SIGNATURE_HEADER]: `v1=${digest(secret, timestamp, rawBody).toString('hex')}`,
  };
}

export type AlarmSignatureCheck = { ok: true } | { ok: false; reason: string };

/** Constant-time check of the signature against every secret; a stale or future timestamp fails. */
export function verifyAlarmSignature(
  rawBody: Buffer | string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  secrets: readonly string[],
  nowMs = Date.now(),
): AlarmSignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing or malformed timestamp' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: 'timestamp more than five minutes from now' };
  const match = SIGNATURE.exec(signature?.trim() ?? '');
  if (!match?.[1]) return { ok: false, reason: 'missing or malformed signature' };
  const offered = Buffer.from(match[1].toLowerCase(), 'hex');
  let matched = false;
  for (const secret of secrets) {
    if (!secret) continue;
    const expected = digest(secret, timestamp, rawBody);
    // Every secret is compared, match or not, so timing says nothing about which one matched.
    if (timingSafeEqual(offered, expected)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

function digest(secret: string, timestamp: string, rawBody: Buffer | string): Buffer {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return createHmac('sha256', secret).update(`v1:${timestamp}:`).update(body).digest();
}
