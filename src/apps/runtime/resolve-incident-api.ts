/**
 * Which API a PagerDuty incident is about: the service mapping in the configuration first, then
 * the CloudWatch alarm in the incident's alerts (when a REST token is set). When neither tells,
 * the answer is null and the thread asks a person.
 */
import type { Logger } from 'pino';
import { apiIdSchema, apiRefSchema, type ApiRef } from '../../core/api/api-ref.ts';
import type { AccessConfig } from '../../adapters/config/access-config-schema.ts';
import { findApiAlarm, type ApiAlarm } from '../../adapters/pagerduty/find-api-alarm.ts';
import type { PagerDutyRestClient } from '../../adapters/pagerduty/pagerduty-rest-client.ts';
import type { PagerDutyIncident } from '../../adapters/pagerduty/pagerduty-webhook-schema.ts';
import type { PagerDutySettings } from '../../adapters/config/read-pagerduty-settings.ts';

export type ApiResolution =
  | { ref: ApiRef; source: 'service' | 'alarm'; alarm?: ApiAlarm }
  /** `alarm` is what was learned anyway (e.g. the stage), to pre-select in the question. */
  | { ref: null; reason: string; alarm?: ApiAlarm };

export interface ResolveIncidentApiDeps {
  settings: PagerDutySettings;
  config: AccessConfig;
  rest?: Pick<PagerDutyRestClient, 'listIncidentAlerts'>;
  defaultRegion: string;
  logger?: Pick<Logger, 'warn'>;
}

export async function resolveIncidentApi(incident: PagerDutyIncident, deps: ResolveIncidentApiDeps): Promise<ApiResolution> {
  const mapped = deps.settings.services[incident.service.id];
  if (mapped) return { ref: mapped, source: 'service' };
  if (!deps.rest) return { ref: null, reason: `service ${incident.service.summary ?? incident.service.id} is not mapped to an API under pagerduty.services` };

  let alarm: ApiAlarm | null;
  try {
    alarm = findApiAlarm(await deps.rest.listIncidentAlerts(incident.id));
  } catch (error) {
    deps.logger?.warn({ err: error, incidentId: incident.id }, 'could not read the incident alerts from PagerDuty');
    return { ref: null, reason: `PagerDuty did not give the incident's alerts (${(error as Error).message})` };
  }
  if (!alarm) return { ref: null, reason: 'no alert of the incident comes from a CloudWatch alarm on an API Gateway metric' };

  const apiId = apiIdOf(alarm, deps);
  if (!apiId) return { ref: null, reason: `the alarm names API "${alarm.apiName}", which is not listed under pagerduty.apiNames`, alarm };
  if (!alarm.stage) return { ref: null, reason: `the alarm on API ${apiId} has no Stage dimension`, alarm };
  const candidate = { apiId, stage: alarm.stage, region: alarm.region ?? deps.config.apis?.[apiId]?.region ?? deps.defaultRegion };
  const ref = apiRefSchema.safeParse(candidate);
  if (!ref.success) return { ref: null, reason: `the alarm's dimensions do not name a valid API (${ref.error.issues[0]?.message ?? 'invalid'})`, alarm };
  return { ref: ref.data, source: 'alarm', alarm };
}

/** HTTP API alarms carry the id; REST API alarms carry the name, which the config maps to an id. */
function apiIdOf(alarm: ApiAlarm, deps: ResolveIncidentApiDeps): string | undefined {
  if (alarm.apiId && apiIdSchema.safeParse(alarm.apiId).success) return alarm.apiId;
  if (!alarm.apiName) return undefined;
  const named = deps.settings.apiNames[alarm.apiName];
  if (named) return named;
  // A REST API whose name has no ASCII characters is reported under its id (restMetricApiName).
  if (deps.config.apis?.[alarm.apiName]) return alarm.apiName;
  return undefined;
}
