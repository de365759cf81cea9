/**
 * PagerDuty v3 webhook signatures: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]`, one entry per
 * secret while a secret is being rotated, each the HMAC-SHA256 of the raw body. Nothing else is
 * signed (no timestamp), so replays are handled by deduplication, not here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^v1=([0-9a-f]{64})$/i;

/** `v1=<hex>` for a body and one secret: what PagerDuty sends, and what tests sign with. */
export function signPagerDutyBody(rawBody: Buffer | string, secret: string): string {
  return `v1=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * True when any `v1=` signature in the header matches the body under any of the secrets.
 * Compares in constant time; a missing, empty or malformed header is simply false.
 *
 * @example
 * verifyPagerDutySignature(rawBody, req.headers['x-pagerduty-signature'], [process.env.PAGERDUTY_WEBHOOK_SECRET!]);
 */
export function verifyPagerDutySignature(rawBody: Buffer | string, header: string | undefined, secrets: string[]): boolean {
  if (typeof header !== 'string' || header.length === 0 || header.length > 4096) return false;
  const offered: Buffer[] = [];
  for (const part of header.split(',')) {
    const match = SIGNATURE.exec(part.trim());
    if (match?.[1]) offered.push(Buffer.from(match[1].toLowerCase(), 'hex'));
  }
  if (offered.length === 0) return false;
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  let matched = false;
  for (const secret of secrets) {
    if (!secret) continue;
    const expected = createHmac('sha256', secret).update(body).digest();
    // Every pair is compared, match or not, so timing says nothing about which one matched.
    for (const candidate of offered) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
    }
  }
  return matched;
}
