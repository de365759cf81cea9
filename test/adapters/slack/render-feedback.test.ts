/** Feedback under verdicts, the real-cause question, similar incidents, App Home and the summary's new sections. */
import { describe, expect, it } from 'vitest';
import { decodeButtonValue } from '../../../src/adapters/slack/action-ids.ts';
import {
  diagnosisIdFromFeedbackBlockId,
  renderAppHome,
  renderSimilarIncidentsMessage,
  renderSummaryMarkdown,
  renderTrueCauseQuestion,
  renderVerdictMessage,
  type HomeDiagnosis,
  type SimilarIncidentLink,
} from '../../../src/adapters/slack/index.ts';
import { validateBlocks, validateHomeView } from '../../../src/tools/block-kit-check/validate-blocks.ts';
import type { DiagnosisLabel } from '../../../src/core/feedback/diagnosis-label.ts';
import { summarizeAccuracy } from '../../../src/core/feedback/summarize-accuracy.ts';
import { caseView } from './view-builders.ts';

const SG = 'sg-0a1b2c3d4e5f60718';
const wrong: DiagnosisLabel = {
  predictedCause: 'timeout',
  confidence: 0.74,
  trueCause: 'network',
  source: 'corrected',
  by: 'U0BOB',
  at: '2026-11-12T11:00:00.000Z',
  note: 'restored the <ingress> rule & redeployed',
};

type Block = { type: string; block_id?: string; elements?: Array<Record<string, unknown>> };

describe('feedback under the verdict', () => {
  it('ends the verdict with 👍/👎 feedback buttons carrying the diagnosis and which button', () => {
    // Act
    const message = renderVerdictMessage(caseView('timeout'));
    // Assess
    expect(validateBlocks(message.blocks)).toEqual([]);
    const block = (message.blocks as Block[]).find((b) => b.type === 'context_actions')!;
    expect(block.block_id).toBe('d502_feedback');
    const buttons = block.elements![0] as { type: string; positive_button: { value: string; text: { text: string } }; negative_button: { value: string } };
    expect(buttons.type).toBe('feedback_buttons');
    expect(buttons.positive_button.text.text).toBe('👍');
    expect(decodeButtonValue(buttons.positive_button.value)).toEqual({ diagnosisId: 'd-0001', version: 3, feedback: 'up' });
    expect(decodeButtonValue(buttons.negative_button.value)).toMatchObject({ feedback: 'down' });
  });

  it('says who judged the verdict, escaped, and how it counts', () => {
    const message = renderVerdictMessage(caseView('timeout', { labels: [wrong] }));
    expect(validateBlocks(message.blocks)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('👎 <@U0BOB>: the real cause was `network`: _restored the &lt;ingress&gt; rule &amp; redeployed_');
    expect(text).toContain('counted as *wrong*');
  });

  it('asks for the real cause with the seven causes plus other, minus the one it named, and an optional note', () => {
    // Act
    const question = renderTrueCauseQuestion({ diagnosisId: '7c0e1f9a-1111-4222-8333-944445555666', predicted: 'timeout' });
    // Assess
    expect(validateBlocks(question.blocks)).toEqual([]);
    const [, menuBlock, note] = question.blocks as Array<Block & { element?: { type: string }; optional?: boolean }>;
    const options = (menuBlock!.elements![0] as { options: Array<{ value: string }> }).options.map((o) => o.value);
    expect(options).toEqual(['network', 'permission', 'format', 'backend-error', 'none', 'inconclusive', 'other']);
    expect(diagnosisIdFromFeedbackBlockId(menuBlock!.block_id)).toBe('7c0e1f9a-1111-4222-8333-944445555666');
    expect(note).toMatchObject({ type: 'input', optional: true, dispatch_action: true, element: { type: 'plain_text_input' } });
    expect(diagnosisIdFromFeedbackBlockId(note!.block_id)).toBe('7c0e1f9a-1111-4222-8333-944445555666');
    expect(diagnosisIdFromFeedbackBlockId('d502_choose_api:select:x')).toBeNull();
  });
});

describe('similar incidents', () => {
  const link = (over: Partial<SimilarIncidentLink['similar']> = {}, permalink?: string): SimilarIncidentLink => ({
    similar: {
      past: {
        diagnosisId: 'p1',
        at: '2026-11-12T10:00:00.000Z',
        traits: { apiId: 'n3w8v5l2kb', apiName: 'inventory-api', cause: 'network', resources: [] },
        fixVerified: true,
      },
      score: 7,
      shared: [{ kind: 'resource', resource: { kind: 'security-group', id: SG } }, { kind: 'api' }, { kind: 'cause', cause: 'network' }],
      cause: 'network',
      note: 'restored the ingress rule',
      ...over,
    },
    stage: 'prod',
    ...(permalink ? { permalink } : {}),
  });

  it('links each earlier thread with what it shares and how it ended', () => {
    const message = renderSimilarIncidentsMessage([link({}, 'https://local.slack.com/archives/C0INCIDENT/p1700000000000100')])!;
    expect(validateBlocks(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain(
      `• <https://local.slack.com/archives/C0INCIDENT/p1700000000000100|12 Nov> · inventory-api prod · same security group \`${SG}\`, same API · \`network\` · fixed: _restored the ingress rule_ (verified)`,
    );
    expect(message.text).toMatch(/^Similar: 12 Nov inventory-api, network/);
  });

  it('shows an earlier verdict people marked wrong as wrong', () => {
    const message = renderSimilarIncidentsMessage([
      link({ judged: 'wrong', past: { diagnosisId: 'p2', at: '2026-11-02T10:00:00.000Z', traits: { apiId: 'x', cause: 'timeout', resources: [] } } }),
    ])!;
    expect(JSON.stringify(message.blocks)).toContain('said `timeout`, *marked wrong*: really `network`');
    expect(renderSimilarIncidentsMessage([])).toBeNull();
  });
});

describe('App Home', () => {
  const diagnosis = (i: number, over: Partial<HomeDiagnosis> = {}): HomeDiagnosis => ({
    diagnosisId: `d-${i}`,
    api: `api-${i}-${'x'.repeat(60)}`,
    stage: 'prod',
    region: 'us-east-1',
    phase: 'verdict',
    cause: 'timeout',
    confidence: 0.8,
    requestedAt: new Date(Date.parse('2026-11-22T10:00:00.000Z') - i * 3_600_000).toISOString(),
    permalink: `https://local.slack.com/archives/C0INCIDENT/p17000000000${String(i).padStart(5, '0')}`,
    ...over,
  });

  it('stays within the 100 blocks and text limits with many open diagnoses and verdicts', () => {
    // Prepare
    const many = Array.from({ length: 60 }, (_, i) => diagnosis(i, i === 1 ? { labels: [wrong] } : {}));
    // Act
    const view = renderAppHome({
      now: new Date('2026-11-22T12:00:00.000Z'),
      open: many,
      recent: many,
      accuracy: summarizeAccuracy(many.map((d) => ({ cause: d.cause!, ...(d.labels ? { labels: d.labels } : {}) }))),
      commands: ['`/diagnose-502 <api-id> <stage> [region]`: diagnose an API'],
    });
    // Assess
    expect(validateHomeView(view)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('and 35 more open diagnoses');
    expect(text).toContain('👎 wrong: really `network`');
    expect(text).toContain('`timeout`: 60 verdicts · 1 labelled · 0 right · 1 wrong (0 % right)');
    expect(text.match(/• <!date/g)).toHaveLength(20);
  });

  it('says so when nothing is open or judged', () => {
    const view = renderAppHome({ now: new Date(), open: [], recent: [], accuracy: summarizeAccuracy([]), commands: ['x'] });
    expect(validateHomeView(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('Nothing open');
    expect(validateHomeView({ type: 'modal', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) })).toEqual([
      '[ERROR] must be home [json-pointer:/view/type]',
      '[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]',
    ]);
  });
});

describe('postmortem summary', () => {
  it('lists the labels and the similar incidents', () => {
    const similar: SimilarIncidentLink = {
      similar: {
        past: { diagnosisId: 'p1', at: '2026-11-02T10:00:00.000Z', traits: { apiId: 'n3w8v5l2kb', apiName: 'inventory-api', cause: 'timeout', resources: [] } },
        score: 4,
        shared: [{ kind: 'resource', resource: { kind: 'security-group', id: SG } }],
        cause: 'network',
        judged: 'wrong',
      },
      permalink: 'https://local.slack.com/archives/C0INCIDENT/p1700000000000100',
    };
    const markdown = renderSummaryMarkdown(caseView('timeout', { labels: [wrong] }), { similar: [similar] });
    expect(markdown).toContain('## Feedback and labels');
    expect(markdown).toContain('@U0BOB: 👎 corrected; predicted **timeout** (74 %), true cause **network** — restored the \\<ingress\\> rule & redeployed');
    expect(markdown).toContain("Counted as **wrong** in the bot's accuracy.");
    expect(markdown).toContain(
      `- [2 Nov](https://local.slack.com/archives/C0INCIDENT/p1700000000000100) · inventory-api · same security-group ${SG} · said timeout, marked wrong: really **network**`,
    );
    expect(markdown).toMatch(/@U0BOB: 👎 real cause: network/);
  });
});

describe('validateBlocks on the new elements', () => {
  it('refuses more than five context actions and anything but feedback or icon buttons there', () => {
    const fb = {
      type: 'feedback_buttons',
      positive_button: { text: { type: 'plain_text', text: '👍' }, value: 'a' },
      negative_button: { text: { type: 'plain_text', text: '👎' }, value: 'b' },
    };
    expect(validateBlocks([{ type: 'context_actions', elements: Array.from({ length: 6 }, (_, i) => ({ ...fb, action_id: `f${i}` })) }])).toEqual([
      '[ERROR] no more than 5 items allowed [json-pointer:/blocks/0/elements]',
    ]);
    expect(validateBlocks([{ type: 'context_actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'x' } }] }])).toEqual([
      '[ERROR] must be feedback_buttons or icon_button [json-pointer:/blocks/0/elements/0/type]',
    ]);
    expect(validateBlocks([{ type: 'context_actions', elements: [{ ...fb, negative_button: { text: { type: 'mrkdwn', text: 'no' }, value: '' } }] }])).toEqual([
      '[ERROR] must be plain_text [json-pointer:/blocks/0/elements/0/negative_button/text/type]',
      '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/elements/0/negative_button/value]',
    ]);
  });

  it('checks select options and input labels', () => {
    const select = {
      type: 'static_select',
      action_id: 's',
      options: [
        { text: { type: 'plain_text', text: 'a' }, value: 'v' },
        { text: { type: 'plain_text', text: 'b' }, value: 'v' },
      ],
    };
    expect(validateBlocks([{ type: 'actions', elements: [select] }])).toEqual([
      '[ERROR] duplicate option value: v [json-pointer:/blocks/0/elements/0/options/1/value]',
    ]);
    expect(
      validateBlocks([{ type: 'input', label: { type: 'plain_text', text: 'x'.repeat(2001) }, element: { type: 'plain_text_input', max_length: 5000 } }]),
    ).toEqual([
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/label/text]',
      '[ERROR] must be an integer from 1 to 3000 [json-pointer:/blocks/0/element/max_length]',
    ]);
  });
});
