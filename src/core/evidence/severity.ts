import { errorRate } from './error-rate.ts';
import type { Severity } from './types.ts';

/** Lower bounds (exclusive) of each 5xx rate band; at or below `elevated` any 5xx is `normal`. */
export const SEVERITY_THRESHOLDS = { critical: 0.15, high: 0.05, elevated: 0.01 } as const;

/**
 * How bad a 5xx rate is: none without a single 5xx, normal up to 1 %, elevated above 1 %,
 * high above 5 %, critical above 15 %.
 */
export function severityFor(errors5xx: number, requests: number): Severity {
  if (errors5xx <= 0) return 'none';
  const rate = errorRate(errors5xx, requests);
  if (rate > SEVERITY_THRESHOLDS.critical) return 'critical';
  if (rate > SEVERITY_THRESHOLDS.high) return 'high';
  if (rate > SEVERITY_THRESHOLDS.elevated) return 'elevated';
  return 'normal';
}
