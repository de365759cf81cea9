/**
 * A "CloudWatch Alarm State Change" event as EventBridge delivers it, for an alarm on an API's
 * 5xx metric: REST APIs' 5XXError by ApiName and Stage, HTTP APIs' 5xx by ApiId and Stage. The
 * sandbox's "Simulate a CloudWatch alarm" and the tests post it to the bot's signed route. Shape
 * from the CloudWatch user guide's single-metric example (cloudwatch-and-eventbridge.html).
 */
import { createHash } from 'node:crypto';
import type { AlarmStateChangeEvent } from '../../adapters/alarms/alarm-event-schema.ts';

export interface AlarmEventInput {
  alarmName: string;
  account?: string;
  region: string;
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
  /** When the alarm changed state; also the event's time. */
  at: Date;
  api: { type: 'rest'; name: string; stage?: string } | { type: 'http'; id: string; stage?: string };
  /** EventBridge's event id; derived from the transition when absent (a redelivery keeps it). */
  id?: string;
  /** Another namespace or metric, to show what the bot ignores. */
  metric?: { namespace: string; name: string };
}

/** CloudWatch writes `2019-10-01T13:56:40.987+0000`, not the `Z` form. */
function cloudWatchTimestamp(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

export function buildAlarmEvent(input: AlarmEventInput): AlarmStateChangeEvent {
  const account = input.account ?? '123456789012';
  const stamp = cloudWatchTimestamp(input.at);
  const previous = input.state === 'ALARM' ? 'OK' : 'ALARM';
  const dimensions: Record<string, string> = input.api.type === 'rest' ? { ApiName: input.api.name } : { ApiId: input.api.id };
  if (input.api.stage) dimensions['Stage'] = input.api.stage;
  const metricName = input.metric?.name ?? (input.api.type === 'rest' ? '5XXError' : '5xx');
  const id =
    input.id ??
    createHash('sha256')
      .update(`${account}:${input.region}:${input.alarmName}:${input.state}:${stamp}`)
      .digest('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
  const crossed = input.state === 'ALARM' ? 'was greater than' : 'was not greater than';
  return {
    version: '0',
    id,
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account,
    time: input.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: input.region,
    resources: [`arn:aws:cloudwatch:${input.region}:${account}:alarm:${input.alarmName}`],
    detail: {
      alarmName: input.alarmName,
      state: {
        value: input.state,
        reason: `Threshold Crossed: 1 out of the last 1 datapoints ${crossed} the threshold (5.0).`,
        timestamp: stamp,
      },
      previousState: { value: previous, reason: 'Threshold Crossed', timestamp: cloudWatchTimestamp(new Date(input.at.getTime() - 15 * 60_000)) },
      configuration: {
        description: `5xx on ${input.api.type === 'rest' ? input.api.name : input.api.id}`,
        metrics: [
          {
            id: 'm1',
            metricStat: {
              metric: { namespace: input.metric?.namespace ?? 'AWS/ApiGateway', name: metricName, dimensions },
              period: 60,
              stat: 'Sum',
            },
            returnData: true,
          },
        ],
      },
    },
  };
}
