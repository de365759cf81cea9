import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signPagerDutyBody, verifyPagerDutySignature } from '../../../src/adapters/pagerduty/verify-pagerduty-signature.ts';

const SECRET = 'whsec-current';
const OLD = 'whsec-previous';
const BODY = '{"event":{"id":"01DXBTP2QQMN0VSN5RH0H9KNJ4","event_type":"incident.triggered","data":{"title":"ALARM: \\"orders-api-prod-5xx\\" — €"}}}';

describe('verifyPagerDutySignature', () => {
  it('accepts the v1 HMAC-SHA256 hex of the raw body', () => {
    // Prepare
    const header = signPagerDutyBody(BODY, SECRET);

    // Assess
    expect(header).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyPagerDutySignature(BODY, header, [SECRET])).toBe(true);
    expect(verifyPagerDutySignature(Buffer.from(BODY, 'utf8'), header, [SECRET])).toBe(true);
  });

  it('matches a vector computed with openssl', () => {
    // echo -n '…' | openssl dgst -sha256 -hmac key("key", "The quick brown fox jumps over the lazy dog")
    expect(
      verifyPagerDutySignature('The quick brown fox jumps over the lazy dog', 'v1=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8', ['key']),
    ).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    expect(verifyPagerDutySignature(BODY, signPagerDutyBody(BODY, 'someone-else'), [SECRET])).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without the v1= prefix', signPagerDutyBody(BODY, SECRET).slice(3)],
    ['another version', signPagerDutyBody(BODY, SECRET).replace('v1=', 'v0=')],
    ['truncated', signPagerDutyBody(BODY, SECRET).slice(0, 40)],
    ['not hex', `v1=${'zz'.repeat(32)}`],
    ['garbage', 'definitely not a signature,,,==='],
  ])('refuses a %s header', (_label, header) => {
    expect(verifyPagerDutySignature(BODY, header, [SECRET])).toBe(false);
  });

  it('accepts any of several signatures and any of several secrets (rotation)', () => {
    const both = `${signPagerDutyBody(BODY, 'unknown-new')},${signPagerDutyBody(BODY, OLD)}`;
    expect(verifyPagerDutySignature(BODY, both, [SECRET, OLD])).toBe(true);
    expect(verifyPagerDutySignature(BODY, ` ${signPagerDutyBody(BODY, SECRET)} , v1=${'0'.repeat(64)}`, [SECRET])).toBe(true);
    expect(verifyPagerDutySignature(BODY, both, [SECRET])).toBe(false);
  });

  it('refuses everything without a secret', () => {
    expect(verifyPagerDutySignature(BODY, signPagerDutyBody(BODY, ''), [])).toBe(false);
    expect(verifyPagerDutySignature(BODY, signPagerDutyBody(BODY, ''), [''])).toBe(false);
  });

  it('refuses a tampered body', () => {
    const header = signPagerDutyBody(BODY, SECRET);
    expect(verifyPagerDutySignature(BODY.replace('triggered', 'resolved'), header, [SECRET])).toBe(false);
    expect(verifyPagerDutySignature(`${BODY} `, header, [SECRET])).toBe(false);
    // Re-serialising the JSON changes the bytes even when the data are the same.
    expect(verifyPagerDutySignature(JSON.stringify(JSON.parse(BODY), null, 1), header, [SECRET])).toBe(false);
  });

  it('refuses any single-byte change of the body', () => {
    const body = Buffer.from(BODY, 'utf8');
    const header = signPagerDutyBody(body, SECRET);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const changed = Buffer.from(body);
        changed[index] = (changed[index]! + delta) % 256;
        return !verifyPagerDutySignature(changed, header, [SECRET]);
      }),
      { numRuns: 500 },
    );
  });
});
