import { errorRate } from './error-rate.ts';
import type { MinutePoint } from './types.ts';

/** A minute needs at least this many 5xx to count as part of a rise; one stray error is noise. */
export const ONSET_MIN_ERRORS = 2;
/** Floor of the rate a minute must exceed, so that a zero baseline does not make every 5xx a rise. */
export const ONSET_MIN_RATE = 0.01;

/** At low traffic, how many minutes are pooled to see a rise that single minutes cannot show. */
export const LOW_TRAFFIC_SPAN = 5;
/** A minute with at most this many requests is low traffic: one 5xx in it can be the whole story. */
export const LOW_TRAFFIC_REQUESTS = 20;

/**
 * The start of the first sustained 5xx rise: the first minute that is "hot" (at least
 * ONSET_MIN_ERRORS 5xx at a rate above max(2 × baseline rate, 1 %)) and is followed, within the
 * next two minutes, by another hot minute, i.e. at least 2 of 3 consecutive minutes are hot.
 * At a few requests a minute (at most LOW_TRAFFIC_REQUESTS) a minute rarely holds two 5xx, so
 * there a minute with a 5xx that opens LOW_TRAFFIC_SPAN low-traffic minutes, at least three of
 * them with 5xx and at least three 5xx in all at a pooled rate above the same threshold, starts a
 * rise too (one stray 5xx is still noise). The earlier of the two readings wins. Undefined when
 * there is no rise. Points must be in time order.
 *
 * @example findOnset(points, 0.002) // '2026-01-01T10:07:00.000Z'
 */
export function findOnset(points: readonly MinutePoint[], baselineRate: number): string | undefined {
  const threshold = Math.max(2 * Math.max(baselineRate, 0), ONSET_MIN_RATE);
  const hot = points.map((p) => p.errors5xx >= ONSET_MIN_ERRORS && errorRate(p.errors5xx, p.requests) > threshold);
  const pooled = pooledOnset(points, threshold);
  for (let i = 0; i < points.length && (pooled === undefined || i < pooled); i++) {
    if (hot[i] && (hot[i + 1] === true || hot[i + 2] === true)) return points[i]!.t;
  }
  return pooled === undefined ? undefined : points[pooled]!.t;
}

function pooledOnset(points: readonly MinutePoint[], threshold: number): number | undefined {
  for (let i = 0; i + LOW_TRAFFIC_SPAN <= points.length; i++) {
    if (points[i]!.errors5xx === 0) continue;
    const span = points.slice(i, i + LOW_TRAFFIC_SPAN);
    if (span.some((p) => p.requests > LOW_TRAFFIC_REQUESTS)) continue;
    const errors = span.reduce((n, p) => n + p.errors5xx, 0);
    const requests = span.reduce((n, p) => n + p.requests, 0);
    const minutes = span.filter((p) => p.errors5xx > 0).length;
    if (minutes >= 3 && errors >= 3 && errorRate(errors, requests) > threshold) return i;
  }
  return undefined;
}
