/**
 * Which API a PagerDuty incident is about: the service mapping in the configuration first, then
 * the CloudWatch alarm in the incident's alerts (when a REST token is set). When neither tells,
 * the answer is null and the thread asks a person. A mapping written as a name or URL, and a REST
 * alarm's ApiName that `apiNames` does not list, are looked up in AWS as the slash command does;
 * a name that fits several APIs is asked about, never guessed.
 */
import type { Logger } from 'pino';
import { apiNameSchemaPattern, type ApiTarget } from '../../core/api/parse-api-target.ts';
import { DiagnoseError } from '../../core/errors/diagnose-error.ts';
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
  /** Looks a name or custom-domain URL up in AWS (resolveApiTarget); without it only ids and invoke URLs place an incident. */
  resolveTarget?: (target: ApiTarget) => Promise<ApiRef>;
  logger?: Pick<Logger, 'warn'>;
}

export async function resolveIncidentApi(incident: PagerDutyIncident, deps: ResolveIncidentApiDeps): Promise<ApiResolution> {
  const mapped = deps.settings.services[incident.service.id];
  if (mapped && !('kind' in mapped)) return { ref: mapped, source: 'service' };
  if (mapped) {
    const looked = await lookUp(withRegion(mapped, deps), deps);
    if ('ref' in looked) return { ref: looked.ref, source: 'service' };
    return { ref: null, reason: `service ${incident.service.summary ?? incident.service.id} is mapped to ${describeTarget(mapped)}, but ${looked.problem}` };
  }
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
  if (!apiId) return byAlarmName(alarm, deps);
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

/** A REST alarm names its API; find the id by that name in the alarm's region. */
async function byAlarmName(alarm: ApiAlarm, deps: ResolveIncidentApiDeps): Promise<ApiResolution> {
  const unlisted = `the alarm names API "${alarm.apiName}", which is not listed under pagerduty.apiNames`;
  if (!alarm.apiName || !alarm.stage || !deps.resolveTarget || !apiNameSchemaPattern.test(alarm.apiName)) return { ref: null, reason: unlisted, alarm };
  const looked = await lookUp({ kind: 'name', name: alarm.apiName, stage: alarm.stage, region: alarm.region ?? deps.defaultRegion }, deps);
  if ('ref' in looked) return { ref: looked.ref, source: 'alarm', alarm };
  return { ref: null, reason: `${unlisted}, and looking it up failed: ${looked.problem}`, alarm };
}

/** Ids and invoke URLs need no AWS call; names and domains do. Lookup failures become a reason to ask. */
async function lookUp(target: ApiTarget, deps: ResolveIncidentApiDeps): Promise<{ ref: ApiRef } | { problem: string }> {
  if (target.kind === 'id' || target.kind === 'invoke-url') {
    const ref = apiRefSchema.safeParse({ ...target, region: target.region ?? deps.defaultRegion });
    return ref.success ? { ref: ref.data } : { problem: ref.error.issues[0]?.message ?? 'it is not a valid API' };
  }
  if (!deps.resolveTarget) return { problem: 'names and custom domains cannot be looked up here' };
  try {
    return { ref: await deps.resolveTarget(target) };
  } catch (error) {
    // Not found, ambiguous, denied, throttled: all are answered by asking a person, with the reason.
    if (error instanceof DiagnoseError) return { problem: error.message };
    throw error;
  }
}

/** An id mapped without a region takes the API's configured region before the default. */
function withRegion(target: ApiTarget, deps: ResolveIncidentApiDeps): ApiTarget {
  if (target.kind !== 'id' || target.region) return target;
  return { ...target, region: deps.config.apis?.[target.apiId]?.region ?? deps.defaultRegion };
}

function describeTarget(target: ApiTarget): string {
  switch (target.kind) {
    case 'id':
      return `API ${target.apiId} stage ${target.stage}`;
    case 'name':
      return `the API named "${target.name}" (stage ${target.stage})`;
    case 'invoke-url':
      return `API ${target.apiId} stage ${target.stage}`;
    case 'domain-url':
      return `https://${target.hostname}${target.path}`;
  }
}
