import { errorRate } from './error-rate.ts';
import type { MinutePoint } from './types.ts';

/** A minute needs at least this many 5xx to count as part of a rise; one stray error is noise. */
export const ONSET_MIN_ERRORS = 2;
/** Floor of the rate a minute must exceed, so that a zero baseline does not make every 5xx a rise. */
export const ONSET_MIN_RATE = 0.01;

/**
 * The start of the first sustained 5xx rise: the first minute that is "hot" (at least
 * ONSET_MIN_ERRORS 5xx at a rate above max(2 × baseline rate, 1 %)) and is followed, within the
 * next two minutes, by another hot minute, i.e. at least 2 of 3 consecutive minutes are hot.
 * Undefined when there is no such rise. Points must be in time order.
 *
 * @example findOnset(points, 0.002) // '2026-01-01T10:07:00.000Z'
 */
export function findOnset(points: readonly MinutePoint[], baselineRate: number): string | undefined {
  const threshold = Math.max(2 * Math.max(baselineRate, 0), ONSET_MIN_RATE);
  const hot = points.map((p) => p.errors5xx >= ONSET_MIN_ERRORS && errorRate(p.errors5xx, p.requests) > threshold);
  for (let i = 0; i < points.length; i++) {
    if (hot[i] && (hot[i + 1] === true || hot[i + 2] === true)) return points[i]!.t;
  }
  return undefined;
}
