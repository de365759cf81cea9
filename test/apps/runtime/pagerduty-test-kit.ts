/**
 * The whole PagerDuty path on loopback: the simulated AWS account, the Slack Web API stand-in,
 * the PagerDuty REST stand-in, in-memory stores, the real DiagnosisService and the integration.
 * `deliver` signs a payload as PagerDuty does and calls the webhook handler.
 */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import type { AwsClients } from '../../../src/adapters/aws/aws-clients.ts';
import type { AccessConfig } from '../../../src/adapters/config/access-config-schema.ts';
import { provideAwsActors } from '../../../src/adapters/aws/provide-aws-actors.ts';
import { collectChanges } from '../../../src/adapters/aws/collect-changes.ts';
import { createPagerDutyIntegration, type PagerDutyIntegration } from '../../../src/apps/bot/create-pagerduty-integration.ts';
import type { WebhookResponse } from '../../../src/apps/runtime/handle-pagerduty-webhook.ts';
import { startLocalPagerDutyApi, type LocalPagerDutyApi } from '../../../src/tools/pagerduty-api/local-pagerduty-api.ts';
import { MemoryPagerDutyStore } from '../../../src/adapters/pagerduty/memory-pagerduty-store.ts';
import { DEFAULT_PAGERDUTY_API_URL } from '../../../src/adapters/config/read-pagerduty-env.ts';
import { sharedChangesCollector } from '../../../src/adapters/aws/share-cloudtrail-lookups.ts';
import { signPagerDutyBody } from '../../../src/adapters/pagerduty/verify-pagerduty-signature.ts';
import { loadRunbook } from '../../../src/adapters/config/load-runbook.ts';
import { DiagnosisService } from '../../../src/apps/runtime/diagnosis-service.ts';
import type { Scenario } from '../../../src/tools/sim/scenario-schema.ts';
import { startSimulatedAws, type SimulatedAws } from '../../../src/tools/sim/start-simulated-aws.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../../../src/tools/slack-web-api/start-local-slack-web-api.ts';
import { MemoryStateStore } from '../../../src/adapters/store/memory-state-store.ts';

export { asIncident, fixture } from './pagerduty-fixtures.ts';

export const SECRET = 'pd-webhook-secret-current';
export const OLD_SECRET = 'pd-webhook-secret-previous';
export const CHANNEL = 'C0PAGERDUT';
export const PD_TOKEN = 'pd-local-token';
export const ORDERS = { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' } as const;

export function simAwsClients(url: string, region = 'us-east-1'): AwsClients {
  const config = { endpoint: url, region, credentials: { accessKeyId: 'sim', secretAccessKey: 'sim' }, maxAttempts: 3 };
  return {
    region,
    apiGateway: new APIGatewayClient(config),
    apiGatewayV2: new ApiGatewayV2Client(config),
    cloudWatch: new CloudWatchClient(config),
    logs: new CloudWatchLogsClient(config),
    cloudTrail: new CloudTrailClient(config),
    lambda: new LambdaClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
  };
}

export interface KitOptions {
  config?: AccessConfig;
  /** Start the PagerDuty REST stand-in and give the bot a token (and a From address). */
  rest?: boolean;
  scenarios?: Scenario[];
  cloudTrailCallsPerSecond?: number;
  /** Channels the bot is not a member of. */
  channelsWithoutBot?: string[];
  /** Pauses before each retry of a failed PagerDuty job; default two short ones. */
  retryDelaysMs?: number[];
}

export interface Kit {
  sim: SimulatedAws;
  slack: LocalSlackWebApi;
  pd: LocalPagerDutyApi | undefined;
  store: MemoryStateStore;
  pagerDutyStore: MemoryPagerDutyStore;
  service: DiagnosisService;
  integration: PagerDutyIntegration;
  lookups: ReturnType<typeof sharedChangesCollector>;
  deliver(payload: unknown, options?: { webhookId?: string | null; signature?: string }): Promise<WebhookResponse>;
  /** Every queued PagerDuty job, and every diagnosis, finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export const BASE_CONFIG: AccessConfig = {
  apis: { k7x2m9q4ta: { region: 'us-east-1' } },
  pagerduty: { channel: CHANNEL, services: { PX1ORD2: { ...ORDERS } } },
};

export async function startKit(options: KitOptions = {}): Promise<Kit> {
  const sim = await startSimulatedAws({
    ...(options.scenarios ? { scenarios: options.scenarios } : {}),
    cloudTrailCallsPerSecond: options.cloudTrailCallsPerSecond ?? 2,
    log: () => undefined,
  });
  const slack = await startLocalSlackWebApi({ ...(options.channelsWithoutBot ? { channelsWithoutBot: options.channelsWithoutBot } : {}) });
  const pd = options.rest ? await startLocalPagerDutyApi({ tokens: [PD_TOKEN] }) : undefined;
  const store = new MemoryStateStore();
  const pagerDutyStore = new MemoryPagerDutyStore();
  const logger = pino({ level: 'silent' });
  const clients = simAwsClients(sim.url);
  const lookups = sharedChangesCollector(collectChanges);
  const clientsFor = () => clients;
  const logic = provideAwsActors({ clientsFor, changes: lookups });
  const runbook = await loadRunbook();
  const web = new WebClient('xoxb-local-test-token', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  const service = new DiagnosisService({ store, slack: web, logic, runbook, logger });
  const integration = createPagerDutyIntegration({
    env: {
      webhookSecrets: [SECRET, OLD_SECRET],
      ...(pd ? { apiToken: PD_TOKEN, apiUrl: pd.url, fromEmail: 'diagnose-502@acme.example' } : { apiUrl: DEFAULT_PAGERDUTY_API_URL }),
      stormWindowMinutes: 10,
    },
    config: options.config ?? BASE_CONFIG,
    service,
    store,
    pagerDutyStore,
    slack: web,
    logic,
    logger,
    defaultRegion: 'us-east-1',
    retryDelaysMs: options.retryDelaysMs ?? [20, 20],
  });
  let deliveries = 0;
  return {
    sim,
    slack,
    pd,
    store,
    pagerDutyStore,
    service,
    integration,
    lookups,
    deliver(payload, deliverOptions = {}) {
      const rawBody = JSON.stringify(payload);
      deliveries += 1;
      const webhookId = deliverOptions.webhookId === undefined ? `wh-${deliveries}-${Math.random().toString(36).slice(2)}` : deliverOptions.webhookId;
      return integration.handleWebhook({
        rawBody: Buffer.from(rawBody),
        headers: {
          'content-type': 'application/json',
          'x-pagerduty-signature': deliverOptions.signature ?? signPagerDutyBody(rawBody, SECRET),
          ...(webhookId !== null ? { 'x-webhook-id': webhookId } : {}),
        },
      });
    },
    async idle() {
      await integration.idle();
      await service.idle();
    },
    async close() {
      await integration.close();
      for (const c of Object.values(clients)) if (typeof c === 'object') c.destroy();
      await Promise.all([sim.close(), slack.close(), pd?.close()]);
    },
  };
}

/** Top-level messages the bot posted in the PagerDuty channel. */
export function parents(kit: Kit) {
  return kit.slack.state.topLevel(CHANNEL);
}

/** Every text of a message's blocks, joined: what a reader sees. */
export function shownText(message: { text: string; blocks?: unknown[] }): string {
  return JSON.stringify(message.blocks ?? message.text);
}
