/**
 * Finds the CloudWatch alarm behind a PagerDuty incident in its alerts, and reads which API
 * Gateway API and stage it watches. CloudWatch's alarm message (via SNS) lands in the alert's
 * `body.details` or `body.cef_details`, sometimes as the SNS envelope with the message as a JSON
 * string, so the search looks through a few levels and parses JSON strings on the way.
 */
import type { PagerDutyAlert } from './pagerduty-rest-client.ts';

export interface ApiAlarm {
  alarmName?: string;
  /** REST APIs: the ApiName dimension (the API's name, not its id). */
  apiName?: string;
  /** HTTP APIs: the ApiId dimension. */
  apiId?: string;
  stage?: string;
  /** From the AlarmArn; the message's own `Region` is a display name such as "US East (N. Virginia)". */
  region?: string;
  accountId?: string;
}

type Json = Record<string, unknown>;

const MAX_DEPTH = 5;
const ALARM_ARN = /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:(.+)$/;

/** The first alert whose alarm watches an API Gateway metric with an API dimension; null if none. */
export function findApiAlarm(alerts: PagerDutyAlert[]): ApiAlarm | null {
  for (const alert of alerts) {
    for (const candidate of [alert.body?.details, alert.body?.cef_details]) {
      const alarm = findAlarmMessage(candidate, 0);
      const found = alarm ? readAlarm(alarm) : null;
      if (found) return found;
    }
  }
  return null;
}

/** A CloudWatch alarm message is recognised by its Trigger (single metric or metric math). */
function findAlarmMessage(value: unknown, depth: number): Json | null {
  if (depth > MAX_DEPTH) return null;
  const node = typeof value === 'string' ? parseJsonObject(value) : obj(value);
  if (!node) return null;
  if (obj(node['Trigger'])) return node;
  for (const child of Object.values(node)) {
    const found = findAlarmMessage(child, depth + 1);
    if (found) return found;
  }
  return null;
}

function readAlarm(message: Json): ApiAlarm | null {
  const trigger = obj(message['Trigger']) ?? {};
  const metrics: Array<{ namespace?: string; dimensions: unknown }> = [{ namespace: str(trigger['Namespace']), dimensions: trigger['Dimensions'] }];
  // Metric-math alarms list their metrics under Trigger.Metrics[].MetricStat.Metric.
  for (const item of Array.isArray(trigger['Metrics']) ? trigger['Metrics'] : []) {
    const metric = obj(obj(obj(item)?.['MetricStat'])?.['Metric']);
    if (metric) metrics.push({ namespace: str(metric['Namespace']), dimensions: metric['Dimensions'] });
  }
  for (const metric of metrics) {
    if (metric.namespace !== undefined && metric.namespace !== 'AWS/ApiGateway') continue;
    const dims = dimensionsOf(metric.dimensions);
    const apiName = dims.get('apiname');
    const apiId = dims.get('apiid');
    if (!apiName && !apiId) continue;
    const arn = ALARM_ARN.exec(str(message['AlarmArn']) ?? '');
    const accountId = arn?.[2] ?? str(message['AWSAccountId']);
    const alarmName = str(message['AlarmName']) ?? arn?.[3];
    const stage = dims.get('stage');
    return {
      ...(alarmName ? { alarmName } : {}),
      ...(apiName ? { apiName } : {}),
      ...(apiId ? { apiId } : {}),
      ...(stage ? { stage } : {}),
      ...(arn?.[1] ? { region: arn[1] } : {}),
      ...(accountId ? { accountId } : {}),
    };
  }
  return null;
}

/** CloudWatch writes `[{name, value}]` in alarm messages and `[{Name, Value}]` elsewhere. */
function dimensionsOf(value: unknown): Map<string, string> {
  const dims = new Map<string, string>();
  for (const item of Array.isArray(value) ? value : []) {
    const d = obj(item);
    const name = str(d?.['name']) ?? str(d?.['Name']);
    const val = str(d?.['value']) ?? str(d?.['Value']);
    if (name && val) dims.set(name.toLowerCase(), val);
  }
  return dims;
}

function parseJsonObject(text: string): Json | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    return obj(JSON.parse(trimmed));
  } catch {
    return null;
  }
}

function obj(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
