import type { AwsClients } from './aws-clients.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { CollectorInput, CollectorResult } from '../../core/evidence/types.ts';

/** What a collector is handed besides its input: the clients and a way to be told to stop. */
export interface CollectorContext {
  clients: AwsClients;
  /** Aborted when the collector's time budget runs out or the diagnosis is stopped. */
  signal?: AbortSignal;
  /**
   * Paces CloudTrail LookupEvents (2 calls/s per account and region). Shared between diagnoses
   * of the same account so that an alert storm stays within the quota.
   */
  cloudTrailLimiter?: RateLimiter;
}

/** Collectors read AWS and return findings or missing records. They must be safe to repeat. */
export type Collector<T> = (ctx: CollectorContext, input: CollectorInput) => Promise<CollectorResult<T>>;
