/**
 * Reads the text after `/diagnose-502`. Strict on purpose: the values end up in AWS API calls,
 * log-group names and filter patterns, so anything but a scan, an API id, a name or a URL (see
 * parseApiTarget) is turned away with the usage, before any AWS call, and nothing the user typed
 * is echoed back.
 */
import { regionSchema } from '../../core/api/api-ref.ts';
import { parseApiTarget, type ApiTarget } from '../../core/api/parse-api-target.ts';

/** Longer than any valid command text could be (a URL included); longer input is refused unread. */
const MAX_TEXT = 1100;

export const DIAGNOSE_USAGE = [
  'Usage: `/diagnose-502 <api-id> <stage> [region]`',
  '   or: `/diagnose-502 <api-name> <stage> [region]`, `/diagnose-502 <url> [region]`',
  '   or: `/diagnose-502` (or `/diagnose-502 scan [region]`) to list the APIs returning 5xx now',
  'Example: `/diagnose-502 a1b2c3d4e5 prod eu-west-1`, `/diagnose-502 checkout-api prod`, `/diagnose-502 https://api.example.com/v2/orders`',
  'The API id is the 10-character id in the API Gateway console (or in the invoke URL `https://<api-id>.execute-api…`). A URL’s path becomes the focus of the diagnosis. The region defaults to the one configured for the API, else the bot’s default.',
].join('\n');

export type ParsedDiagnoseCommand =
  | { ok: true; kind: 'scan'; region?: string }
  | { ok: true; kind: 'target'; target: ApiTarget }
  | { ok: false; problem: string };

export function parseDiagnoseCommand(text: string | undefined): ParsedDiagnoseCommand {
  const raw = (text ?? '').trim();
  if (raw === 'help') return { ok: false, problem: 'Tell me which API: its id, its name, or a URL it serves.' };
  if (raw.length > MAX_TEXT) return { ok: false, problem: `That is too long for an API and a stage (${raw.length} characters).` };
  const words = raw === '' ? [] : raw.split(/\s+/);
  if (words.length === 0) return { ok: true, kind: 'scan' };
  if (words[0]?.toLowerCase() === 'scan') {
    if (words.length > 2) return { ok: false, problem: 'After `scan`, give at most a region.' };
    const region = words[1];
    if (region !== undefined && !regionSchema.safeParse(region).success)
      return { ok: false, problem: 'The value after `scan` is not an AWS region (like `eu-west-1`).' };
    return { ok: true, kind: 'scan', ...(region ? { region } : {}) };
  }
  const parsed = parseApiTarget(words);
  return parsed.ok ? { ok: true, kind: 'target', target: parsed.target } : parsed;
}

export function usageText(problem: string): string {
  return `${problem}\n${DIAGNOSE_USAGE}`;
}
