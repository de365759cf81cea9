/**
 * The work an alarm state change turns into: the EventBridge event as it came, posted to the
 * bot's local route or put on the work queue by the EventBridge rule (serverless.yml). Plain
 * JSON, like the other jobs.
 */
import type { AlarmStateChangeEvent } from '../alarms/alarm-event-schema.ts';

export interface AlarmJob {
  kind: 'alarm-event';
  event: AlarmStateChangeEvent;
  receivedAt: string;
}
