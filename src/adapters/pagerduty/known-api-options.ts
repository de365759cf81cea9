/**
 * The APIs the "which API?" menu offers: every API a PagerDuty service is mapped to, and the
 * configured APIs when the alarm told the stage (an option must name one). Slack allows 100.
 */
import type { ApiRef } from '../../core/api/api-ref.ts';
import type { AccessConfig } from '../config/access-config-schema.ts';
import type { ApiAlarm } from './find-api-alarm.ts';
import { apiChoiceValue } from './parse-api-choice.ts';
import type { PagerDutySettings } from '../config/read-pagerduty-settings.ts';

export interface ApiOption {
  /** At most 75 characters (Slack's limit for an option's text). */
  label: string;
  /** At most 150 characters; parsed by parseApiChoice. */
  value: string;
}

const MAX_OPTIONS = 100;
const MAX_LABEL = 75;

export function knownApiOptions(settings: PagerDutySettings, config: AccessConfig, alarm?: ApiAlarm): ApiOption[] {
  const nameOf = new Map(Object.entries(settings.apiNames).map(([name, id]) => [id, name]));
  const refs = new Map<string, ApiRef>();
  const add = (ref: ApiRef) => refs.set(apiChoiceValue(ref), ref);
  for (const mapped of Object.values(settings.services)) {
    // Names and domains need a lookup; the menu offers only what it can name without one.
    if (!('kind' in mapped)) add(mapped);
    else if (mapped.kind === 'invoke-url') add({ apiId: mapped.apiId, stage: mapped.stage, region: mapped.region });
    else if (mapped.kind === 'id') add({ apiId: mapped.apiId, stage: mapped.stage, region: mapped.region ?? config.apis?.[mapped.apiId]?.region ?? '' });
  }
  if (alarm?.stage) {
    for (const [apiId, entry] of Object.entries(config.apis ?? {})) add({ apiId, stage: alarm.stage, region: entry.region });
    for (const apiId of Object.values(settings.apiNames)) add({ apiId, stage: alarm.stage, region: config.apis?.[apiId]?.region ?? alarm.region ?? '' });
  }
  return [...refs.values()]
    .filter((ref) => ref.region !== '')
    .slice(0, MAX_OPTIONS)
    .map((ref) => {
      const name = nameOf.get(ref.apiId);
      const label = `${name ? `${name} (${ref.apiId})` : ref.apiId} · ${ref.stage} · ${ref.region}`;
      return { label: label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label, value: apiChoiceValue(ref) };
    });
}
