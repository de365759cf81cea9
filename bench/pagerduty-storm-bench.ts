/**
 * An alert storm against the whole PagerDuty path: signed incidents POSTed to the webhook over
 * HTTP, spread over a few seconds across many APIs of one account, diagnosed against the
 * simulated account with a delay on every AWS call and the real CloudTrail quota (2 calls/s).
 * Measures time to the last verdict, AWS calls, throttling errors and failed diagnoses.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import type { ApiRef } from '../src/core/api/api-ref.ts';
import { buildAwsClients, type AwsClients } from '../src/adapters/aws/aws-clients.ts';
import type { AccessConfig } from '../src/adapters/config/access-config-schema.ts';
import { provideAwsActors } from '../src/adapters/aws/provide-aws-actors.ts';
import { collectChanges } from '../src/adapters/aws/collect-changes.ts';
import { createPagerDutyIntegration } from '../src/apps/bot/create-pagerduty-integration.ts';
import { MemoryPagerDutyStore } from '../src/adapters/pagerduty/memory-pagerduty-store.ts';
import { PAGERDUTY_WEBHOOK_PATH } from '../src/apps/bot/pagerduty-webhook-route.ts';
import { sharedChangesCollector } from '../src/adapters/aws/share-cloudtrail-lookups.ts';
import { signPagerDutyBody } from '../src/adapters/pagerduty/verify-pagerduty-signature.ts';
import { loadRunbook } from '../src/adapters/config/load-runbook.ts';
import { DiagnosisService } from '../src/apps/runtime/diagnosis-service.ts';
import { parseScenario } from '../src/tools/sim/parse-scenario.ts';
import type { Scenario } from '../src/tools/sim/scenario-schema.ts';
import { startSimulatedAws } from '../src/tools/sim/start-simulated-aws.ts';
import { startLocalSlackWebApi } from '../src/tools/slack-web-api/start-local-slack-web-api.ts';
import { MemoryStateStore } from '../src/adapters/store/memory-state-store.ts';

export interface PagerDutyStormResult {
  incidents: number;
  apis: number;
  /** From the first delivery to the last verdict posted in a thread. */
  timeToLastVerdictMs: number;
  awsCalls: number;
  throttlingErrors: number;
  failedDiagnoses: number;
  threads: number;
}

export interface PagerDutyStormOptions {
  incidents?: number;
  apis?: number;
  /** Deliveries are spread evenly over this long. */
  spreadMs?: number;
  latencyMs?: number;
  cloudTrailCallsPerSecond?: number;
  /** Share CloudTrail lookups between diagnoses (default); false shows what sharing saves. */
  shareCloudTrail?: boolean;
}

export interface PagerDutyStormDetail extends PagerDutyStormResult {
  /** LookupEvents calls the simulated account answered. */
  lookupEvents: number;
  /** Slowest webhook answer, in ms (PagerDuty allows 5 s). */
  slowestWebhookMs: number;
  webhookStatuses: number[];
  /** Incident numbers listed in each thread's parent message, by API id. */
  listed: Record<string, number[]>;
  /** Incident numbers sent, by API id. */
  sent: Record<string, number[]>;
  /** Verdict cause per API id. */
  verdicts: Record<string, string>;
}

const CHANNEL = 'C0PAGESTRM';
const SECRET = 'storm-webhook-secret';
const BASE_SCENARIO = new URL('../scenarios/timeout.yaml', import.meta.url);

/** 100 incidents in 10 s across 20 APIs, 100 ms per AWS call, CloudTrail at its real quota. */
export async function benchPagerDutyStorm(): Promise<PagerDutyStormResult> {
  const d = await runPagerDutyStorm({ incidents: 100, apis: 20, spreadMs: 10_000, latencyMs: 100, cloudTrailCallsPerSecond: 2 });
  return {
    incidents: d.incidents,
    apis: d.apis,
    timeToLastVerdictMs: d.timeToLastVerdictMs,
    awsCalls: d.awsCalls,
    throttlingErrors: d.throttlingErrors,
    failedDiagnoses: d.failedDiagnoses,
    threads: d.threads,
  };
}

/**
 * Copies of the timeout scenario with their own API id, name and functions, so many APIs of one
 * account can page at once.
 */
export async function stormScenarios(count: number): Promise<Scenario[]> {
  const text = await readFile(BASE_SCENARIO, 'utf8');
  return Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(2, '0');
    const copy = text
      .replace(/^id: timeout$/m, `id: storm-${n}`)
      .replace(/\bk7x2m9q4ta\b/g, stormApiId(i))
      .replace(/\borders-api\b/g, `orders-api-${n}`)
      .replace(/\borders-list\b/g, `orders-list-${n}`)
      .replace(/\borders-create\b/g, `orders-create-${n}`);
    return parseScenario(copy, `storm-${n}.yaml`);
  });
}

export function stormApiId(i: number): string {
  return `k7x2m9q4${i.toString(36).padStart(2, '0')}`;
}

export async function runPagerDutyStorm(options: PagerDutyStormOptions = {}): Promise<PagerDutyStormDetail> {
  const incidents = options.incidents ?? 100;
  const apis = options.apis ?? 20;
  const spreadMs = options.spreadMs ?? 10_000;
  const scenarios = await stormScenarios(apis);
  const sim = await startSimulatedAws({
    scenarios,
    latencyMs: options.latencyMs ?? 100,
    cloudTrailCallsPerSecond: options.cloudTrailCallsPerSecond ?? 2,
    log: () => undefined,
  });
  const slack = await startLocalSlackWebApi();
  const store = new MemoryStateStore();
  const logger = pino({ level: 'silent' });
  const clients = simClients(sim.url);
  const clientsFor = () => clients;
  // Without sharing, each diagnosis pages CloudTrail itself: the figure the shared cache is measured against.
  const logic = provideAwsActors({ clientsFor, changes: options.shareCloudTrail === false ? collectChanges : sharedChangesCollector(collectChanges) });
  const web = new WebClient('xoxb-local-test-token', { slackApiUrl: slack.url });
  const service = new DiagnosisService({ store, slack: web, logic, runbook: await loadRunbook(), logger });
  const refs: ApiRef[] = scenarios.map((s) => ({ apiId: s.api.id, stage: s.api.stages[0]!.name, region: s.region }));
  const config: AccessConfig = {
    apis: Object.fromEntries(refs.map((r) => [r.apiId, { region: r.region }])),
    pagerduty: { channel: CHANNEL, services: Object.fromEntries(refs.map((r, i) => [serviceId(i), r])) },
  };
  const integration = createPagerDutyIntegration({
    env: { webhookSecrets: [SECRET], apiUrl: 'http://127.0.0.1:9', stormWindowMinutes: 10 },
    config,
    service,
    store,
    pagerDutyStore: new MemoryPagerDutyStore(),
    slack: web,
    logic,
    logger,
    defaultRegion: 'us-east-1',
  });
  const server = await listen(integration.route.handler);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PAGERDUTY_WEBHOOK_PATH}`;

  const sent: Record<string, number[]> = {};
  const webhookTimes: number[] = [];
  const webhookStatuses: number[] = [];
  try {
    const t0 = performance.now();
    const started = Date.now();
    const deliveries = Array.from({ length: incidents }, async (_, i) => {
      await sleep(Math.max(0, (i * spreadMs) / incidents - (performance.now() - t0)));
      const api = i % apis;
      const number = 7000 + i;
      const apiId = refs[api]!.apiId;
      sent[apiId] = [...(sent[apiId] ?? []), number];
      const body = JSON.stringify(triggered(`QSTORM${String(i).padStart(4, '0')}`, number, serviceId(api), refs[api]!, new Date().toISOString()));
      const sentAt = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signPagerDutyBody(body, SECRET), 'x-webhook-id': `storm-${i}` },
        body,
      });
      webhookTimes.push(performance.now() - sentAt);
      webhookStatuses.push(res.status);
      await res.arrayBuffer();
    });
    await Promise.all(deliveries);
    await integration.idle();
    await service.idle();

    const records = await store.listOpen();
    const parents = slack.state.topLevel(CHANNEL);
    let lastVerdictAt = started;
    const verdicts: Record<string, string> = {};
    for (const record of records) {
      const verdictTs = record.messages['verdict'];
      const message = verdictTs ? slack.state.find(record.channel, verdictTs) : undefined;
      if (!message) continue;
      lastVerdictAt = Math.max(lastVerdictAt, Date.parse(message.edits[0]?.at ?? message.postedAt));
      verdicts[record.ref.apiId] = /Suspected cause: (\S+)/.exec(slack.state.find(record.channel, record.parentTs ?? '')?.text ?? '')?.[1] ?? 'unknown';
    }
    const listed: Record<string, number[]> = {};
    for (const record of records) {
      const parent = slack.state.find(record.channel, record.parentTs ?? '');
      listed[record.ref.apiId] = [...JSON.stringify(parent?.blocks ?? []).matchAll(/\|#(\d+) /g)].map((m) => Number(m[1]));
    }
    const lookups = sim.calls.filter((c) => c.operation === 'LookupEvents');
    return {
      incidents,
      apis,
      timeToLastVerdictMs: lastVerdictAt - started,
      awsCalls: sim.calls.length,
      throttlingErrors: lookups.filter((c) => c.status === 400).length,
      failedDiagnoses: parents.length - Object.keys(verdicts).length,
      threads: parents.length,
      lookupEvents: lookups.length,
      slowestWebhookMs: Math.round(Math.max(0, ...webhookTimes)),
      webhookStatuses,
      listed,
      sent,
      verdicts,
    };
  } finally {
    await integration.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    for (const c of Object.values(clients)) if (typeof c === 'object') c.destroy();
    await Promise.all([sim.close(), slack.close()]);
  }
}

function serviceId(i: number): string {
  return `PSTORM${String(i).padStart(2, '0')}`;
}

/** A v3 incident.triggered as PagerDuty sends it for a CloudWatch alarm on the API. */
function triggered(incidentId: string, number: number, service: string, ref: ApiRef, at: string) {
  return {
    event: {
      id: `01STORM${incidentId}`,
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: at,
      agent: { id: service, type: 'service_reference', summary: `API ${ref.apiId}` },
      client: { name: 'Amazon CloudWatch' },
      data: {
        id: incidentId,
        type: 'incident',
        self: `https://api.pagerduty.com/incidents/${incidentId}`,
        html_url: `https://acme.pagerduty.com/incidents/${incidentId}`,
        number,
        status: 'triggered',
        incident_key: `arn:aws:cloudwatch:${ref.region}:123456789012:alarm:${ref.apiId}-5xx-${number}`,
        created_at: at,
        title: `ALARM: "${ref.apiId}-${ref.stage}-5xx" in US East (N. Virginia)`,
        service: { id: service, type: 'service_reference', summary: `API ${ref.apiId}` },
        assignees: [{ id: 'PDLEE01', type: 'user_reference', summary: 'Dana Lee' }],
        urgency: 'high',
      },
    },
  };
}

function simClients(url: string): AwsClients {
  const config = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'sim', secretAccessKey: 'sim' } };
  return buildAwsClients(config);
}

function listen(handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === PAGERDUTY_WEBHOOK_PATH) return handler(req as never, res);
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
