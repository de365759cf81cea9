/**
 * Share of requests that ended in 5xx, 0 when there were none. The denominator is never below the
 * error count: when the Count series is missing but 5xx were recorded, every known request failed,
 * which is closer to the truth than a rate of 0.
 */
export function errorRate(errors5xx: number, requests: number): number {
  const denominator = Math.max(requests, errors5xx);
  return denominator > 0 ? errors5xx / denominator : 0;
}
