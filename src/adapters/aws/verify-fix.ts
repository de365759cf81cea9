import type { VerifyFixInput } from '../../../machines/diagnosis-types.ts';
import type { CollectorContext } from './collector.ts';
import { collectMetrics } from './collect-metrics.ts';
import type { FixVerification } from '../../core/diagnosis/types.ts';

/** Minutes of traffic judged when someone asks whether the fix worked. */
export const VERIFY_MINUTES = 5;
/** CloudWatch needs a minute or two to publish; the newest minute is left out. */
const PUBLISH_LAG_MINUTES = 1;
/** A rate at or below this counts as "no 5xx" even with an error-free baseline. */
const NOISE_FLOOR = 0.001;

/**
 * Pulls 5xx and request counts for the last few minutes and compares the rate with the baseline
 * from before the incident. Verified only with traffic to judge by: silence proves nothing.
 */
export async function verifyFix(ctx: CollectorContext, input: VerifyFixInput): Promise<FixVerification> {
  const endMs = Math.floor(Date.parse(input.at) / 60_000) * 60_000 - PUBLISH_LAG_MINUTES * 60_000;
  const startMs = endMs - VERIFY_MINUTES * 60_000;
  const start = new Date(startMs).toISOString();
  const result = await collectMetrics(ctx, { api: input.api, window: { start, end: new Date(endMs).toISOString(), baselineStart: start } });
  const base = { at: input.at, by: input.by, baselineRate: input.baselineRate };
  if (!result.findings) {
    const why = result.missing.map((m) => m.reason).join('; ') || 'metrics unavailable';
    return { ...base, verified: false, errors5xxSinceFix: 0, requestsSinceFix: 0, summary: `could not read metrics to verify: ${why}` };
  }
  const { requests, errors5xx, rate } = result.findings.totals;
  const threshold = Math.max(input.baselineRate, NOISE_FLOOR);
  if (requests === 0) {
    return {
      ...base,
      verified: false,
      errors5xxSinceFix: errors5xx,
      requestsSinceFix: 0,
      summary: `no traffic in the last ${VERIFY_MINUTES} minutes to judge by; try again once requests flow`,
    };
  }
  const verified = rate <= threshold;
  const pct = (r: number) => `${(r * 100).toFixed(2)} %`;
  return {
    ...base,
    verified,
    errors5xxSinceFix: errors5xx,
    requestsSinceFix: requests,
    summary: verified
      ? `${errors5xx} 5xx in ${requests} requests over the last ${VERIFY_MINUTES} minutes (${pct(rate)}), back to the baseline of ${pct(input.baselineRate)}`
      : `still ${errors5xx} 5xx in ${requests} requests over the last ${VERIFY_MINUTES} minutes (${pct(rate)}, baseline ${pct(input.baselineRate)})`,
  };
}
