/**
 * What an alarm state change says about an API: which alarm, which state since when, and the API
 * Gateway API and stage its 5xx metric watches. REST APIs' `5XXError` carries the API's name
 * (ApiName), HTTP APIs' `5xx` its id (ApiId); older HTTP API alarms may use `5XXError` with an
 * ApiId, so the dimension, not the metric name, tells the type. Metric-math alarms are read
 * through the first API Gateway 5xx metric among their inputs.
 */
import type { AlarmStateChangeEvent } from './alarm-event-schema.ts';

export const API_GATEWAY_NAMESPACE = 'AWS/ApiGateway';
/** REST APIs' and HTTP APIs' 5xx metrics (HTTP APIs' older alarms may use 5XXError too). */
export const FIVE_XX_METRIC_NAMES = ['5XXError', '5xx'] as const;
const FIVE_XX_METRICS = new Set<string>(FIVE_XX_METRIC_NAMES);

export interface AlarmApi {
  type: 'rest' | 'http';
  /** REST: the ApiName dimension (a name, not an id; see the facts on metric dimensions). */
  apiName?: string;
  /** HTTP: the ApiId dimension. */
  apiId?: string;
  /** Absent when the alarm watches the whole API (dimension ApiName or ApiId alone). */
  stage?: string;
  metricName: string;
}

export interface AlarmTransition {
  alarmName: string;
  account: string;
  region: string;
  /** ALARM, OK or INSUFFICIENT_DATA. */
  state: string;
  /** When the alarm entered `state`, ISO-8601: the same on every delivery of this transition. */
  stateAt: string;
  reason?: string;
  previousState?: string;
  /** Null when no metric of the alarm is an API Gateway 5xx metric with an API dimension. */
  api: AlarmApi | null;
}

/**
 * @example
 * readAlarmTransition(event) // { alarmName: 'orders-5xx', state: 'ALARM', api: { type: 'rest', apiName: 'orders-api', stage: 'prod', … } }
 */
export function readAlarmTransition(event: AlarmStateChangeEvent): AlarmTransition {
  const { detail } = event;
  const parsed = Date.parse(detail.state.timestamp);
  // CloudWatch writes `+0000`; an unreadable stamp falls back to the event's time, still stable per event.
  const stateAt = new Date(Number.isNaN(parsed) ? Date.parse(event.time) || 0 : parsed).toISOString();
  return {
    alarmName: detail.alarmName,
    account: event.account,
    region: event.region,
    state: detail.state.value,
    stateAt,
    ...(detail.state.reason ? { reason: detail.state.reason } : {}),
    ...(detail.previousState ? { previousState: detail.previousState.value } : {}),
    api: apiOf(event),
  };
}

function apiOf(event: AlarmStateChangeEvent): AlarmApi | null {
  for (const entry of event.detail.configuration?.metrics ?? []) {
    const metric = entry.metricStat?.metric;
    if (!metric || metric.namespace !== API_GATEWAY_NAMESPACE || !FIVE_XX_METRICS.has(metric.name)) continue;
    const dims = metric.dimensions ?? {};
    const stage = dims['Stage'];
    const withStage = stage ? { stage } : {};
    if (dims['ApiId']) return { type: 'http', apiId: dims['ApiId'], ...withStage, metricName: metric.name };
    if (dims['ApiName']) return { type: 'rest', apiName: dims['ApiName'], ...withStage, metricName: metric.name };
  }
  return null;
}
