/**
 * What travels through the SQS work queue: a Slack bot job, a PagerDuty job or an alarm job, as
 * plain JSON. Their `kind`s do not overlap, so the worker tells them apart without an envelope.
 * The EventBridge rule for CloudWatch alarms sends the bare event (serverless.yml has no input
 * transformer to keep the rule simple), so a body that is an alarm state change becomes an
 * alarm job here.
 */
import { looksLikeAlarmEvent, type AlarmStateChangeEvent } from '../alarms/alarm-event-schema.ts';
import type { AlarmJob } from './alarm-job.ts';
import type { PagerDutyJob } from './pagerduty-job.ts';
import type { BotJob } from './bot-job.ts';

export type QueuedJob = BotJob | PagerDutyJob | AlarmJob;

const BOT_KINDS = new Set<string>(['start', 'resolve-start', 'scan', 'event', 'summary', 'resume', 'followup', 'feedback', 'true-cause', 'label-note', 'home']);
const PAGERDUTY_KINDS = new Set<string>(['pagerduty-event', 'pagerduty-choose-api']);

export function isPagerDutyJob(job: QueuedJob): job is PagerDutyJob {
  return PAGERDUTY_KINDS.has(job.kind);
}

export function isAlarmJob(job: QueuedJob): job is AlarmJob {
  return job.kind === 'alarm-event';
}

/** Parses a message body; throws for anything that is not a job this version knows. */
export function parseQueuedJob(body: string): QueuedJob {
  const job = JSON.parse(body) as { kind?: unknown };
  // Straight from the EventBridge rule: the event's own time is when it was received, near enough.
  if (looksLikeAlarmEvent(job)) {
    const event = job as unknown as AlarmStateChangeEvent;
    return { kind: 'alarm-event', event, receivedAt: typeof event.time === 'string' ? event.time : new Date(0).toISOString() };
  }
  if (job && typeof job === 'object' && job.kind === 'alarm-event') return job as AlarmJob;
  if (!job || typeof job !== 'object' || typeof job.kind !== 'string' || !(BOT_KINDS.has(job.kind) || PAGERDUTY_KINDS.has(job.kind))) {
    throw new Error(`not a diagnose-502 job: ${body.slice(0, 200)}`);
  }
  return job as QueuedJob;
}
