/**
 * End-to-end harness: the real bot (Bolt over HTTP, SQLite state) on an ephemeral port, the
 * Slack Web API stand-in and the simulated AWS endpoint, with helpers that sign requests the way
 * Slack does. Restart keeps the same STATE_DB, as a redeploy would.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startSimulatedAws, type SimulatedAws } from '../../../src/tools/sim/start-simulated-aws.ts';
import { startBot, type RunningBot, type StartBotOptions } from '../../../src/apps/bot/start-bot.ts';
import type { StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi, type LocalSlackWebApiOptions } from '../../../src/tools/slack-web-api/start-local-slack-web-api.ts';
import { blockActionsBody, eventCallbackBody, postSigned, postSignedEvent, slashCommandBody, type SlashCommandFields } from './sign-slack-request.ts';

export const SIGNING_SECRET = 'local-signing-secret-8f2a';
export const BOT_TOKEN = 'xoxb-local-test-token';
export const CHANNEL = 'C0INCIDENT';

export interface BotHarness {
  slack: LocalSlackWebApi;
  sim: SimulatedAws;
  bot: RunningBot;
  dir: string;
  stateDb: string;
  eventsUrl: () => string;
  /** Sends a signed `/diagnose-502 <text>`; the response_url points at the stand-in. */
  command(text: string, fields?: Partial<SlashCommandFields>, headers?: Record<string, string>): Promise<Response>;
  /** Presses a button found in a stored message, as `user`. */
  press(message: StoredMessage, actionId: string | RegExp, user: string, valueFilter?: (value: string) => boolean): Promise<Response>;
  /**
   * A person writes `text` in the thread under `threadTs`: the message appears in the workspace
   * and Slack's signed events reach the bot (an app_mention and a message event when the text
   * mentions the bot, as Slack sends both; a message event otherwise).
   */
  say(text: string, options: { threadTs: string; user?: string; channel?: string }): Promise<{ ts: string; responses: Response[] }>;
  /** The parent message (top-level) of the newest diagnosis in the channel. */
  parents(channel?: string): StoredMessage[];
  restart(options?: StartBotOptions): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  slack?: LocalSlackWebApiOptions;
  /** YAML written to a temp file and passed as DIAGNOSE502_CONFIG. */
  configYaml?: string;
  bot?: StartBotOptions;
  env?: Record<string, string>;
}

/** Sets the SDK's endpoint and dummy credentials for the simulated account (per test file worker). */
function pointAwsAt(sim: SimulatedAws): void {
  process.env['AWS_ENDPOINT_URL'] = sim.url;
  process.env['AWS_ACCESS_KEY_ID'] = 'sim';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'sim';
  process.env['AWS_REGION'] = 'us-east-1';
  delete process.env['AWS_PROFILE'];
}

export async function startBotHarness(options: HarnessOptions = {}): Promise<BotHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'd502-bot-'));
  const stateDb = join(dir, 'data', 'state.sqlite');
  const sim = await startSimulatedAws({ port: 0, log: () => undefined });
  pointAwsAt(sim);
  const slack = await startLocalSlackWebApi({ tokens: [BOT_TOKEN], ...options.slack });
  let configPath: string | undefined;
  if (options.configYaml !== undefined) {
    configPath = join(dir, 'bot.yaml');
    await writeFile(configPath, options.configYaml);
  }
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    STATE_DB: stateDb,
    AWS_REGION: 'us-east-1',
    LOG_LEVEL: 'warn',
    ...(configPath ? { DIAGNOSE502_CONFIG: configPath } : {}),
    ...options.env,
  };
  const logger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
  const boot = (extra?: StartBotOptions) => startBot(env, { logger, ...options.bot, ...extra });

  const harness: BotHarness = {
    slack,
    sim,
    bot: await boot(),
    dir,
    stateDb,
    eventsUrl: () => `http://127.0.0.1:${harness.bot.port}/slack/events`,
    command(text, fields = {}, headers = {}) {
      const channel = fields.channel_id ?? CHANNEL;
      const user = fields.user_id ?? 'U0ALICE';
      const body = slashCommandBody({ text, response_url: slack.responseUrl(channel, user), ...fields });
      return postSigned(harness.eventsUrl(), body, { signingSecret: SIGNING_SECRET, headers });
    },
    press(message, actionId, user, valueFilter) {
      const button = findButton(message, actionId, valueFilter);
      if (!button) throw new Error(`no button ${String(actionId)} in message ${message.ts}: ${message.text}`);
      const body = blockActionsBody({
        actionId: button.action_id,
        value: button.value,
        buttonText: button.text,
        userId: user,
        channelId: message.channel,
        messageTs: message.ts,
        ...(message.threadTs ? { threadTs: message.threadTs } : {}),
        responseUrl: slack.responseUrl(message.channel, user),
      });
      return postSigned(harness.eventsUrl(), body, { signingSecret: SIGNING_SECRET });
    },
    async say(text, { threadTs, user = 'U0ALICE', channel = CHANNEL }) {
      const state = slack.state;
      const ts = state.nextTs();
      state.add({ channel, ts, threadTs, user, text, edits: [], files: [], via: 'chat.postMessage', postedAt: state.isoNow() });
      const types: Array<'app_mention' | 'message'> = text.includes('<@U0DIAGBOT>') ? ['app_mention', 'message'] : ['message'];
      const responses: Response[] = [];
      for (const type of types) {
        const body = eventCallbackBody({ type, text, userId: user, channelId: channel, ts, threadTs });
        responses.push(await postSignedEvent(harness.eventsUrl(), body, { signingSecret: SIGNING_SECRET }));
      }
      return { ts, responses };
    },
    parents: (channel = CHANNEL) => slack.state.topLevel(channel).filter((m) => m.via === 'chat.postMessage'),
    async restart(extra) {
      await harness.bot.close();
      harness.bot = await boot(extra);
    },
    async close() {
      await harness.bot.close();
      await slack.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

export interface FoundButton {
  action_id: string;
  value: string;
  text: string;
}

/** Every button in a message's blocks, in order. */
export function buttonsOf(message: StoredMessage): FoundButton[] {
  const found: FoundButton[] = [];
  for (const block of (message.blocks ?? []) as Array<{ type?: string; elements?: unknown[]; accessory?: unknown }>) {
    const elements = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])] as Array<{
      type?: string;
      action_id?: string;
      value?: string;
      text?: { text?: string };
    }>;
    for (const el of elements) {
      if (el.type === 'button' && el.action_id) found.push({ action_id: el.action_id, value: el.value ?? '', text: el.text?.text ?? '' });
    }
  }
  return found;
}

export function findButton(message: StoredMessage, actionId: string | RegExp, valueFilter?: (value: string) => boolean): FoundButton | undefined {
  return buttonsOf(message).find(
    (b) => (typeof actionId === 'string' ? b.action_id === actionId : actionId.test(b.action_id)) && (!valueFilter || valueFilter(b.value)),
  );
}

/** Runs `/diagnose-502 <api> prod` to the end and returns the thread it opened in CHANNEL, parent first. */
export async function diagnoseAndRead(harness: BotHarness, api: string) {
  await harness.command(`${api} prod`);
  await harness.bot.idle();
  const parent = harness.parents().find((m) => textOf(m).includes(api))!;
  return harness.slack.state.thread(CHANNEL, parent.ts);
}

/** All the text a message shows: top-level text plus every text field in its blocks. */
export function textOf(message: StoredMessage): string {
  const parts: string[] = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'text' && typeof v === 'string') parts.push(v);
        else walk(v);
      }
    }
  };
  walk(message.blocks ?? []);
  return parts.join('\n');
}
