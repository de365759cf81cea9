/**
 * Table and markdown blocks end to end: the evidence's changes go out as a table and the runbook's
 * guidance as a markdown block; where Slack refuses those types (`invalid_blocks`, as the
 * stand-in answers when told to), the bot sends the same message in section blocks once, and
 * sends the section form first from then on. Every message the stand-in stored is valid Block Kit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { validateBlocks } from '../../../src/tools/block-kit-check/validate-blocks.ts';
import { CHANNEL, diagnoseAndRead, SIGNING_SECRET, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';
import { feedbackPressBody } from '../../helpers/slack/feedback-requests.ts';
import { postSigned } from '../../helpers/slack/sign-slack-request.ts';

const NETWORK_API = 'n3w8v5l2kb';
const TIMEOUT_API = 'k7x2m9q4ta';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const typesOf = (blocks: unknown[] | undefined) => (blocks ?? []).map((b) => (b as { type: string }).type);
const refusals = (harness: BotHarness) => harness.slack.calls.filter((c) => c.error === 'invalid_blocks');

describe('table and markdown blocks', { timeout: 60_000 }, () => {
  it('sends the changes as a table and the guidance as a markdown block where Slack takes them', async () => {
    // Prepare
    h = await startBotHarness();

    // Act
    const thread = await diagnoseAndRead(h, NETWORK_API);

    // Assess
    const evidence = thread.find((m) => m.text.startsWith('Evidence for'))!;
    const verdict = thread.find((m) => m.text.startsWith('Verdict for'))!;
    expect(typesOf(evidence.blocks)).toContain('table');
    expect(typesOf(verdict.blocks)).toContain('markdown');
    const table = evidence.blocks!.find((b) => (b as { type: string }).type === 'table') as { rows: Array<Array<{ text: string }>> };
    expect(table.rows[0]!.map((c) => c.text)).toEqual(['Time (UTC)', 'Before onset', 'Who', 'Change']);
    expect(table.rows.length).toBeGreaterThan(1);
    expect(refusals(h)).toEqual([]);
    for (const m of thread) expect(validateBlocks(m.blocks ?? []), m.text).toEqual([]);
  });

  it('falls back to section blocks once on invalid_blocks, then sends them first', async () => {
    // Prepare: a Slack that knows neither block type
    h = await startBotHarness({ slack: { unsupportedBlockTypes: ['table', 'markdown'] } });

    // Act: two diagnoses, so later messages show whether the refusal was remembered
    const first = await diagnoseAndRead(h, NETWORK_API);
    const second = await diagnoseAndRead(h, TIMEOUT_API);

    // Assess
    expect(refusals(h)).toHaveLength(1);
    for (const thread of [first, second]) {
      const evidence = thread.find((m) => m.text.startsWith('Evidence for'))!;
      const verdict = thread.find((m) => m.text.startsWith('Verdict for'))!;
      for (const m of [evidence, verdict]) {
        expect(typesOf(m.blocks)).not.toContain('table');
        expect(typesOf(m.blocks)).not.toContain('markdown');
        expect(typesOf(m.blocks)).toContain('section');
        expect(validateBlocks(m.blocks ?? []), m.text).toEqual([]);
      }
      // The section form says the same: the guidance and the changes are there, not just the plain text.
      expect(textOf(verdict)).toMatch(/🔧 \*(How to fix|To get further)\*/);
      expect(textOf(evidence)).toContain('Changes');
    }

    // Act: 👍 on the first verdict, which redraws it with the label outside the thread sync
    const verdict = first.find((m) => m.text.startsWith('Verdict for'))!;
    const edits = verdict.edits.length;
    const press = feedbackPressBody({ user: 'U0ALICE', message: verdict, responseUrl: h.slack.responseUrl(CHANNEL, 'U0ALICE') }, 'positive');
    expect((await postSigned(h.eventsUrl(), press, { signingSecret: SIGNING_SECRET })).status).toBe(200);
    await h.bot.idle();

    // Assess: redrawn in sections, with who judged it
    expect(verdict.edits.length).toBeGreaterThan(edits);
    expect(typesOf(verdict.blocks)).not.toContain('markdown');
    expect(textOf(verdict)).toContain('U0ALICE');
    expect(validateBlocks(verdict.blocks ?? [])).toEqual([]);
  });
});
