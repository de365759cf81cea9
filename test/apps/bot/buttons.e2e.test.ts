/**
 * Buttons end to end: presses update the thread in place, concurrent presses are all kept, stale
 * presses get an ephemeral note, and buttons posted before a restart still work afterwards.
 * Simulated AWS: the backend-error scenario (API b4e7r2x9le), whose stage has X-Ray tracing on,
 * so the checklist has two manual steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisContext } from '../../../machines/diagnosis-types.ts';
import { ACTION_IDS, ANSWER_STEP_PATTERN, decodeButtonValue } from '../../../src/adapters/slack/action-ids.ts';
import type { StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';
import { SqliteStateStore } from '../../../src/adapters/store/sqlite-state-store.ts';
import { CHANNEL, findButton, SIGNING_SECRET, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';
import { blockActionsBody, postSigned } from '../../helpers/slack/sign-slack-request.ts';

const API = 'b4e7r2x9le';
const TIMEOUT_API = 'k7x2m9q4ta';

let h: BotHarness;
let parent: StoredMessage;
let diagnosisId: string;

const thread = () => h.slack.state.thread(CHANNEL, parent.ts);
const stepMessage = (title: RegExp) => thread().find((m) => m.text.startsWith('Checklist:') && title.test(m.text))!;
const verdictMessage = () => thread().find((m) => m.text.startsWith('Verdict for'))!;
const answerTo = (answer: string) => (value: string) => decodeButtonValue(value)?.answer === answer;
/** The message as it looked before its first edit: what someone with a stale screen would press. */
const asFirstPosted = (m: StoredMessage): StoredMessage => ({ ...m, text: m.edits[0]?.text ?? m.text, blocks: m.edits[0]?.blocks ?? m.blocks });

async function stored() {
  const store = new SqliteStateStore({ path: h.stateDb });
  try {
    const record = (await store.get(diagnosisId))!;
    return { record, context: (record.snapshot as { context: DiagnosisContext }).context };
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  h = await startBotHarness();
  await h.command(`${API} prod`);
  await h.bot.idle();
  parent = h.parents().find((m) => textOf(m).includes(API))!;
  diagnosisId = decodeButtonValue(findButton(verdictMessage(), ACTION_IDS.recheck)!.value)!.diagnosisId;
});
afterAll(async () => h?.close());

describe('checklist and verdict buttons', () => {
  it('refuses a press carrying this diagnosis from another channel: nothing changes (issue 11, finding 16)', async () => {
    // Prepare: the recheck button's value, replayed from a channel the diagnosis is not in.
    const button = findButton(verdictMessage(), ACTION_IDS.summary)!;
    const recheck = findButton(verdictMessage(), ACTION_IDS.recheck)!;
    const before = await stored();
    const filesBefore = thread().flatMap((m) => m.files).length;
    h.sim.resetCalls();

    // Act
    for (const [actionId, value] of [
      [ACTION_IDS.recheck, recheck.value],
      [ACTION_IDS.summary, button.value],
    ] as const) {
      const body = blockActionsBody({
        actionId,
        value,
        userId: 'U0MALLORY',
        channelId: 'C0ELSEWHERE',
        messageTs: '1700000000.000100',
        responseUrl: h.slack.responseUrl('C0ELSEWHERE', 'U0MALLORY'),
      });
      expect((await postSigned(h.eventsUrl(), body, { signingSecret: SIGNING_SECRET })).status).toBe(200);
    }
    await h.bot.idle();

    // Assess
    const after = await stored();
    expect(after.record.version).toBe(before.record.version);
    expect(h.sim.calls).toEqual([]);
    expect(thread().flatMap((m) => m.files).length).toBe(filesBefore);
  });

  it('starts from a thread with two open manual steps', () => {
    expect(textOf(verdictMessage())).toMatch(/backend-error/);
    expect(findButton(stepMessage(/directly/), ANSWER_STEP_PATTERN)).toBeDefined();
    expect(findButton(stepMessage(/X-Ray/), ANSWER_STEP_PATTERN)).toBeDefined();
  });

  it('records two presses made at the same moment, on two steps, by two people (no lost update)', async () => {
    // Prepare
    const direct = stepMessage(/directly/);
    const tracing = stepMessage(/X-Ray/);
    const directEdits = direct.edits.length;
    const before = await stored();
    // Act
    const [a, b] = await Promise.all([
      h.press(direct, ANSWER_STEP_PATTERN, 'U0ALICE', answerTo('fails-directly')),
      h.press(tracing, ANSWER_STEP_PATTERN, 'U0BOB', answerTo('fails-in-backend')),
    ]);
    await h.bot.idle();
    // Assess
    expect([a.status, b.status]).toEqual([200, 200]);
    const after = await stored();
    expect(after.context.steps.map((s) => [s.step, s.answer, s.by]).sort()).toEqual([
      ['direct-call', 'fails-directly', 'U0ALICE'],
      ['tracing', 'fails-in-backend', 'U0BOB'],
    ]);
    expect(after.record.version).toBeGreaterThan(before.record.version);
    // Updated in place: same messages, now saying who pressed what, without answer buttons.
    const directNow = stepMessage(/directly/);
    expect(directNow.ts).toBe(direct.ts);
    expect(directNow.edits.length).toBeGreaterThan(directEdits);
    expect(textOf(directNow)).toMatch(/<@U0ALICE> answered 'The backend fails or hangs when called directly too'/);
    expect(findButton(directNow, ANSWER_STEP_PATTERN)).toBeUndefined();
    expect(textOf(stepMessage(/X-Ray/))).toMatch(/<@U0BOB> answered 'The trace shows the failure inside the backend'/);
    expect(h.slack.state.ephemeral()).toEqual([]);
  });

  it('answers a press on an already answered step with an ephemeral note and changes nothing', async () => {
    // Prepare: Carol still sees the step as first posted, with its buttons.
    const stale = asFirstPosted(stepMessage(/directly/));
    const before = await stored();
    const updatesBefore = h.slack.calls.filter((c) => c.method === 'chat.update').length;
    // Act
    const res = await h.press(stale, ANSWER_STEP_PATTERN, 'U0CAROL', answerTo('works-directly'));
    await h.bot.idle();
    // Assess
    expect(res.status).toBe(200);
    const [note, ...more] = h.slack.state.ephemeral('U0CAROL');
    expect(more).toEqual([]);
    expect(note?.text).toMatch(/already answered: <@U0ALICE> answered "fails-directly"/);
    expect(note?.threadTs).toBe(parent.ts);
    const after = await stored();
    expect(after.record.version).toBe(before.record.version);
    expect(after.context.steps).toHaveLength(2);
    expect(h.slack.calls.filter((c) => c.method === 'chat.update').length).toBe(updatesBefore);
  });

  it('keeps old buttons working after a restart on the same STATE_DB, through a 429 from Slack', async () => {
    // Prepare: the verdict message and its "Not this" button were posted by the previous process.
    const verdict = verdictMessage();
    const cause = decodeButtonValue(findButton(verdict, ACTION_IDS.rejectHypothesis)!.value)!.cause;
    expect(cause).toBe('backend-error');
    const verdictEdits = verdict.edits.length;
    await h.restart();
    h.slack.rateLimit('chat.update', { times: 1, retryAfterSeconds: 1 });
    // Act
    const res = await h.press(verdict, ACTION_IDS.rejectHypothesis, 'U0DAVE');
    await h.bot.idle();
    // Assess
    expect(res.status).toBe(200);
    const { context } = await stored();
    expect(context.rejected).toEqual(['backend-error']);
    expect(context.timeline.at(-1)).toMatchObject({ by: 'U0DAVE', what: 'ruled out backend-error' });
    expect(verdictMessage().ts).toBe(verdict.ts);
    expect(verdictMessage().edits.length).toBeGreaterThan(verdictEdits);
    expect(h.slack.calls.some((c) => c.method === 'chat.update' && c.status === 429)).toBe(true);
    expect(h.slack.state.ephemeral('U0DAVE')).toEqual([]);
  });

  it('verifies a fix on request and records who asked', async () => {
    await h.press(verdictMessage(), ACTION_IDS.verifyFix, 'U0ALICE');
    await h.bot.idle();
    const { context } = await stored();
    expect(context.verification).toMatchObject({ by: 'U0ALICE' });
    expect(context.timeline.some((t) => t.what === 'asked to verify the fix' && t.by === 'U0ALICE')).toBe(true);
  });

  it('posts the incident summary as a Markdown file in the thread', async () => {
    await h.press(verdictMessage(), ACTION_IDS.summary, 'U0BOB');
    await h.bot.idle();
    const shared = thread().find((m) => m.files.some((f) => f.name.endsWith('.md')));
    const markdown = shared?.files[0]?.bytes?.toString('utf8') ?? '';
    expect(shared?.files[0]?.name).toBe(`incident-summary-${API}-prod.md`);
    expect(markdown).toMatch(/^# /m);
    expect(markdown).toContain('U0DAVE');
    expect(markdown).toMatch(/backend-error/);
  });

  it('resumes a diagnosis whose run was cut short when the bot stopped', async () => {
    // Prepare: a bot that gives up waiting at once leaves the run saved mid-way.
    await h.restart({ settleTimeoutMs: 1 });
    await h.command(`${TIMEOUT_API} prod`);
    await h.bot.idle();
    const cut = h.parents().find((m) => textOf(m).includes(TIMEOUT_API))!;
    expect(h.slack.state.thread(CHANNEL, cut.ts).some((m) => m.text.startsWith('Verdict for'))).toBe(false);
    // Act: a normal restart on the same database.
    await h.restart();
    await h.bot.idle();
    // Assess: the same parent, now with a verdict in its thread.
    const parents = h.parents().filter((m) => textOf(m).includes(TIMEOUT_API));
    expect(parents.map((m) => m.ts)).toEqual([cut.ts]);
    expect(textOf(parents[0]!)).toMatch(/Suspected cause: timeout/);
    expect(h.slack.state.thread(CHANNEL, cut.ts).filter((m) => m.text.startsWith('Verdict for'))).toHaveLength(1);
  });
});
