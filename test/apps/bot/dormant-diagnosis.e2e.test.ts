/**
 * Issue 11, finding 5, end to end on the local bot: a diagnosis left at its verdict, and one cut
 * short, are both idle a day later. A restart on the same STATE_DB then resumes neither and posts
 * nothing, yet a press in the settled thread is still answered and makes it active again.
 * Simulated AWS: backend-error (API b4e7r2x9le, two manual steps) and timeout (k7x2m9q4ta).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, ANSWER_STEP_PATTERN, decodeButtonValue } from '../../../src/adapters/slack/action-ids.ts';
import { DEFAULT_RETENTION } from '../../../src/adapters/store/state-store.ts';
import { SqliteStateStore } from '../../../src/adapters/store/sqlite-state-store.ts';
import type { StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';
import { CHANNEL, findButton, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';

const API = 'b4e7r2x9le';
const TIMEOUT_API = 'k7x2m9q4ta';
/** A day and an hour on: past the default dormancy (24 h), far inside retention (90 days). */
const dayLater = () => new Date(Date.now() + DEFAULT_RETENTION.dormantAfterMs + 3_600_000);

let h: BotHarness;
let settled: StoredMessage;
let cutShort: StoredMessage;
let settledId: string;

const threadOf = (parent: StoredMessage) => h.slack.state.thread(CHANNEL, parent.ts);
const hasVerdict = (parent: StoredMessage) => threadOf(parent).some((m) => m.text.startsWith('Verdict for'));
const writes = () => h.slack.calls.filter((c) => /chat\.(postMessage|update)|files/.test(c.method)).length;

beforeAll(async () => {
  h = await startBotHarness();
  await h.command(`${API} prod`);
  await h.bot.idle();
  settled = h.parents().find((m) => textOf(m).includes(API))!;
  const verdict = threadOf(settled).find((m) => m.text.startsWith('Verdict for'))!;
  settledId = decodeButtonValue(findButton(verdict, ACTION_IDS.recheck)!.value)!.diagnosisId;
  // A bot that gives up waiting at once leaves this run saved mid-way.
  await h.restart({ settleTimeoutMs: 1 });
  await h.command(`${TIMEOUT_API} prod`);
  await h.bot.idle();
  cutShort = h.parents().find((m) => textOf(m).includes(TIMEOUT_API))!;
});
afterAll(async () => h?.close());

describe('a dormant diagnosis in the local bot', () => {
  it('is neither resumed nor written to by a restart a day later', async () => {
    // Prepare
    expect(hasVerdict(cutShort)).toBe(false);
    const before = writes();
    // Act
    await h.restart({ now: dayLater });
    await h.bot.idle();
    // Assess: a restart within the day resumes the cut-short run (buttons.e2e.test.ts); this one does not.
    expect(hasVerdict(cutShort)).toBe(false);
    expect(writes()).toBe(before);
  });

  it('still answers a press in its thread, which makes it active again', async () => {
    // Prepare
    const step = threadOf(settled).find((m) => m.text.startsWith('Checklist:') && findButton(m, ANSWER_STEP_PATTERN))!;
    const edits = step.edits.length;
    const store = new SqliteStateStore({ path: h.stateDb, now: dayLater });
    const activeBefore = (await store.listOpen()).map((r) => r.id);
    // Act
    const res = await h.press(step, ANSWER_STEP_PATTERN, 'U0BOB');
    await h.bot.idle();
    // Assess
    const activeAfter = (await store.listOpen()).map((r) => r.id);
    await store.close();
    expect(res.status).toBe(200);
    expect(threadOf(settled).find((m) => m.ts === step.ts)!.edits.length).toBeGreaterThan(edits);
    expect(h.slack.state.ephemeral('U0BOB')).toEqual([]);
    expect(activeBefore).not.toContain(settledId);
    expect(activeAfter).toContain(settledId);
  });
});
