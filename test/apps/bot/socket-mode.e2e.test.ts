/**
 * Socket Mode: with SLACK_APP_TOKEN set the bot opens a WebSocket (through apps.connections.open)
 * instead of listening for Slack, receives the command as an envelope, acknowledges it, and runs
 * the same diagnosis; /healthz is still served on PORT.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, decodeButtonValue } from '../../../src/adapters/slack/action-ids.ts';
import { CHANNEL, findButton, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';
import { blockActionsBody, slashCommandBody } from '../../helpers/slack/sign-slack-request.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let h: BotHarness;
let port: number;
beforeAll(async () => {
  port = await freePort();
  h = await startBotHarness({ env: { SLACK_APP_TOKEN: 'xapp-local-test-token', SLACK_SIGNING_SECRET: '', PORT: String(port) } });
});
afterAll(async () => h?.close());

describe('Socket Mode', () => {
  it('connects over a WebSocket and serves /healthz on PORT', async () => {
    expect(h.bot.mode).toBe('socket');
    expect(h.slack.socketMode.connected).toBe(1);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('acknowledges a command envelope and posts the diagnosis thread', async () => {
    // Act
    const payload = Object.fromEntries(
      new URLSearchParams(slashCommandBody({ text: 'k7x2m9q4ta prod', response_url: h.slack.responseUrl(CHANNEL, 'U0ALICE') })),
    );
    const ack = await h.slack.socketMode.deliver('slash_commands', payload);
    await h.bot.idle();
    // Assess
    expect(ack.envelope_id).toMatch(/^[0-9a-f-]{36}$/);
    const parent = h.parents().find((m) => textOf(m).includes('k7x2m9q4ta'));
    expect(textOf(parent!)).toMatch(/Suspected cause: timeout/);
    expect(h.slack.state.thread(CHANNEL, parent!.ts).some((m) => m.text.startsWith('Verdict for'))).toBe(true);
  });

  it('answers bad arguments with the usage in the acknowledgement', async () => {
    const payload = Object.fromEntries(new URLSearchParams(slashCommandBody({ text: 'nonsense' })));
    const ack = await h.slack.socketMode.deliver('slash_commands', payload);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Usage: `/diagnose-502') });
  });

  it('takes a button press as an interactive envelope', async () => {
    const parent = h.parents().find((m) => textOf(m).includes('k7x2m9q4ta'))!;
    const verdict = h.slack.state.thread(CHANNEL, parent.ts).find((m) => m.text.startsWith('Verdict for'))!;
    const button = findButton(verdict, ACTION_IDS.rejectHypothesis)!;
    const body = blockActionsBody({
      actionId: button.action_id,
      value: button.value,
      userId: 'U0BOB',
      channelId: CHANNEL,
      messageTs: verdict.ts,
      threadTs: parent.ts,
    });
    const payload = JSON.parse(new URLSearchParams(body).get('payload')!) as unknown;
    const editsBefore = verdict.edits.length;
    await h.slack.socketMode.deliver('interactive', payload);
    await h.bot.idle();
    expect(decodeButtonValue(button.value)?.cause).toBe('timeout');
    expect(verdict.edits.length).toBeGreaterThan(editsBefore);
  });
});
