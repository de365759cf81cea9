import type { SimLogEvent } from './log-events.ts';
import { TokenBucket } from './token-bucket.ts';

/** What the server remembers between requests: quotas in use and recent pages. */
export class SimState {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly logCache = new Map<string, SimLogEvent[]>();
  private readonly throttledCalls = new Map<string, number>();

  constructor(readonly cloudTrailCallsPerSecond: number) {}

  /** One bucket per account and region, like the LookupEvents quota. */
  cloudTrailBucket(account: string, region: string): TokenBucket {
    const key = `${account}/${region}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.cloudTrailCallsPerSecond);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** True when this call is throttled: the first `times` calls under `key`, or all when unbounded. */
  takeThrottle(key: string, times: number | undefined): boolean {
    const done = this.throttledCalls.get(key) ?? 0;
    if (times !== undefined && done >= times) return false;
    this.throttledCalls.set(key, done + 1);
    return true;
  }

  /** Materialised log events per group and anchor; paging through a group reuses them. */
  cachedLogEvents(group: string, anchorMs: number, build: () => SimLogEvent[]): SimLogEvent[] {
    const key = `${anchorMs}|${group}`;
    const hit = this.logCache.get(key);
    if (hit) return hit;
    const events = build();
    if (this.logCache.size >= 32) this.logCache.delete(this.logCache.keys().next().value as string);
    this.logCache.set(key, events);
    return events;
  }
}
