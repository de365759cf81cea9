/**
 * Issue 11, finding 7: the local bot under load and during a Slack outage. Signed requests to the
 * real bot, with the Slack API stand-in and the simulated AWS account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';

const UNKNOWN_API = 'zzzzzzzzzz';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({
    configYaml: ['access:', '  users: [U0ALICE, U0BOB, U0CAROL, U0DAVE]'].join('\n'),
    env: { COMMANDS_PER_USER_PER_MINUTE: '2', COMMANDS_PER_CHANNEL_PER_MINUTE: '4', SLACK_RETRIES: '1', SLACK_TIMEOUT_MS: '1000' },
  });
});
afterAll(async () => h?.close());

const parentsFor = (apiId: string, channel = CHANNEL) => h.parents(channel).filter((m) => textOf(m).includes(apiId));

describe('bounded work in the local bot', () => {
  it('refuses a person’s command over the limit with an ephemeral answer saying when to try again, and starts nothing', async () => {
    // Prepare
    await h.command(`${UNKNOWN_API} prod`);
    await h.command(`${UNKNOWN_API} prod`);
    await h.bot.idle();
    const before = parentsFor(UNKNOWN_API).length;
    // Act
    const refused = await h.command(`${UNKNOWN_API} prod`);
    const other = await h.command(`${UNKNOWN_API} prod`, { user_id: 'U0BOB' });
    await h.bot.idle();
    // Assess
    expect(before).toBe(2);
    expect(await refused.json()).toEqual({
      response_type: 'ephemeral',
      text: expect.stringMatching(/2 times in the last minute; try again in \d+ seconds?\./),
    });
    expect(other.status).toBe(200);
    // Bob's command started his thread; Alice's third started none.
    expect(parentsFor(UNKNOWN_API).map((m) => textOf(m).includes('<@U0BOB>'))).toEqual([false, false, true]);
  });

  it('does not let commands the access rules refuse use up a channel’s allowance', async () => {
    // Prepare: four refused commands in a channel allowing four a minute.
    for (const user of ['U0MALLORY', 'U0MALLORY', 'U0EVE', 'U0EVE']) await h.command(`${UNKNOWN_API} prod`, { channel_id: 'C0OTHER', user_id: user });
    await h.bot.idle();
    // Act
    const answers = [];
    for (const user of ['U0BOB', 'U0CAROL', 'U0DAVE'])
      answers.push(await (await h.command(`${UNKNOWN_API} prod`, { channel_id: 'C0OTHER', user_id: user })).text());
    await h.bot.idle();
    // Assess: each refused person was told so, and the three allowed ones each got a thread.
    expect(h.slack.state.ephemeral('U0EVE').map((m) => m.text)).toEqual([expect.stringMatching(/not allowed/), expect.stringMatching(/not allowed/)]);
    // Each was acknowledged as received, none refused for the limit.
    expect(answers.map((a) => (JSON.parse(a) as { text: string }).text)).toEqual([
      expect.stringMatching(/^Received /),
      expect.stringMatching(/^Received /),
      expect.stringMatching(/^Received /),
    ]);
    expect(parentsFor(UNKNOWN_API, 'C0OTHER')).toHaveLength(3);
  });

  it('gives up on Slack within its bounds during an outage instead of retrying for half an hour', async () => {
    // Prepare
    h.slack.outage(30_000);
    const callsBefore = h.slack.calls.length;
    // Act
    const started = performance.now();
    const res = await h.command(`${UNKNOWN_API} prod`, { user_id: 'U0CAROL' });
    const settled = await Promise.race([h.bot.idle().then(() => 'idle'), new Promise((resolve) => setTimeout(() => resolve('still retrying'), 15_000))]);
    const elapsedMs = performance.now() - started;
    // Assess: one attempt and one retry of the parent message, then the job ends.
    expect(res.status).toBe(200);
    expect(settled).toBe('idle');
    expect(elapsedMs).toBeLessThan(15_000);
    expect(h.slack.calls.slice(callsBefore).filter((c) => c.method === '/api/chat.postMessage')).toHaveLength(2);
  }, 30_000);
});
