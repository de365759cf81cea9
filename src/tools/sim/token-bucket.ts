/**
 * A token bucket: `ratePerSecond` calls per second with bursts of at most that many, the way
 * AWS enforces per-account API quotas such as CloudTrail LookupEvents (2 calls/s).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = ratePerSecond;
    this.last = clock();
  }

  /** Takes one token when there is one; false means the caller is over the quota. */
  tryTake(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
