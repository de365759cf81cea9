/**
 * Through a real Bolt HTTP server: the webhook as a custom route, the "which API?" menu as a Bolt
 * action, SQLite state that survives a restart. The bot is assembled here the way start-bot.ts
 * assembles it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideAwsActors } from '../../../src/adapters/aws/provide-aws-actors.ts';
import { createAccessCheck } from '../../../src/apps/bot/create-access-check.ts';
import { createPagerDutyIntegration, type PagerDutyIntegration } from '../../../src/apps/bot/create-pagerduty-integration.ts';
import { PAGERDUTY_WEBHOOK_PATH } from '../../../src/apps/bot/pagerduty-webhook-route.ts';
import { SqlitePagerDutyStore } from '../../../src/adapters/pagerduty/sqlite-pagerduty-store.ts';
import { signPagerDutyBody } from '../../../src/adapters/pagerduty/verify-pagerduty-signature.ts';
import { loadRunbook } from '../../../src/adapters/config/load-runbook.ts';
import { DiagnosisService } from '../../../src/apps/runtime/diagnosis-service.ts';
import { startSimulatedAws, type SimulatedAws } from '../../../src/tools/sim/start-simulated-aws.ts';
import { ACTION_IDS } from '../../../src/adapters/slack/action-ids.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../../../src/tools/slack-web-api/start-local-slack-web-api.ts';
import { SqliteStateStore } from '../../../src/adapters/store/sqlite-state-store.ts';
import { fakeTriggerId, signSlackRequest } from '../../helpers/slack/sign-slack-request.ts';
import { asIncident, fixture } from '../runtime/pagerduty-fixtures.ts';
import { BASE_CONFIG, CHANNEL, SECRET, simAwsClients } from '../runtime/pagerduty-test-kit.ts';

const SIGNING_SECRET = 'bolt-signing-secret-e2e';
const TOKEN = 'xoxb-local-test-token';

interface RunningBot {
  url: string;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

let sim: SimulatedAws;
let slack: LocalSlackWebApi;
let dir: string;
let bot: RunningBot;

/** The bot with the PagerDuty integration, on an ephemeral port, state in `dir`. */
async function startPagerDutyBot(): Promise<RunningBot> {
  const stateDb = join(dir, 'state.sqlite');
  const store = new SqliteStateStore({ path: stateDb });
  const pagerDutyStore = new SqlitePagerDutyStore({ path: stateDb });
  const logger = pino({ level: 'silent' });
  const clients = simAwsClients(sim.url);
  const clientsFor = () => clients;
  const logic = provideAwsActors({ clientsFor });
  const runbook = await loadRunbook();
  const web = new WebClient(TOKEN, { slackApiUrl: slack.url });
  const service = new DiagnosisService({ store, slack: web, logic, runbook, logger });
  const integration: PagerDutyIntegration = createPagerDutyIntegration({
    env: { webhookSecrets: [SECRET], apiUrl: 'http://127.0.0.1:9', stormWindowMinutes: 10 },
    config: BASE_CONFIG,
    service,
    store,
    pagerDutyStore,
    slack: web,
    logic,
    logger,
    defaultRegion: 'us-east-1',
  });
  const app = new App({
    token: TOKEN,
    signingSecret: SIGNING_SECRET,
    customRoutes: [integration.route],
    clientOptions: { slackApiUrl: slack.url },
    logLevel: LogLevel.ERROR,
  });
  integration.register(app, createAccessCheck({ rules: BASE_CONFIG.access, client: app.client, logger }));
  const server = (await app.start(0)) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    idle: async () => {
      await integration.idle();
      await service.idle();
    },
    stop: async () => {
      await app.stop();
      await integration.close();
      await service.idle();
      await Promise.all([store.close(), pagerDutyStore.close()]);
      for (const c of Object.values(clients)) if (typeof c === 'object') c.destroy();
    },
  };
}

function postWebhook(payload: unknown, webhookId: string, signature?: string): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${bot.url}${PAGERDUTY_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-id': webhookId, 'x-pagerduty-signature': signature ?? signPagerDutyBody(body, SECRET) },
    body,
  });
}

/** A menu pick as Slack sends it (block_actions with a static_select), signed. */
function pickFromMenu(messageTs: string, blockId: string, value: string, user = 'U0BOB'): Promise<Response> {
  const payload = {
    type: 'block_actions',
    user: { id: user, username: 'bob', name: 'bob', team_id: 'T0LOCAL01' },
    api_app_id: 'A0DIAG502',
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    container: { type: 'message', message_ts: messageTs, channel_id: CHANNEL, is_ephemeral: false },
    trigger_id: fakeTriggerId(),
    team: { id: 'T0LOCAL01', domain: 'local' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: CHANNEL, name: 'incidents' },
    message: { type: 'message', user: 'U0DIAGBOT', ts: messageTs, text: '' },
    state: { values: {} },
    response_url: 'https://hooks.slack.com/actions/T0LOCAL01/1/x',
    actions: [
      {
        type: 'static_select',
        action_id: ACTION_IDS.chooseApi,
        block_id: blockId,
        selected_option: { text: { type: 'plain_text', text: value, emoji: true }, value },
        placeholder: { type: 'plain_text', text: 'Known APIs', emoji: true },
        action_ts: (Date.now() / 1000).toFixed(6),
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return fetch(`${bot.url}/slack/events`, { method: 'POST', headers: { ...signSlackRequest(body, SIGNING_SECRET) }, body });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'd502-pd-e2e-'));
  sim = await startSimulatedAws({ log: () => undefined });
  slack = await startLocalSlackWebApi({ tokens: [TOKEN] });
  bot = await startPagerDutyBot();
});

afterAll(async () => {
  await bot?.stop();
  await Promise.all([sim?.close(), slack?.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('PagerDuty through the Bolt HTTP server', () => {
  it('answers 401 to an unsigned delivery and 202 to a signed one, which opens the thread', async () => {
    const unsigned = await postWebhook(fixture('incident-triggered.json'), 'wh-e2e-0', 'v1=deadbeef');
    const signed = await postWebhook(fixture('incident-triggered.json'), 'wh-e2e-1');
    await bot.idle();

    expect(unsigned.status).toBe(401);
    expect(signed.status).toBe(202);
    expect(await signed.json()).toEqual({ ok: true, status: 'queued' });
    const parents = slack.state.topLevel(CHANNEL);
    expect(parents).toHaveLength(1);
    expect(parents[0]?.text).toMatch(/^5xx diagnosis for orders-api prod \(us-east-1\): Suspected cause: timeout/);
    expect(JSON.stringify(parents[0]?.blocks)).toContain('#4821 ALARM');
  });

  it('after a restart on the same state: drops a redelivery, and joins a new incident of the same API to the open thread', async () => {
    // Prepare
    await bot.stop();
    bot = await startPagerDutyBot();

    // Act
    const redelivery = await postWebhook(fixture('incident-triggered.json'), 'wh-e2e-1');
    const sibling = await postWebhook(asIncident(fixture('incident-triggered.json'), 'QSIBLING1', 4822), 'wh-e2e-2');
    await bot.idle();

    // Assess
    expect(await redelivery.json()).toEqual({ ok: true, status: 'duplicate' });
    expect(sibling.status).toBe(202);
    const parents = slack.state.topLevel(CHANNEL);
    expect(parents).toHaveLength(1);
    const blocks = JSON.stringify(parents[0]?.blocks);
    expect(blocks).toContain('#4821 ALARM');
    expect(blocks).toContain('#4822 ALARM');
  });

  it('takes the API from the menu through a Bolt action and starts the diagnosis', async () => {
    // Prepare
    const unmapped = asIncident(fixture('incident-triggered.json'), 'QMENU0001', 4900, 'PUNMAPPED');
    await postWebhook(unmapped, 'wh-e2e-3');
    await bot.idle();
    const question = slack.state.topLevel(CHANNEL).find((m) => m.text.includes('which API is it about?'));
    expect(question).toBeDefined();

    // Act
    const res = await pickFromMenu(question!.ts, 'd502_choose_api:select:QMENU0001', 'k7x2m9q4ta prod us-east-1');
    // Bolt answers once the listener acknowledges; the job is queued just after.
    await slack.state.waitFor(() => JSON.stringify(slack.state.find(CHANNEL, question!.ts)?.blocks).includes('<@U0BOB> chose'), 'the question to be answered');
    await bot.idle();

    // Assess
    expect(res.status).toBe(200);
    // Same API, within the storm window: it joins the thread already open for that API.
    const parents = slack.state.topLevel(CHANNEL).filter((m) => m.text.startsWith('5xx diagnosis'));
    expect(parents).toHaveLength(1);
    expect(JSON.stringify(parents[0]?.blocks)).toContain('#4900 ALARM');
  });
});
