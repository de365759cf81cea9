/**
 * The ingress function as Lambda runs it: API Gateway v2 events (signed Slack bodies, base64),
 * Bolt's AwsLambdaReceiver with the bot's real listeners, the SQS queue faked at the SDK level,
 * SSM faked likewise, DynamoDB (PagerDuty claims) on dynalite and Slack's Web API stand-in.
 */
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildIngressParts } from '../../../src/apps/lambda/build-ingress.ts';
import { createIngressHandler } from '../../../src/apps/lambda/create-ingress-handler.ts';
import type { QueuedJob } from '../../../src/adapters/jobs/queued-job.ts';
import { signPagerDutyBody } from '../../../src/adapters/pagerduty/verify-pagerduty-signature.ts';
import { encodeButtonValue, ACTION_IDS } from '../../../src/adapters/slack/action-ids.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../../../src/tools/slack-web-api/start-local-slack-web-api.ts';
import { blockActionsBody, signSlackRequest, slashCommandBody } from '../../helpers/slack/sign-slack-request.ts';
import { httpApiEvent } from './http-api-event.ts';
import { startDynalite, type LocalDynamo } from './start-dynalite.ts';

const SIGNING_SECRET = 'lambda-signing-secret-1c9e';
const BOT_TOKEN = 'xoxb-lambda-test-token';
const PD_SECRET = 'pd-webhook-secret-77';
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/diagnose-502-test-work';
/** Slack gives up after 3 s; the warm path must stay far below. */
const ACK_BUDGET_MS = 1_000;

let slack: LocalSlackWebApi;
let dynamo: LocalDynamo;
let tableName: string;
const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);

beforeAll(async () => {
  slack = await startLocalSlackWebApi({ tokens: [BOT_TOKEN] });
  dynamo = await startDynalite();
  tableName = await dynamo.createStateTable();
});
afterAll(async () => {
  await slack?.close();
  await dynamo?.close();
  sqs.restore();
  ssm.restore();
});
beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  ssm.reset();
  ssm.on(GetParametersCommand).resolves({
    Parameters: [
      { Name: '/diagnose-502/test/slack-bot-token', Value: BOT_TOKEN },
      { Name: '/diagnose-502/test/slack-signing-secret', Value: SIGNING_SECRET },
      { Name: '/diagnose-502/test/pagerduty-webhook-secret', Value: PD_SECRET },
    ],
    InvalidParameters: ['/diagnose-502/test/pagerduty-api-token'],
  });
});

function newIngress(env: Record<string, string> = {}) {
  return createIngressHandler(
    buildIngressParts({
      env: {
        STATE_TABLE: tableName,
        WORK_QUEUE_URL: QUEUE_URL,
        SECRETS_PREFIX: '/diagnose-502/test/',
        SLACK_API_URL: slack.url,
        AWS_REGION: 'eu-west-1',
        ...env,
      },
      logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
      ssm: new SSMClient({ region: 'eu-west-1' }),
      sqs: new SQSClient({ region: 'eu-west-1' }),
      dynamo: dynamo.client,
    }),
  );
}

function sentJobs(): QueuedJob[] {
  return sqs.commandCalls(SendMessageCommand).map((c) => {
    expect(c.args[0].input.QueueUrl).toBe(QUEUE_URL);
    return JSON.parse(c.args[0].input.MessageBody!) as QueuedJob;
  });
}

function signedSlackEvent(body: string, extra: Record<string, string> = {}, contentType = 'application/x-www-form-urlencoded') {
  return httpApiEvent({ path: '/slack/events', body, headers: { ...signSlackRequest(body, SIGNING_SECRET), 'content-type': contentType, ...extra } });
}

describe('ingress: Slack', () => {
  it('acknowledges a signed slash command within budget and enqueues the diagnosis', async () => {
    // Prepare
    const ingress = newIngress();
    const body = slashCommandBody({ text: 'a1b2c3d4e5 prod', trigger_id: '1234.5678.abcdef' });
    await ingress(signedSlackEvent(slashCommandBody({ text: 'help' })), {}); // cold start: secrets, Bolt, auth.test
    sqs.resetHistory();
    // Act
    const started = performance.now();
    const result = await ingress(signedSlackEvent(body), { awsRequestId: 'r-1' });
    const elapsed = performance.now() - started;
    // Assess
    expect(result.statusCode).toBe(200);
    expect(elapsed).toBeLessThan(ACK_BUDGET_MS);
    const jobs = sentJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      kind: 'start',
      request: {
        ref: { apiId: 'a1b2c3d4e5', stage: 'prod', region: 'eu-west-1' },
        channel: 'C0INCIDENT',
        requestedBy: 'U0ALICE',
        dedupKey: 'slack-command:T0LOCAL01:1234.5678.abcdef',
      },
    });
    // The secrets were read once for the cold start, not per request.
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
    expect(ssm.commandCalls(GetParametersCommand)[0]!.args[0].input).toMatchObject({ WithDecryption: true });
  });

  it('answers a malformed command in the acknowledgement and enqueues nothing', async () => {
    const result = await newIngress()(signedSlackEvent(slashCommandBody({ text: 'not-an-api' })), {});
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ response_type: 'ephemeral' });
    expect(sentJobs()).toEqual([]);
  });

  it('refuses a bad signature with 401 and enqueues nothing', async () => {
    const body = slashCommandBody({ text: 'a1b2c3d4e5 prod' });
    const event = signedSlackEvent(body, { 'x-slack-signature': `v0=${'0'.repeat(64)}` });
    const result = await newIngress()(event, {});
    expect(result.statusCode).toBe(401);
    expect(sentJobs()).toEqual([]);
  });

  it('hands a Slack retry on with the same dedup key as the first delivery, so the worker starts it once', async () => {
    // The first delivery may have failed before it was queued; then the retry is the only copy.
    const body = slashCommandBody({ text: 'a1b2c3d4e5 prod' });
    const ingress = newIngress();
    await ingress(signedSlackEvent(body), {});
    const result = await ingress(signedSlackEvent(body, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }), {});
    expect(result.statusCode).toBe(200);
    const keys = sentJobs().map((job) => (job as { request?: { dedupKey?: string } }).request?.dedupKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeDefined();
    expect(keys[1]).toBe(keys[0]);
  });

  it('enqueues a button press as an event job', async () => {
    const body = blockActionsBody({
      actionId: ACTION_IDS.recheck,
      value: encodeButtonValue({ diagnosisId: 'diag-42', version: 3 }),
      messageTs: '1700000000.000100',
      threadTs: '1700000000.000001',
    });
    const result = await newIngress()(signedSlackEvent(body), {});
    expect(result.statusCode).toBe(200);
    expect(sentJobs()).toEqual([
      expect.objectContaining({
        kind: 'event',
        diagnosisId: 'diag-42',
        event: expect.objectContaining({ type: 'RECHECK', by: 'U0BOB' }),
        threadTs: '1700000000.000001',
      }),
    ]);
  });

  it('verifies a base64 body with non-ASCII text (decoded as UTF-8, not ASCII)', async () => {
    // Prepare: Events API JSON with a snowman, signed over its UTF-8 bytes as Slack does.
    const body = JSON.stringify({ token: 'x', challenge: 'snow☃man', type: 'url_verification' });
    const event = httpApiEvent({
      path: '/slack/events',
      body,
      base64: true,
      headers: { ...signSlackRequest(body, SIGNING_SECRET), 'content-type': 'application/json' },
    });
    // Act
    const result = await newIngress()(event, {});
    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ challenge: 'snow☃man' });
  });
});

describe('ingress: the Slack signature is checked before Bolt sees the body (issue 11, findings 6 and 11)', () => {
  it('refuses unsigned malformed JSON with 401, not a parse failure', async () => {
    const event = httpApiEvent({ path: '/slack/events', body: '{"type": "event_callback", ', headers: { 'content-type': 'application/json' } });
    const result = await newIngress()(event, {});
    expect(result.statusCode).toBe(401);
    expect(sentJobs()).toEqual([]);
  });

  it('refuses a badly signed malformed JSON body with 401', async () => {
    const body = '{"type": "event_callback", ';
    const event = httpApiEvent({
      path: '/slack/events',
      body,
      headers: { ...signSlackRequest(body, 'not-the-secret'), 'content-type': 'application/json' },
    });
    expect((await newIngress()(event, {})).statusCode).toBe(401);
  });

  it('refuses an unsigned 7.5 MB body with 401 before anything parses it', async () => {
    const ingress = newIngress();
    await ingress(signedSlackEvent(slashCommandBody({ text: 'help' })), {}); // cold start
    const body = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', junk: 'x&y='.repeat(1_500_000) }))}`;
    const event = httpApiEvent({ path: '/slack/events', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const started = performance.now();
    const result = await ingress(event, {});
    // Parsing the form and its JSON takes seconds; checking the (absent) signature, nothing.
    expect(performance.now() - started).toBeLessThan(ACK_BUDGET_MS);
    expect(result.statusCode).toBe(401);
    expect(sentJobs()).toEqual([]);
  });

  it.each([
    ['10 minutes in the future', 600],
    ['6 minutes in the future', 360],
    ['6 minutes in the past', -360],
  ])('refuses a correctly signed request stamped %s', async (_when, offsetSeconds) => {
    const body = slashCommandBody({ text: 'a1b2c3d4e5 prod' });
    const at = Math.floor(Date.now() / 1000) + offsetSeconds;
    const event = httpApiEvent({ path: '/slack/events', body, headers: { ...signSlackRequest(body, SIGNING_SECRET, at) } });
    const result = await newIngress()(event, {});
    expect(result.statusCode).toBe(401);
    expect(sentJobs()).toEqual([]);
  });

  it('accepts a signed request stamped within the window either way (clock skew)', async () => {
    const body = slashCommandBody({ text: 'a1b2c3d4e5 prod' });
    const ingress = newIngress();
    for (const offset of [-240, 240]) {
      const event = httpApiEvent({
        path: '/slack/events',
        body,
        headers: { ...signSlackRequest(body, SIGNING_SECRET, Math.floor(Date.now() / 1000) + offset) },
      });
      expect((await ingress(event, {})).statusCode).toBe(200);
    }
  });
});

describe('ingress: PagerDuty and routing', () => {
  function pagerDutyEvent(deliveryId: string, eventId = 'evt-1') {
    const body = JSON.stringify({
      event: {
        id: eventId,
        event_type: 'incident.triggered',
        resource_type: 'incident',
        occurred_at: new Date(Date.now() - 60_000).toISOString(),
        agent: null,
        client: null,
        data: { id: 'PINC123', type: 'incident', status: 'triggered', title: '5xx on orders API', service: { id: 'PSVC1', summary: 'orders' }, assignees: [] },
      },
    });
    return httpApiEvent({
      path: '/pagerduty/webhook',
      body,
      headers: {
        'content-type': 'application/json',
        'x-pagerduty-signature': signPagerDutyBody(body, PD_SECRET),
        'x-webhook-id': deliveryId,
        'user-agent': 'PagerDuty-Webhook/V3.0',
      },
    });
  }

  it('routes the webhook to the PagerDuty handler before Bolt, queues it once per event', async () => {
    // Prepare
    const ingress = newIngress();
    // Act
    const first = await ingress(pagerDutyEvent('delivery-1'), {});
    const again = await ingress(pagerDutyEvent('delivery-1'), {});
    // Assess
    expect(first.statusCode).toBe(202);
    expect(JSON.parse(first.body ?? '')).toEqual({ ok: true, status: 'queued' });
    expect(again.statusCode).toBe(202);
    expect(JSON.parse(again.body ?? '')).toEqual({ ok: true, status: 'duplicate' });
    expect(sentJobs()).toEqual([expect.objectContaining({ kind: 'pagerduty-event', deliveryId: 'evt-1' })]);
  });

  it('refuses an unsigned webhook', async () => {
    const event = pagerDutyEvent('delivery-2');
    event.headers['x-pagerduty-signature'] = `v1=${'a'.repeat(64)}`;
    const result = await newIngress()(event, {});
    expect(result.statusCode).toBe(401);
    expect(sentJobs()).toEqual([]);
  });

  it('answers 404 for the webhook when PagerDuty is not configured, and for unknown paths', async () => {
    ssm.on(GetParametersCommand).resolves({
      Parameters: [
        { Name: '/diagnose-502/test/slack-bot-token', Value: BOT_TOKEN },
        { Name: '/diagnose-502/test/slack-signing-secret', Value: SIGNING_SECRET },
      ],
    });
    const ingress = newIngress();
    expect((await ingress(pagerDutyEvent('delivery-3'), {})).statusCode).toBe(404);
    expect((await ingress(httpApiEvent({ path: '/admin', body: '', method: 'GET' }), {})).statusCode).toBe(404);
  });

  it('fails with 500 and a named parameter when a Slack secret is missing from SSM', async () => {
    ssm.on(GetParametersCommand).resolves({ Parameters: [], InvalidParameters: ['/diagnose-502/test/slack-bot-token'] });
    const errors: string[] = [];
    const ingress = createIngressHandler(
      buildIngressParts({
        env: { STATE_TABLE: tableName, WORK_QUEUE_URL: QUEUE_URL, SECRETS_PREFIX: '/diagnose-502/test/' },
        logger: pino({ level: 'error' }, { write: (line: string) => void errors.push(line) }),
        ssm: new SSMClient({ region: 'eu-west-1' }),
        sqs: new SQSClient({ region: 'eu-west-1' }),
      }),
    );
    const result = await ingress(signedSlackEvent(slashCommandBody({ text: 'a1b2c3d4e5 prod' })), {});
    expect(result.statusCode).toBe(500);
    expect(errors.join('\n')).toContain('/diagnose-502/test/slack-bot-token');
  });
});
