/**
 * The scan's answer: every failing API stage, most 5xx first, with its rate, severity tier and
 * onset, and a Diagnose button that starts the normal diagnosis of that stage. Names come from
 * AWS, so they are escaped; the button value is the API's ref as JSON, checked again on press.
 */
import type { KnownBlock } from '@slack/types';
import { apiRefSchema, type ApiRef } from '../../core/api/api-ref.ts';
import type { FailingApi } from '../../core/scan/failing-api.ts';
import { num, pct, utcTime } from '../../core/view/format-values.ts';
import type { SlackMessage } from '../../core/view/diagnosis-view.ts';
import { ACTION_IDS } from './action-ids.ts';
import { escapeMrkdwn, inlineCode } from './escape-mrkdwn.ts';

/** Slack allows 50 blocks; the list keeps room for the header and the "more" line. */
const MAX_LISTED = 20;

const SEVERITY_ICON: Record<FailingApi['severity'], string> = { critical: '🔴', high: '🟠', elevated: '🟡', normal: '⚪', none: '⚪' };

export interface ScanMessageInput {
  apis: readonly FailingApi[];
  sinceMinutes: number;
  places: number;
  /** Regions or accounts that could not be read. */
  problems: ReadonlyArray<{ region: string; account?: string; message: string }>;
}

export function renderScanMessage(input: ScanMessageInput): SlackMessage {
  const { apis, sinceMinutes } = input;
  const where = `${input.places} region${input.places === 1 ? '' : 's'} scanned`;
  const blocks: KnownBlock[] = [];
  const headline =
    apis.length === 0
      ? `No REST or HTTP API stage returned 5xx in the last ${sinceMinutes} minutes (${where}).`
      : `*${apis.length} API stage${apis.length === 1 ? '' : 's'} returned 5xx* in the last ${sinceMinutes} minutes (${where}), most 5xx first:`;
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: headline } });
  for (const api of apis.slice(0, MAX_LISTED)) {
    const line =
      `${SEVERITY_ICON[api.severity]} *${escapeMrkdwn(api.name)}* ${inlineCode(api.stage)} · ${api.type === 'rest' ? 'REST' : 'HTTP'} ${inlineCode(api.id || '?')} · ${inlineCode(api.region)}\n` +
      `${num(api.errors5xx)} 5xx of ${num(api.requests)} requests (${pct(api.rate, 1)}) · ${api.severity}` +
      (api.onset ? ` · since ${utcTime(api.onset)} UTC` : '');
    const ref = api.id ? apiRefSchema.safeParse({ apiId: api.id, stage: api.stage, region: api.region }) : undefined;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: line },
      ...(ref?.success
        ? {
            accessory: { type: 'button', action_id: ACTION_IDS.scanDiagnose, text: { type: 'plain_text', text: 'Diagnose' }, value: scanButtonValue(ref.data) },
          }
        : {}),
    });
  }
  if (apis.length > MAX_LISTED) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${apis.length - MAX_LISTED} more with fewer 5xx.` }] });
  for (const p of input.problems.slice(0, 5)) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:warning: ${inlineCode(p.region)}${p.account ? ` (account ${inlineCode(p.account)})` : ''} not scanned: ${escapeMrkdwn(p.message.slice(0, 300))}`,
        },
      ],
    });
  }
  const text =
    apis.length === 0
      ? `No API returned 5xx in the last ${sinceMinutes} minutes.`
      : `${apis.length} API stages returned 5xx in the last ${sinceMinutes} minutes.`;
  return { text, blocks };
}

export function scanButtonValue(ref: ApiRef): string {
  return JSON.stringify({ apiId: ref.apiId, stage: ref.stage, region: ref.region });
}

/** The ref a Diagnose button carries, validated like typed input; null when it is not one. */
export function readScanButtonValue(raw: string | undefined): ApiRef | null {
  try {
    const parsed = apiRefSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
