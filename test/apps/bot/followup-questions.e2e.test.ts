/**
 * Follow-up questions end to end: the real bot over HTTP gets Slack's signed Events API
 * deliveries (app_mention and thread message events) and answers in the diagnosis thread from
 * the stored evidence. Only "since 3h" reads AWS again, through the same job path as a button.
 * Simulated AWS: the network-behind-timeout scenario (API n3w8v5l2kb, a security-group change
 * before the onset).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisContext } from '../../../machines/diagnosis-types.ts';
import { SqliteStateStore } from '../../../src/adapters/store/sqlite-state-store.ts';
import type { StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';
import { CHANNEL, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';
import { eventCallbackBody, postSignedEvent } from '../../helpers/slack/sign-slack-request.ts';
import { SIGNING_SECRET } from '../../helpers/slack/bot-harness.ts';

const API = 'n3w8v5l2kb';
const BOT = '<@U0DIAGBOT>';

let h: BotHarness;
let parent: StoredMessage;

const replies = () => h.slack.state.thread(CHANNEL, parent.ts);
const awsCalls = () => h.sim.calls.length;

/** Asks in the thread and returns the bot's new replies (excluding the question itself). */
async function ask(text: string, user = 'U0ALICE'): Promise<StoredMessage[]> {
  const before = new Set(replies().map((m) => m.ts));
  const { ts, responses } = await h.say(text, { threadTs: parent.ts, user });
  for (const res of responses) expect(res.status).toBe(200);
  await h.bot.idle();
  return replies().filter((m) => !before.has(m.ts) && m.ts !== ts && m.user === 'U0DIAGBOT' && !m.ephemeralFor);
}

async function storedContext(): Promise<DiagnosisContext> {
  const store = new SqliteStateStore({ path: h.stateDb });
  try {
    const record = await store.findByThread(CHANNEL, parent.ts);
    return (record!.snapshot as { context: DiagnosisContext }).context;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  h = await startBotHarness({ configYaml: 'access:\n  users: [U0ALICE, U0BOB]\n' });
  await h.command(`${API} prod`);
  await h.bot.idle();
  parent = h.parents().find((m) => textOf(m).includes(API))!;
  expect(replies().some((m) => m.text.startsWith('Verdict for'))).toBe(true);
}, 60_000);
afterAll(async () => h?.close());

describe('follow-up questions in a diagnosis thread', { timeout: 60_000 }, () => {
  it('explains why network and not timeout, from the weighed evidence, without calling AWS', async () => {
    // Prepare
    const calls = awsCalls();
    // Act
    const [answer, ...more] = await ask(`${BOT} why not timeout?`);
    // Assess
    expect(more).toEqual([]);
    expect(answer?.threadTs).toBe(parent.ts);
    expect(textOf(answer!)).toContain('Why network and not timeout');
    expect(textOf(answer!)).toMatch(/Scores: network \d\.\d\d, timeout \d\.\d\d/);
    expect(textOf(answer!)).toContain('Asked by <@U0ALICE>');
    expect(awsCalls()).toBe(calls);
  });

  it('lists what changed before the onset: the security-group revoke, who did it and when', async () => {
    const [answer] = await ask(`${BOT} what changed before the onset?`);
    expect(textOf(answer!)).toMatch(/What changed before the onset \(\d\d:\d\d UTC\)/);
    expect(textOf(answer!)).toMatch(/The verdict ties the failure to RevokeSecurityGroupIngress on sg-\w+ by [\w.]+/);
    expect(textOf(answer!)).toMatch(/\d\d:\d\d UTC · \d+ min before onset · /);
  });

  it('says which routes fail', async () => {
    const context = await storedContext();
    const [answer] = await ask(`${BOT} which routes fail?`);
    expect(textOf(answer!)).toContain('Which routes fail');
    const routes = context.verdict?.where?.routes ?? [];
    const expected = routes[0]?.route ?? context.api!.integrations[0]!.route;
    expect(textOf(answer!)).toContain(expected);
  });

  it('shows the raw log samples of a class, escaped for Slack', async () => {
    const context = await storedContext();
    const cls = [...context.evidence.logs!.classes].sort((a, b) => b.count - a.count)[0]!;
    const [answer] = await ask(`${BOT} show the log samples for ${cls.category}`);
    expect(textOf(answer!)).toContain(`Log samples for ${cls.category}`);
    const sample = cls.samples[0]!.message.replace(/\s+/g, ' ').trim().slice(0, 60);
    expect(textOf(answer!)).toContain(sample.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });

  it('says what to do next: the runbook fix and the open checklist steps', async () => {
    const [answer] = await ask(`${BOT} what should we do next?`);
    expect(textOf(answer!)).toContain('What to do next');
    expect(textOf(answer!)).toContain('To fix network (from the runbook)');
    expect(textOf(answer!)).toContain('Verify fix');
  });

  it('answers a question it does not understand with the list of what it can answer', async () => {
    const [answer] = await ask(`${BOT} tell me a joke`);
    expect(textOf(answer!)).toContain('I did not understand that');
    for (const example of ['why not timeout?', 'what changed?', 'which routes fail?', 'since 3h', 'what next?']) expect(textOf(answer!)).toContain(example);
  });

  it('answers a recognised question in the thread without a mention, and leaves chatter alone', async () => {
    expect(await ask('thanks, looking at the SG now', 'U0BOB')).toEqual([]);
    const [answer] = await ask('which routes fail?', 'U0BOB');
    expect(textOf(answer!)).toContain('Asked by <@U0BOB>');
  });

  it('answers a redelivered event once', async () => {
    // Prepare: the same message delivered twice (Slack retries when it thinks the app missed it)
    const before = replies().length;
    const ts = h.slack.state.nextTs();
    const body = eventCallbackBody({ type: 'app_mention', text: `${BOT} what changed?`, userId: 'U0ALICE', ts, threadTs: parent.ts });
    // Act
    await postSignedEvent(h.eventsUrl(), body, { signingSecret: SIGNING_SECRET });
    await postSignedEvent(h.eventsUrl(), body, {
      signingSecret: SIGNING_SECRET,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    await h.bot.idle();
    // Assess
    expect(replies().length).toBe(before + 1);
  });

  it('ignores the bot itself, other bots, and mentions outside a diagnosis thread', async () => {
    // Prepare
    const before = h.slack.calls.filter((c) => c.method === 'chat.postMessage').length;
    const top = h.slack.state.nextTs();
    h.slack.state.add({
      channel: CHANNEL,
      ts: top,
      user: 'U0ALICE',
      text: 'lunch?',
      edits: [],
      files: [],
      via: 'chat.postMessage',
      postedAt: h.slack.state.isoNow(),
    });
    // Act
    await h.say(`${BOT} which routes fail?`, { threadTs: top });
    const self = eventCallbackBody({
      type: 'message',
      text: 'which routes fail?',
      userId: 'U0DIAGBOT',
      ts: h.slack.state.nextTs(),
      threadTs: parent.ts,
      botId: 'B0DIAGBOT',
    });
    await postSignedEvent(h.eventsUrl(), self, { signingSecret: SIGNING_SECRET });
    await h.bot.idle();
    // Assess
    expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage').length).toBe(before);
  });

  it('tells someone outside the access rules why it will not answer, and only them', async () => {
    const answers = await ask(`${BOT} what changed?`, 'U0MALLORY');
    expect(answers).toEqual([]);
    const [note] = h.slack.state.ephemeral('U0MALLORY');
    expect(note?.text).toContain('not allowed');
    expect(note?.threadTs).toBe(parent.ts);
  });

  it('re-runs with a longer window on "since 3h": a new collection through the job path', async () => {
    // Prepare
    const calls = awsCalls();
    const runs = (await storedContext()).runs;
    // Act
    const answers = await ask(`${BOT} since 3h`);
    // Assess
    expect(textOf(answers[0]!)).toContain('Collecting again over the last 3 h');
    const context = await storedContext();
    expect(context.runs).toBe(runs + 1);
    expect(context.input.sinceMinutes).toBe(180);
    expect(Date.parse(context.window!.end) - Date.parse(context.window!.start)).toBe(180 * 60_000);
    expect(context.timeline.at(-1)).toMatchObject({ kind: 'recheck-asked', by: 'U0ALICE' });
    expect(awsCalls()).toBeGreaterThan(calls);
  });
});
