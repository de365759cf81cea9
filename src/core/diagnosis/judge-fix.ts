/**
 * Whether a fix worked, judged from the traffic of the last few minutes against the 5xx rate from
 * before the incident. Verified only with traffic to judge by: silence proves nothing. Pure; the
 * metrics are fetched by the AWS adapter (src/adapters/aws/verify-fix.ts).
 */
import type { FixVerification } from './types.ts';

/** Minutes of traffic judged when someone asks whether the fix worked. */
export const VERIFY_MINUTES = 5;
/** CloudWatch needs a minute or two to publish; the newest minute is left out. */
const PUBLISH_LAG_MINUTES = 1;
/** A rate at or below this counts as "no 5xx" even with an error-free baseline. */
const NOISE_FLOOR = 0.001;

export interface FixCheckRequest {
  /** When verification was asked for (ISO time). */
  at: string;
  by?: string;
  /** Pre-incident 5xx rate; "fixed" means back at or below it. */
  baselineRate: number;
}

/** What the metrics said about the judged minutes, or why they could not be read. */
export type TrafficSinceFix = { requests: number; errors5xx: number; rate: number } | { unavailable: string };

/** The whole minutes to judge: VERIFY_MINUTES ending one minute before the request (publishing lag). */
export function fixCheckWindow(at: string): { start: string; end: string } {
  const endMs = Math.floor(Date.parse(at) / 60_000) * 60_000 - PUBLISH_LAG_MINUTES * 60_000;
  return { start: new Date(endMs - VERIFY_MINUTES * 60_000).toISOString(), end: new Date(endMs).toISOString() };
}

export function judgeFix(request: FixCheckRequest, traffic: TrafficSinceFix): FixVerification {
  const base = { at: request.at, ...(request.by !== undefined ? { by: request.by } : {}), baselineRate: request.baselineRate };
  if ('unavailable' in traffic) {
    return { ...base, verified: false, errors5xxSinceFix: 0, requestsSinceFix: 0, summary: `could not read metrics to verify: ${traffic.unavailable}` };
  }
  const { requests, errors5xx, rate } = traffic;
  if (requests === 0) {
    return {
      ...base,
      verified: false,
      errors5xxSinceFix: errors5xx,
      requestsSinceFix: 0,
      summary: `no traffic in the last ${VERIFY_MINUTES} minutes to judge by; try again once requests flow`,
    };
  }
  const verified = rate <= Math.max(request.baselineRate, NOISE_FLOOR);
  const pct = (r: number) => `${(r * 100).toFixed(2)} %`;
  return {
    ...base,
    verified,
    errors5xxSinceFix: errors5xx,
    requestsSinceFix: requests,
    summary: verified
      ? `${errors5xx} 5xx in ${requests} requests over the last ${VERIFY_MINUTES} minutes (${pct(rate)}), back to the baseline of ${pct(request.baselineRate)}`
      : `still ${errors5xx} 5xx in ${requests} requests over the last ${VERIFY_MINUTES} minutes (${pct(rate)}, baseline ${pct(request.baselineRate)})`,
  };
}
