import type { Logger } from 'pino';
import type { AccessConfig } from '../../adapters/config/access-config-schema.ts';
import type { WorkQueue } from '../../adapters/jobs/work-queue.ts';
import type { CommandRateLimit } from './command-rate-limit.ts';
import type { AccessCheck } from './create-access-check.ts';

/** What listeners are given: they validate, acknowledge and enqueue; the work happens in the job handler. */
export interface ListenerDeps {
  queue: WorkQueue;
  accessCheck: AccessCheck;
  config: AccessConfig;
  defaultRegion: string;
  logger: Logger;
  now: () => Date;
  /** Per-person and per-channel limits on the slash command; none where it is not set (the Lambda ingress has API throttling instead). */
  commandRateLimit?: CommandRateLimit;
}
