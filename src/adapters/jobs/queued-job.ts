/**
 * What travels through the SQS work queue: a Slack bot job or a PagerDuty job, as plain JSON.
 * Their `kind`s do not overlap, so the worker tells them apart without an envelope.
 */
import type { PagerDutyJob } from './pagerduty-job.ts';
import type { BotJob } from './bot-job.ts';

export type QueuedJob = BotJob | PagerDutyJob;

const BOT_KINDS = new Set<string>(['start', 'resolve-start', 'scan', 'event', 'summary', 'resume', 'followup', 'feedback', 'true-cause', 'label-note', 'home']);
const PAGERDUTY_KINDS = new Set<string>(['pagerduty-event', 'pagerduty-choose-api']);

export function isPagerDutyJob(job: QueuedJob): job is PagerDutyJob {
  return PAGERDUTY_KINDS.has(job.kind);
}

/** Parses a message body; throws for anything that is not a job this version knows. */
export function parseQueuedJob(body: string): QueuedJob {
  const job = JSON.parse(body) as { kind?: unknown };
  if (!job || typeof job !== 'object' || typeof job.kind !== 'string' || !(BOT_KINDS.has(job.kind) || PAGERDUTY_KINDS.has(job.kind))) {
    throw new Error(`not a diagnose-502 job: ${body.slice(0, 200)}`);
  }
  return job as QueuedJob;
}
