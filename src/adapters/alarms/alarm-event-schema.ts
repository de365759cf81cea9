/**
 * EventBridge's "CloudWatch Alarm State Change" event, the part the bot reads. Shape from the
 * CloudWatch user guide, "Alarm events and EventBridge" (single-metric and metric-math examples):
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 *
 * `detail.configuration.metrics[]` holds one `metricStat` per metric (dimensions as an object,
 * unlike the SNS message's `[{name, value}]` list) and, for metric math, entries with only an
 * `expression`. Unknown keys are kept: AWS adds fields (alarmTags, actionsSuppressedBy…).
 */
import { z } from 'zod';

export const ALARM_EVENT_SOURCE = 'aws.cloudwatch';
export const ALARM_EVENT_DETAIL_TYPE = 'CloudWatch Alarm State Change';

const stateSchema = z.looseObject({
  /** ALARM, OK or INSUFFICIENT_DATA. */
  value: z.string().min(1).max(32),
  reason: z.string().max(10_000).optional(),
  /** `2019-10-01T13:56:40.987+0000`: the moment of the transition, the same on every delivery. */
  timestamp: z.string().min(1).max(64),
});

const metricSchema = z.looseObject({
  id: z.string().max(256).optional(),
  metricStat: z
    .looseObject({
      metric: z.looseObject({
        namespace: z.string().max(512).optional(),
        name: z.string().max(512),
        dimensions: z.record(z.string(), z.string().max(1024)).optional(),
      }),
      period: z.number().optional(),
      stat: z.string().optional(),
    })
    .optional(),
  expression: z.string().max(4096).optional(),
  returnData: z.boolean().optional(),
});

export const alarmStateChangeEventSchema = z.looseObject({
  version: z.string().optional(),
  /** EventBridge's event id: the same on every delivery of one event. */
  id: z.string().min(1).max(128),
  'detail-type': z.literal(ALARM_EVENT_DETAIL_TYPE),
  source: z.literal(ALARM_EVENT_SOURCE),
  account: z.string().regex(/^\d{12}$/, 'an account id is 12 digits'),
  time: z.string().min(1).max(64),
  region: z.string().regex(/^[a-z]{2,4}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'a region looks like eu-west-1'),
  resources: z.array(z.string()).optional(),
  detail: z.looseObject({
    alarmName: z.string().min(1).max(255),
    state: stateSchema,
    previousState: stateSchema.optional(),
    configuration: z
      .looseObject({
        description: z.string().max(2048).optional(),
        metrics: z.array(metricSchema).max(100).optional(),
      })
      .optional(),
  }),
});

export type AlarmStateChangeEvent = z.infer<typeof alarmStateChangeEventSchema>;

/** Cheap check before parsing: is this JSON an alarm state change at all (SQS bodies, local posts)? */
export function looksLikeAlarmEvent(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return v['source'] === ALARM_EVENT_SOURCE && v['detail-type'] === ALARM_EVENT_DETAIL_TYPE;
}
