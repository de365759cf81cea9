import { createHash } from 'node:crypto';
/**
 * The worker function as Lambda runs it: SQS events in, the real job handler and diagnosis
 * service, DynamoDB state on dynalite, the collectors against the simulated AWS account, posts
 * to the Slack Web API stand-in. SSM and SQS are faked at the SDK level.
 */
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildWorker, type Worker } from '../../../src/apps/lambda/build-worker.ts';
import { createWorkerHandler } from '../../../src/apps/lambda/create-worker-handler.ts';
import type { SqsEvent, SqsRecord } from '../../../src/apps/lambda/lambda-types.ts';
import type { QueuedJob } from '../../../src/adapters/jobs/queued-job.ts';
import type { PagerDutyEvent } from '../../../src/adapters/pagerduty/pagerduty-webhook-schema.ts';
import type { BotJob } from '../../../src/adapters/jobs/bot-job.ts';
import { startSimulatedAws, type SimulatedAws } from '../../../src/tools/sim/start-simulated-aws.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../../../src/tools/slack-web-api/start-local-slack-web-api.ts';
import { startDynalite, type LocalDynamo } from './start-dynalite.ts';
import { buildAlarmEvent } from '../../../src/tools/sandbox/build-alarm-event.ts';

const BOT_TOKEN = 'xoxb-worker-test-token';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/diagnose-502-test-work';
const CHANNEL = 'C0INCIDENT';

let sim: SimulatedAws;
let slack: LocalSlackWebApi;
let dynamo: LocalDynamo;
const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);
const saved = { ...process.env };

beforeAll(async () => {
  sim = await startSimulatedAws({ log: () => undefined });
  // The collectors build their own clients from the SDK's standard configuration.
  Object.assign(process.env, { AWS_ENDPOINT_URL: sim.url, AWS_ACCESS_KEY_ID: 'sim', AWS_SECRET_ACCESS_KEY: 'sim', AWS_REGION: 'us-east-1' });
  delete process.env['AWS_PROFILE'];
  slack = await startLocalSlackWebApi({ tokens: [BOT_TOKEN] });
  dynamo = await startDynalite();
});
afterAll(async () => {
  process.env = saved;
  await Promise.all([sim?.close(), slack?.close(), dynamo?.close()]);
  sqs.restore();
  ssm.restore();
});
beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'sent' });
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  ssm.reset();
  ssm.on(GetParametersCommand).resolves({
    Parameters: [
      { Name: '/diagnose-502/test/slack-bot-token', Value: BOT_TOKEN },
      { Name: '/diagnose-502/test/slack-signing-secret', Value: 'unused-by-the-worker' },
    ],
  });
});

async function newWorker(settleTimeoutMs?: number, tableName?: string, env: Record<string, string> = {}, now?: () => Date): Promise<Worker> {
  return buildWorker({
    env: {
      STATE_TABLE: tableName ?? (await dynamo.createStateTable()),
      WORK_QUEUE_URL: QUEUE_URL,
      SECRETS_PREFIX: '/diagnose-502/test/',
      SLACK_API_URL: slack.url,
      AWS_REGION: 'us-east-1',
      ...env,
    },
    logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
    ssm: new SSMClient({ region: 'us-east-1' }),
    sqs: new SQSClient({ region: 'us-east-1' }),
    dynamo: dynamo.client,
    ...(settleTimeoutMs ? { settleTimeoutMs } : {}),
    ...(now ? { now } : {}),
  });
}

let sequence = 0;
function sqsRecord(job: QueuedJob | string, messageId = `msg-${++sequence}`, receiveCount = 1): SqsRecord {
  const body = typeof job === 'string' ? job : JSON.stringify(job);
  return {
    messageId,
    receiptHandle: `AQEB${messageId}`,
    body,
    md5OfBody: createHash('md5').update(body).digest('hex'),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'AROAEXAMPLE:ingress',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:diagnose-502-test-work',
    awsRegion: 'us-east-1',
  };
}
const sqsEvent = (...records: SqsRecord[]): SqsEvent => ({ Records: records });

function startJob(apiId: string, stage: string, dedupKey: string): BotJob {
  return {
    kind: 'start',
    request: { ref: { apiId, stage, region: 'us-east-1' }, channel: CHANNEL, requestedBy: 'U0ALICE', requestedAt: new Date().toISOString(), dedupKey },
  };
}

describe('worker', () => {
  it('runs a diagnosis from an SQS message and posts the thread; a redelivery posts nothing more', { timeout: 60_000 }, async () => {
    // Prepare
    const worker = await newWorker();
    const handler = createWorkerHandler({ runtime: async () => worker });
    const scenario = sim.scenarios.find((s) => s.id === 'timeout')!;
    const record = sqsRecord(startJob(scenario.api.id, scenario.api.stages[0]!.name, 'slack-command:T1:trigger-worker-1'));
    const before = slack.state.topLevel(CHANNEL).length;
    // Act
    const first = await handler(sqsEvent(record), { awsRequestId: 'req-1' });
    const parents = slack.state.topLevel(CHANNEL).slice(before);
    const threadAfterFirst = parents[0] ? slack.state.thread(CHANNEL, parents[0].ts).length : 0;
    const second = await handler(sqsEvent({ ...record, receiptHandle: 'AQEBagain', attributes: { ...record.attributes, ApproximateReceiveCount: '2' } }), {
      awsRequestId: 'req-2',
    });
    // Assess
    expect(first).toEqual({ batchItemFailures: [] });
    expect(second).toEqual({ batchItemFailures: [] });
    expect(parents).toHaveLength(1);
    expect(slack.state.topLevel(CHANNEL).slice(before)).toHaveLength(1);
    expect(threadAfterFirst).toBeGreaterThan(0);
    expect(slack.state.thread(CHANNEL, parents[0]!.ts)).toHaveLength(threadAfterFirst);
    const verdict = slack.state.thread(CHANNEL, parents[0]!.ts).find((m) => /timeout/i.test(m.text));
    expect(verdict, 'a verdict naming the timeout').toBeDefined();
    // The collectors only read.
    for (const call of sim.calls) expect(call.operation).toMatch(/^(Get|Describe|List|Filter|Lookup)/);
  });

  it('leases each message id: a redelivery does nothing, a new message with the same job runs', async () => {
    // Prepare: a press on a diagnosis that does not exist makes the job post one ephemeral note.
    const worker = await newWorker();
    const handler = createWorkerHandler({ runtime: async () => worker });
    const job: BotJob = {
      kind: 'event',
      diagnosisId: 'no-such-diagnosis',
      event: { type: 'RECHECK', by: 'U0BOB', at: new Date().toISOString() },
      channel: CHANNEL,
      user: 'U0BOB',
    };
    const notes = () => slack.state.ephemeral('U0BOB').filter((m) => m.text.includes('no longer stored')).length;
    const before = notes();
    const record = sqsRecord(job);
    // Act
    await handler(sqsEvent(record), {});
    await handler(sqsEvent(record), {});
    const afterRedelivery = notes();
    await handler(sqsEvent(sqsRecord(job)), {});
    // Assess
    expect(afterRedelivery - before).toBe(1);
    expect(notes() - before).toBe(2);
  });

  it('reports failed and unreadable messages as batch item failures, and runs the rest', async () => {
    const worker = await newWorker();
    const handler = createWorkerHandler({ runtime: async () => worker });
    const pd = sqsRecord({
      kind: 'pagerduty-choose-api',
      incidentId: 'P1',
      choice: 'a1b2c3d4e5 prod',
      user: 'U1',
      channel: CHANNEL,
      messageTs: '1.1',
      at: new Date().toISOString(),
    });
    const garbage = sqsRecord('{"kind":"launch-missiles"}');
    const fine = sqsRecord({ kind: 'resume', diagnosisId: 'nothing-to-resume' });
    const result = await handler(sqsEvent(pd, garbage, fine), {});
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([garbage.messageId, pd.messageId].sort());
  });

  it('brings a failed job back within a minute with its lease given back, instead of after the 900 s visibility timeout', async () => {
    const worker = await newWorker();
    const handler = createWorkerHandler({ runtime: async () => worker });
    // Without PagerDuty configured, this job fails every time it runs.
    const failing = sqsRecord({
      kind: 'pagerduty-choose-api',
      incidentId: 'P2',
      choice: 'a1b2c3d4e5 prod',
      user: 'U1',
      channel: CHANNEL,
      messageTs: '1.2',
      at: new Date().toISOString(),
    });
    const first = await handler(sqsEvent(failing), {});
    // The same message again (SQS's retry): it runs again, so the lease was given back, not kept for 600 s.
    const retry = await handler(sqsEvent({ ...failing, attributes: { ...failing.attributes, ApproximateReceiveCount: '2' } }), {});
    expect([first, retry]).toEqual([
      { batchItemFailures: [{ itemIdentifier: failing.messageId }] },
      { batchItemFailures: [{ itemIdentifier: failing.messageId }] },
    ]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: failing.receiptHandle, VisibilityTimeout: 30 },
      { QueueUrl: QUEUE_URL, ReceiptHandle: failing.receiptHandle, VisibilityTimeout: 60 },
    ]);
  });

  it('runs a PagerDuty job when PagerDuty is configured: the incident opens a diagnosis thread', { timeout: 60_000 }, async () => {
    // Prepare: the webhook secret in SSM turns PagerDuty on; the config maps the service to an API.
    ssm.on(GetParametersCommand).resolves({
      Parameters: [
        { Name: '/diagnose-502/test/slack-bot-token', Value: BOT_TOKEN },
        { Name: '/diagnose-502/test/slack-signing-secret', Value: 'unused' },
        { Name: '/diagnose-502/test/pagerduty-webhook-secret', Value: 'pd-secret' },
      ],
    });
    const scenario = sim.scenarios.find((s) => s.id === 'timeout')!;
    const configPath = join(await mkdtemp(join(tmpdir(), 'd502-worker-')), 'bot.yaml');
    await writeFile(
      configPath,
      `pagerduty:\n  channel: C0PAGER\n  services:\n    PX1ORD2: { apiId: ${scenario.api.id}, stage: ${scenario.api.stages[0]!.name}, region: us-east-1 }\n`,
    );
    const worker = await newWorker(undefined, undefined, { DIAGNOSE502_CONFIG: configPath });
    const { event } = JSON.parse(await readFile(new URL('../../fixtures/pagerduty/incident-triggered.json', import.meta.url), 'utf8')) as {
      event: PagerDutyEvent;
    };
    // Act
    const result = await createWorkerHandler({ runtime: async () => worker })(
      sqsEvent(sqsRecord({ kind: 'pagerduty-event', deliveryId: 'delivery-w1', event, receivedAt: new Date().toISOString() })),
      {},
    );
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const [parent] = slack.state.topLevel('C0PAGER');
    expect(parent?.text ?? '').toContain(`diagnosis for ${scenario.api.name} ${scenario.api.stages[0]!.name}`);
  });

  it('runs an alarm state change put on the queue as-is by the EventBridge rule: ALARM opens the thread, OK marks it recovered', {
    timeout: 60_000,
  }, async () => {
    // Prepare: the rule's target is the queue, so the body is the bare EventBridge event.
    const configPath = join(await mkdtemp(join(tmpdir(), 'd502-worker-')), 'bot.yaml');
    await writeFile(configPath, 'alarms:\n  channel: C0ALARMW\n');
    const worker = await newWorker(undefined, undefined, { DIAGNOSE502_CONFIG: configPath });
    const handler = createWorkerHandler({ runtime: async () => worker });
    const at = new Date(Date.now() - 2 * 60_000);
    const alarm = (state: 'ALARM' | 'OK', when: Date) =>
      JSON.stringify(
        buildAlarmEvent({ alarmName: 'orders-5xx', region: 'us-east-1', state, at: when, api: { type: 'rest', name: 'orders-api', stage: 'prod' } }),
      );
    // Act
    const fired = await handler(sqsEvent(sqsRecord(alarm('ALARM', at))), {});
    // EventBridge delivers at least once: the same event again, as another message.
    const again = await handler(sqsEvent(sqsRecord(alarm('ALARM', at))), {});
    const recovered = await handler(sqsEvent(sqsRecord(alarm('OK', new Date(at.getTime() + 60_000)))), {});
    // Assess
    expect([fired, again, recovered]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }, { batchItemFailures: [] }]);
    const parents = slack.state.topLevel('C0ALARMW');
    expect(parents).toHaveLength(1);
    expect(parents[0]!.text).toMatch(/^5xx diagnosis for orders-api prod \(us-east-1\): Suspected cause: timeout/);
    expect(JSON.stringify(parents[0]!.blocks)).toContain('all back to OK (recovered)');
  });

  it('drops an alarm event when the config has no alarms section, instead of retrying it into the dead-letter queue', async () => {
    const worker = await newWorker();
    const event = buildAlarmEvent({
      alarmName: 'orders-5xx',
      region: 'us-east-1',
      state: 'ALARM',
      at: new Date(),
      api: { type: 'rest', name: 'orders-api', stage: 'prod' },
    });
    const result = await createWorkerHandler({ runtime: async () => worker })(sqsEvent(sqsRecord(JSON.stringify(event))), {});
    expect(result).toEqual({ batchItemFailures: [] });
  });

  it('sweeps a diagnosis cut short into a resume job, and the resume finishes it', { timeout: 60_000 }, async () => {
    // Prepare: a worker that gives up waiting at once, as if the function had timed out.
    const tableName = await dynamo.createStateTable();
    const impatient = await newWorker(1, tableName);
    const scenario = sim.scenarios.find((s) => s.id === 'permission')!;
    await createWorkerHandler({ runtime: async () => impatient })(
      sqsEvent(sqsRecord(startJob(scenario.api.id, scenario.api.stages[0]!.name, 'slack-command:T1:sweep-1'))),
      {},
    );
    const open = await impatient.store.listOpen();
    expect(open).toHaveLength(1);
    // Act: the scheduled sweep finds it (nothing is recent with staleMs 0) and queues a resume.
    const resumed = await impatient.sweep(0);
    const resumeJob = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!) as BotJob;
    const patient = await newWorker(undefined, tableName);
    const result = await createWorkerHandler({ runtime: async () => patient })(sqsEvent(sqsRecord(resumeJob)), {});
    // Assess
    expect(resumed).toBe(1);
    expect(resumeJob).toEqual({ kind: 'resume', diagnosisId: open[0]!.id });
    expect(result.batchItemFailures).toEqual([]);
    const record = await patient.store.get(open[0]!.id);
    expect(record?.messages['verdict']).toBeDefined();
  });

  // Issue 11, finding 5: every sweep restored every diagnosis ever left open, however old.
  it('leaves a dormant diagnosis out of the sweep, and its record stays readable', { timeout: 60_000 }, async () => {
    // Prepare: a diagnosis cut short, then looked at two hours later.
    const tableName = await dynamo.createStateTable();
    const impatient = await newWorker(1, tableName);
    const scenario = sim.scenarios.find((s) => s.id === 'permission')!;
    await createWorkerHandler({ runtime: async () => impatient })(
      sqsEvent(sqsRecord(startJob(scenario.api.id, scenario.api.stages[0]!.name, 'slack-command:T1:dormant-1'))),
      {},
    );
    const [cutShort] = await impatient.store.listOpen();
    const twoHoursOn = () => new Date(Date.now() + 2 * 3_600_000);
    const active = await newWorker(undefined, tableName, {}, twoHoursOn);
    const dormantAfterAnHour = await newWorker(undefined, tableName, { DIAGNOSIS_DORMANT_HOURS: '1' }, twoHoursOn);
    // Act: with the default 24 hours it is still active; with one hour it is dormant.
    const resumedWhileActive = await active.sweep(0);
    const resumedWhenDormant = await dormantAfterAnHour.sweep(0);
    // Assess
    expect(resumedWhileActive).toBe(1);
    expect(resumedWhenDormant).toBe(0);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
    expect(await dormantAfterAnHour.store.get(cutShort!.id)).toMatchObject({ id: cutShort!.id, open: true });
  });
});
