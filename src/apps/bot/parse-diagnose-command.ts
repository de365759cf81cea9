/**
 * Reads the text after `/diagnose-502`. Strict on purpose: the values end up in AWS API calls,
 * log-group names and filter patterns, so anything but an API id, a stage and a region is turned
 * away with the usage, before any AWS call, and nothing the user typed is echoed back.
 */
import { apiIdSchema, regionSchema, stageSchema } from '../../core/api/api-ref.ts';

/** Longer than any valid command text could be; longer input is refused unread. */
const MAX_TEXT = 200;

export const DIAGNOSE_USAGE = [
  'Usage: `/diagnose-502 <api-id> <stage> [region]`',
  'Example: `/diagnose-502 a1b2c3d4e5 prod eu-west-1`',
  'The API id is the 10-character id in the API Gateway console (or in the invoke URL `https://<api-id>.execute-api…`). The region defaults to the one configured for the API, else the bot’s default.',
].join('\n');

export type ParsedDiagnoseCommand = { ok: true; apiId: string; stage: string; region?: string } | { ok: false; problem: string };

export function parseDiagnoseCommand(text: string | undefined): ParsedDiagnoseCommand {
  const raw = (text ?? '').trim();
  if (raw.length === 0 || raw === 'help') return { ok: false, problem: 'Tell me which API and stage to diagnose.' };
  if (raw.length > MAX_TEXT) return { ok: false, problem: `That is too long for an API id, a stage and a region (${raw.length} characters).` };
  const words = raw.split(/\s+/);
  if (words.length < 2) return { ok: false, problem: 'The stage is missing.' };
  if (words.length > 3) return { ok: false, problem: `Expected at most 3 values, got ${words.length}.` };
  const [apiIdWord, stageWord, regionWord] = words as [string, string, string | undefined];
  // People paste ids from URLs in any case; API ids are lowercase.
  const apiId = apiIdWord.toLowerCase();
  if (!apiIdSchema.safeParse(apiId).success) return { ok: false, problem: 'The first value is not an API id (10 lowercase letters or digits).' };
  if (!stageSchema.safeParse(stageWord).success)
    return { ok: false, problem: 'The second value is not a stage name (letters, digits, "-" or "_", or $default).' };
  if (regionWord !== undefined && !regionSchema.safeParse(regionWord).success) {
    return { ok: false, problem: 'The third value is not an AWS region (like `eu-west-1`).' };
  }
  return { ok: true, apiId, stage: stageWord, ...(regionWord ? { region: regionWord } : {}) };
}

export function usageText(problem: string): string {
  return `${problem}\n${DIAGNOSE_USAGE}`;
}
