/**
 * Reads an answer to "which API is this incident about?": `<api-id> <stage> [region]`, the value
 * of a menu option or what someone typed. The region defaults to the configured one for that API.
 */
import { apiRefSchema, type ApiRef } from '../../core/api/api-ref.ts';
import type { AccessConfig } from '../config/access-config-schema.ts';

export type ApiChoice = { ok: true; ref: ApiRef } | { ok: false; message: string };

export const API_CHOICE_USAGE = 'Type `<api-id> <stage> [region]`, e.g. `k7x2m9q4ta prod us-east-1`.';

export function parseApiChoice(text: string, config: AccessConfig, defaultRegion: string): ApiChoice {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length < 2 || words.length > 3) return { ok: false, message: `That is not an API and stage. ${API_CHOICE_USAGE}` };
  const [apiId, stage, region] = words as [string, string, string | undefined];
  const parsed = apiRefSchema.safeParse({ apiId, stage, region: region ?? config.apis?.[apiId]?.region ?? defaultRegion });
  if (!parsed.success) return { ok: false, message: `${parsed.error.issues[0]?.message ?? 'invalid'}. ${API_CHOICE_USAGE}` };
  return { ok: true, ref: parsed.data };
}

/** The menu value for an API: the same words someone would type. */
export function apiChoiceValue(ref: ApiRef): string {
  return `${ref.apiId} ${ref.stage} ${ref.region}`;
}
