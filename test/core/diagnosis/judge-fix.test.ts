import { describe, expect, it } from 'vitest';
import { fixCheckWindow, judgeFix, VERIFY_MINUTES } from '../../../src/core/diagnosis/judge-fix.ts';

const request = { at: '2026-11-22T10:30:40.000Z', by: 'U1', baselineRate: 0.002 };

describe('judgeFix', () => {
  it('judges the whole minutes before the request, leaving out the one CloudWatch may not have published', () => {
    expect(fixCheckWindow(request.at)).toEqual({ start: '2026-11-22T10:24:00.000Z', end: '2026-11-22T10:29:00.000Z' });
    expect(VERIFY_MINUTES).toBe(5);
  });

  it('calls the fix verified when the rate is back at or below the baseline', () => {
    const v = judgeFix(request, { requests: 1000, errors5xx: 2, rate: 0.002 });
    expect(v).toMatchObject({ verified: true, errors5xxSinceFix: 2, requestsSinceFix: 1000, by: 'U1', baselineRate: 0.002 });
    expect(v.summary).toBe('2 5xx in 1000 requests over the last 5 minutes (0.20 %), back to the baseline of 0.20 %');
  });

  it('is not verified while the rate stays above the baseline', () => {
    const v = judgeFix(request, { requests: 1000, errors5xx: 40, rate: 0.04 });
    expect(v.verified).toBe(false);
    expect(v.summary).toMatch(/^still 40 5xx in 1000 requests/);
  });

  it('tolerates a little noise above an error-free baseline', () => {
    expect(judgeFix({ ...request, baselineRate: 0 }, { requests: 2000, errors5xx: 1, rate: 0.0005 }).verified).toBe(true);
    expect(judgeFix({ ...request, baselineRate: 0 }, { requests: 2000, errors5xx: 4, rate: 0.002 }).verified).toBe(false);
  });

  it('never verifies on silence or on metrics it could not read', () => {
    expect(judgeFix(request, { requests: 0, errors5xx: 0, rate: 0 })).toMatchObject({ verified: false, summary: expect.stringMatching(/no traffic/) });
    expect(judgeFix(request, { unavailable: 'access denied to cloudwatch:GetMetricData' })).toMatchObject({
      verified: false,
      summary: 'could not read metrics to verify: access denied to cloudwatch:GetMetricData',
    });
  });
});
