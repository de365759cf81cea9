/**
 * The EventBridge rule serverless.yml creates for CloudWatch alarms (AlarmStateChangeRule): which
 * "CloudWatch Alarm State Change" events reach the work queue, and whether the rule is on at all.
 * The pattern is the bot's own filter, so the worker is not woken for alarms it would drop:
 * ALARM and OK transitions of alarms reading an API Gateway 5xx metric and, when the config sets
 * `alarms.namePrefix`, only alarms whose name starts with it. Without an `alarms` section the
 * rule is deployed disabled (the worker would drop every event).
 *
 * EventBridge matches a pattern field against every element of an array in the event, so
 * `configuration.metrics[].metricStat.metric` is matched across a metric-math alarm's inputs;
 * the worker then reads the dimensions of the 5xx metric itself (read-alarm-transition.ts).
 */
import type { AccessConfig } from '../config/access-config-schema.ts';
import { ALARM_EVENT_DETAIL_TYPE, ALARM_EVENT_SOURCE } from './alarm-event-schema.ts';
import { API_GATEWAY_NAMESPACE, FIVE_XX_METRIC_NAMES } from './read-alarm-transition.ts';

export interface AlarmRule {
  state: 'ENABLED' | 'DISABLED';
  /** An EventBridge event pattern, as CloudFormation's `EventPattern` takes it. */
  pattern: Record<string, unknown>;
}

/**
 * @example
 * alarmRule({ alarms: { channel: 'C0ALARMS', namePrefix: 'api-' } }).pattern.detail
 * // { state: { value: ['ALARM', 'OK'] }, alarmName: [{ prefix: 'api-' }], configuration: { metrics: … } }
 */
export function alarmRule(config: Pick<AccessConfig, 'alarms'>): AlarmRule {
  const prefix = config.alarms?.namePrefix;
  return {
    state: config.alarms ? 'ENABLED' : 'DISABLED',
    pattern: {
      source: [ALARM_EVENT_SOURCE],
      'detail-type': [ALARM_EVENT_DETAIL_TYPE],
      detail: {
        // OK too: a recovery updates the thread the ALARM opened.
        state: { value: ['ALARM', 'OK'] },
        ...(prefix ? { alarmName: [{ prefix }] } : {}),
        configuration: { metrics: { metricStat: { metric: { namespace: [API_GATEWAY_NAMESPACE], name: [...FIVE_XX_METRIC_NAMES] } } } },
      },
    },
  };
}
