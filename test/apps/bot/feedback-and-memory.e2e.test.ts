/**
 * Feedback, memory of past incidents and App Home end to end: the real bot (Bolt over HTTP,
 * SQLite), the Slack Web API stand-in and the simulated AWS account, with requests and events
 * signed as Slack signs them. Simulated AWS: the network-behind-timeout scenario (API
 * n3w8v5l2kb), a VPC link whose security group sg-0c4f5e6a7b8c9d0e1 lost its ingress rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeButtonValue } from '../../../src/adapters/slack/action-ids.ts';
import { validateBlocks, validateHomeView } from '../../../src/tools/block-kit-check/validate-blocks.ts';
import { SqliteStateStore } from '../../../src/adapters/store/sqlite-state-store.ts';
import type { StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';
import { CHANNEL, SIGNING_SECRET, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';
import { appHomeOpenedBody, feedbackPressBody, selectBody, textInputBody } from '../../helpers/slack/feedback-requests.ts';
import { postSigned, postSignedEvent } from '../../helpers/slack/sign-slack-request.ts';

const API = 'n3w8v5l2kb';
const SG = 'sg-0c4f5e6a7b8c9d0e1';

let h: BotHarness;
let first: StoredMessage;

const verdictIn = (parent: StoredMessage) => h.slack.state.thread(CHANNEL, parent.ts).find((m) => m.text.startsWith('Verdict for'))!;
const post = (body: string) => postSigned(h.eventsUrl(), body, { signingSecret: SIGNING_SECRET });
const where = (user: string, message: StoredMessage) => ({ user, message, responseUrl: h.slack.responseUrl(message.channel, user) });

async function storedLabels(parent: StoredMessage) {
  const store = new SqliteStateStore({ path: h.stateDb });
  try {
    const id = decodeButtonValue(
      (verdictIn(parent).blocks as Array<{ type: string; elements?: Array<{ positive_button?: { value: string } }> }>).find((b) => b.type === 'context_actions')
        ?.elements?.[0]?.positive_button?.value ?? '',
    )!.diagnosisId;
    return (await store.get(id))?.labels ?? [];
  } finally {
    await store.close();
  }
}

async function openHome(user: string) {
  const before = h.slack.state.homes.get(user)?.publishes ?? 0;
  const res = await postSignedEvent(h.eventsUrl(), appHomeOpenedBody(user), { signingSecret: SIGNING_SECRET });
  expect(res.status).toBe(200);
  await h.bot.idle();
  const home = h.slack.state.homes.get(user);
  expect(home?.publishes).toBe(before + 1);
  return home!;
}

beforeAll(async () => {
  h = await startBotHarness();
  await h.command(`${API} prod`);
  await h.bot.idle();
  first = h.parents().find((m) => textOf(m).includes(API))!;
});
afterAll(async () => h?.close());

describe('feedback on a verdict', () => {
  it('puts 👍/👎 under the verdict, within Block Kit limits', () => {
    const verdict = verdictIn(first);
    expect(textOf(verdict)).toMatch(/Verdict: network/);
    expect(validateBlocks(verdict.blocks)).toEqual([]);
    expect((verdict.blocks as Array<{ type: string }>).some((b) => b.type === 'context_actions')).toBe(true);
  });

  it('asks for the real cause after a 👎, then stores the chosen cause with the note as a label', async () => {
    // Act: 👎, then the real cause picked in the question only Alice sees, with a note already typed.
    expect((await post(feedbackPressBody(where('U0ALICE', verdictIn(first)), 'negative'))).status).toBe(200);
    await h.bot.idle();
    const question = h.slack.state.ephemeral('U0ALICE').find((m) => m.text.includes('what was the real cause'))!;
    expect(question.threadTs).toBe(first.ts);
    expect(validateBlocks(question.blocks)).toEqual([]);
    expect(await storedLabels(first)).toEqual([]);
    const noteBlock = (question.blocks as Array<{ type: string; block_id: string }>).find((b) => b.type === 'input')!.block_id;
    const res = await post(
      selectBody(where('U0ALICE', question), 'timeout', { blockId: noteBlock, actionId: 'd502_label_note', text: 'raised the NLB idle timeout' }),
    );
    await h.bot.idle();
    // Assess
    expect(res.status).toBe(200);
    expect(await storedLabels(first)).toEqual([
      expect.objectContaining({ predictedCause: 'network', trueCause: 'timeout', source: 'corrected', by: 'U0ALICE', note: 'raised the NLB idle timeout' }),
    ]);
    const verdict = verdictIn(first);
    expect(textOf(verdict)).toContain('👎 <@U0ALICE>: the real cause was `timeout`: _raised the NLB idle timeout_');
    expect(validateBlocks(verdict.blocks)).toEqual([]);
    expect(h.slack.state.ephemeral('U0ALICE').at(-1)?.text).toMatch(/recorded `timeout` as the real cause \(I said `network`\)/);
  });

  it('takes a note sent with Enter into the same label', async () => {
    const question = h.slack.state.ephemeral('U0ALICE').find((m) => m.text.includes('what was the real cause'))!;
    await post(textInputBody(where('U0ALICE', question), 'the NLB dropped idle connections after 350 s'));
    await h.bot.idle();
    expect(await storedLabels(first)).toEqual([expect.objectContaining({ trueCause: 'timeout', note: 'the NLB dropped idle connections after 350 s' })]);
  });

  it("shows the label in App Home's accuracy, within the Home tab's limits", async () => {
    // Act
    const home = await openHome('U0BOB');
    // Assess
    expect(validateHomeView(home.view)).toEqual([]);
    const text = JSON.stringify(home.view.blocks);
    expect(text).toContain('`network`: 1 verdict · 1 labelled · 0 right · 1 wrong (0 % right)');
    expect(text).toContain('👎 wrong: really `timeout`');
    expect(text).toContain(`https://local.slack.com/archives/${CHANNEL}/p${first.ts.replace('.', '')}|thread`);
    expect(text).toContain('/diagnose-502 &lt;api-id&gt;');
  });
});

describe('memory of past incidents', () => {
  it('links the first thread from a second diagnosis of the same API and security group, showing it was judged wrong', async () => {
    // Act
    await h.command(`${API} prod`);
    await h.bot.idle();
    const second = h
      .parents()
      .filter((m) => textOf(m).includes(API))
      .find((m) => m.ts !== first.ts)!;
    // Assess
    const note = h.slack.state.thread(CHANNEL, second.ts).find((m) => m.text.startsWith('Similar:'))!;
    expect(validateBlocks(note.blocks)).toEqual([]);
    const text = textOf(note);
    expect(text).toContain(`<https://local.slack.com/archives/${CHANNEL}/p${first.ts.replace('.', '')}|`);
    expect(text).toContain(`same security group \`${SG}\``);
    expect(text).toContain('same API');
    expect(text).toContain('said `network`, *marked wrong*: really `timeout`');
    // The first thread mentions nothing from the future.
    expect(h.slack.state.thread(CHANNEL, first.ts).some((m) => m.text.startsWith('Similar:'))).toBe(false);
    expect(h.slack.calls.some((c) => c.method === 'chat.getPermalink' && c.ok)).toBe(true);
  });

  it('counts a 👍 as right and puts labels and similar incidents in the postmortem summary', async () => {
    // Prepare
    const second = h
      .parents()
      .filter((m) => textOf(m).includes(API))
      .find((m) => m.ts !== first.ts)!;
    await post(feedbackPressBody(where('U0CAROL', verdictIn(second)), 'positive'));
    await h.bot.idle();
    // Act
    await h.press(verdictIn(second), 'd502_summary', 'U0CAROL');
    await h.bot.idle();
    // Assess
    expect(await storedLabels(second)).toEqual([expect.objectContaining({ trueCause: 'network', source: 'confirmed', by: 'U0CAROL' })]);
    const file = h.slack.state
      .thread(CHANNEL, second.ts)
      .flatMap((m) => m.files)
      .find((f) => f.name.endsWith('.md'));
    const markdown = file?.bytes?.toString('utf8') ?? '';
    expect(markdown).toContain('## Feedback and labels');
    expect(markdown).toContain('@U0CAROL: 👍 confirmed; predicted **network**');
    expect(markdown).toContain('## Similar incidents');
    expect(markdown).toContain(`same security-group ${SG}`);
    const home = await openHome('U0BOB');
    expect(JSON.stringify(home.view.blocks)).toContain('`network`: 2 verdicts · 2 labelled · 1 right · 1 wrong (50 % right)');
  });
});

describe('access rules on feedback and App Home', () => {
  let guarded: BotHarness;
  beforeAll(async () => {
    guarded = await startBotHarness({ configYaml: 'access:\n  users: [U0ALICE]\n' });
    await guarded.command(`${API} prod`, { user_id: 'U0ALICE' });
    await guarded.bot.idle();
  });
  afterAll(async () => guarded?.close());

  it('refuses a press and a Home tab to someone the slash command would refuse', async () => {
    // Prepare
    const parent = guarded.parents().find((m) => textOf(m).includes(API))!;
    const verdict = guarded.slack.state.thread(CHANNEL, parent.ts).find((m) => m.text.startsWith('Verdict for'))!;
    // Act
    await postSigned(
      guarded.eventsUrl(),
      feedbackPressBody({ user: 'U0MALLORY', message: verdict, responseUrl: guarded.slack.responseUrl(CHANNEL, 'U0MALLORY') }, 'negative'),
      {
        signingSecret: SIGNING_SECRET,
      },
    );
    await postSignedEvent(guarded.eventsUrl(), appHomeOpenedBody('U0MALLORY'), { signingSecret: SIGNING_SECRET });
    await guarded.bot.idle();
    // Assess
    expect(guarded.slack.state.ephemeral('U0MALLORY').map((m) => m.text)).toEqual([expect.stringMatching(/not allowed to run diagnose-502/)]);
    expect(JSON.stringify(guarded.slack.state.homes.get('U0MALLORY')?.view.blocks)).toMatch(/not allowed to run diagnose-502/);
    expect(JSON.stringify(guarded.slack.state.homes.get('U0MALLORY')?.view.blocks)).not.toContain('inventory-api');
  });
});
