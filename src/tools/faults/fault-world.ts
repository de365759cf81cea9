/**
 * One world for a fault section: the simulated AWS account, the local Slack Web API, and the real
 * bot in a child process (so it can be killed with SIGKILL) on a SQLite state file that outlives
 * it. Requests reach the bot signed exactly as Slack and PagerDuty sign them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiagnosisRecord } from '../../adapters/store/state-store.ts';
import { SqliteStateStore } from '../../adapters/store/sqlite-state-store.ts';
import { BotProcess } from '../sandbox/bot-process.ts';
import { buildPagerDutyIncident, type PagerDutyDelivery } from '../sandbox/build-pagerduty-incident.ts';
import { signSlackRequest } from '../sandbox/sign-slack-request.ts';
import type { Scenario } from '../sim/scenario-schema.ts';
import { startSimulatedAws, type SimulatedAws } from '../sim/start-simulated-aws.ts';
import type { StoredMessage } from '../slack-web-api/local-slack-state.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../slack-web-api/start-local-slack-web-api.ts';

export const FAULT_CHANNEL = 'C0FAULTS';
export const ALLOWED_USER = 'U0ALICE';
export const PAGERDUTY_SERVICE = 'PFAULT1';
const BOT_TOKEN = 'xoxb-fault-suite';
const SIGNING_SECRET = 'fault-suite-signing-secret';
const PAGERDUTY_SECRET = 'fault-suite-pagerduty-secret';

export interface Delivered {
  status: number;
  body: string;
}

export interface FaultWorld {
  slack: LocalSlackWebApi;
  sim: SimulatedAws;
  bot: BotProcess;
  stateDb: string;
  /** `/diagnose-502 <text>` from `user`; a Slack retry repeats the same trigger id with retry headers. */
  command(text: string, options?: { user?: string; channel?: string; triggerId?: string; retryNum?: number }): Promise<Delivered>;
  /** Any signed Slack request body (form-encoded), as Slack would deliver it. */
  deliverSlack(body: string, headers?: Record<string, string>): Promise<Delivered>;
  /** A triggered PagerDuty incident; the same delivery may be sent again. */
  pagerDutyIncident(title: string, number: number): PagerDutyDelivery;
  deliverPagerDuty(delivery: PagerDutyDelivery): Promise<Delivered>;
  /** The diagnoses the bot stored, read from its state file as another process would. */
  records(): Promise<DiagnosisRecord[]>;
  /** Top-level messages the bot posted in a channel: one per diagnosis thread. */
  parents(channel?: string): StoredMessage[];
  close(): Promise<void>;
}

export interface FaultWorldOptions {
  scenarios: Scenario[];
  /** Extra environment for the bot. */
  env?: Record<string, string>;
}

export async function startFaultWorld(options: FaultWorldOptions): Promise<FaultWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'd502-faults-'));
  const stateDb = join(dir, 'state.sqlite');
  const configPath = join(dir, 'bot.yaml');
  await writeFile(
    configPath,
    [
      'access:',
      `  users: [${ALLOWED_USER}]`,
      'pagerduty:',
      `  channel: ${FAULT_CHANNEL}`,
      '  services:',
      `    ${PAGERDUTY_SERVICE}: { apiId: k7x2m9q4ta, stage: prod, region: us-east-1 }`,
      '',
    ].join('\n'),
  );
  const sim = await startSimulatedAws({ port: 0, scenarios: options.scenarios, log: () => undefined });
  const slack = await startLocalSlackWebApi({ tokens: [BOT_TOKEN] });
  const bot = new BotProcess({
    name: 'fault-suite',
    log: () => undefined,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? dir,
      NODE_ENV: 'production',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      PAGERDUTY_WEBHOOK_SECRET: PAGERDUTY_SECRET,
      PORT: '0',
      STATE_DB: stateDb,
      DIAGNOSE502_CONFIG: configPath,
      AWS_ENDPOINT_URL: sim.url,
      AWS_ACCESS_KEY_ID: 'sim',
      AWS_SECRET_ACCESS_KEY: 'sim',
      AWS_REGION: 'us-east-1',
      LOG_LEVEL: 'fatal',
      // One user sends every command here, dozens a minute: the suite counts what faults lose, so
      // the per-person and per-channel limits (tested in test/apps/bot/bounded-work.e2e.test.ts)
      // must not refuse its traffic.
      COMMANDS_PER_USER_PER_MINUTE: '600',
      COMMANDS_PER_CHANNEL_PER_MINUTE: '6000',
      ...options.env,
    },
  });
  await bot.start();
  const reader = new SqliteStateStore({ path: stateDb });

  const post = async (path: string, body: string, headers: Record<string, string>): Promise<Delivered> => {
    // A bot that is down (killed, restarting) is a failed delivery, as Slack sees it.
    const url = await Promise.race([bot.url(), new Promise<string>((_, reject) => setTimeout(() => reject(new Error('bot down')), 20_000))]).catch(
      () => undefined,
    );
    if (!url) return { status: 0, body: 'bot down' };
    try {
      const res = await fetch(`${url}${path}`, { method: 'POST', body, headers, signal: AbortSignal.timeout(5_000) });
      return { status: res.status, body: await res.text() };
    } catch (error) {
      return { status: 0, body: String(error) };
    }
  };

  const world: FaultWorld = {
    slack,
    sim,
    bot,
    stateDb,
    command(text, { user = ALLOWED_USER, channel = FAULT_CHANNEL, triggerId = newTriggerId(), retryNum } = {}) {
      const body = new URLSearchParams({
        token: 'fault-suite',
        team_id: 'T0FAULTS',
        team_domain: 'faults',
        channel_id: channel,
        channel_name: 'incidents',
        user_id: user,
        user_name: user.toLowerCase(),
        command: '/diagnose-502',
        text,
        api_app_id: 'A0FAULTS',
        response_url: slack.responseUrl(channel, user),
        trigger_id: triggerId,
      }).toString();
      const retry: Record<string, string> = retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
      return world.deliverSlack(body, retry);
    },
    deliverSlack(body, headers = {}) {
      return post('/slack/events', body, { ...signSlackRequest(body, SIGNING_SECRET), ...headers });
    },
    pagerDutyIncident(title, number) {
      return buildPagerDutyIncident({ serviceId: PAGERDUTY_SERVICE, serviceName: 'orders', title, number, secret: PAGERDUTY_SECRET });
    },
    deliverPagerDuty(delivery) {
      return post('/pagerduty/webhook', delivery.body, delivery.headers);
    },
    records: () => reader.listRecent(10_000),
    parents: (channel = FAULT_CHANNEL) => slack.state.topLevel(channel).filter((m) => m.via === 'chat.postMessage'),
    async close() {
      await bot.stop().catch(() => undefined);
      await reader.close();
      await slack.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}

function newTriggerId(): string {
  return `${Date.now()}.${randomBytes(6).toString('hex')}`;
}
