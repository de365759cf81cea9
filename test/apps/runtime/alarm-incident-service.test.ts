/**
 * The alarm service where the e2e test cannot reach: a REST alarm whose ApiName two REST APIs
 * share (so they share its 5XXError metric). The simulated account refuses two same-named REST
 * APIs in a region (its metrics are keyed by name), so GetRestApis is mocked here; AWS itself
 * allows it. The channel is told the candidates and no diagnosis starts.
 */
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildAwsClients } from '../../../src/adapters/aws/aws-clients.ts';
import { MemoryPagerDutyStore } from '../../../src/adapters/pagerduty/memory-pagerduty-store.ts';
import { MemoryStateStore } from '../../../src/adapters/store/memory-state-store.ts';
import { AlarmIncidentService } from '../../../src/apps/runtime/alarm-incident-service.ts';
import type { DiagnosisRuntime } from '../../../src/apps/runtime/diagnosis-runtime.ts';
import { buildAlarmEvent } from '../../../src/tools/sandbox/build-alarm-event.ts';
import { awsError } from '../../adapters/aws/mock-aws-clients.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../../../src/tools/slack-web-api/start-local-slack-web-api.ts';

const TOKEN = 'xoxb-alarm-service-test';
const CHANNEL = 'C0ALARMS';

let slack: LocalSlackWebApi;
const apiGateway = mockClient(APIGatewayClient);
beforeAll(async () => {
  slack = await startLocalSlackWebApi({ tokens: [TOKEN] });
});
afterAll(async () => {
  await slack?.close();
  apiGateway.restore();
});
beforeEach(() => apiGateway.reset());

function serviceWith(starts: unknown[]) {
  const runtime: DiagnosisRuntime = {
    start: async (request) => {
      starts.push(request);
      return { status: 'duplicate' };
    },
    get: async () => null,
    showIncidents: async () => undefined,
    verdictOf: () => null,
  };
  const clients = buildAwsClients({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  return new AlarmIncidentService({
    config: { alarms: { channel: CHANNEL } },
    runtime,
    slack: new WebClient(TOKEN, { slackApiUrl: slack.url }),
    claims: new MemoryStateStore(),
    store: new MemoryPagerDutyStore(),
    clients: { clientsIn: () => clients },
    logger: pino({ level: 'silent' }),
  });
}

describe('AlarmIncidentService', () => {
  it('does not guess between two REST APIs with the alarm’s ApiName: it lists both ids in the channel and starts nothing', async () => {
    // Prepare
    apiGateway.on(GetRestApisCommand).resolves({
      items: [
        { id: 'chk0000001', name: 'checkout-api', createdDate: new Date('2024-01-02T00:00:00Z') },
        { id: 'pay0000001', name: 'payments-api', createdDate: new Date('2024-02-02T00:00:00Z') },
        { id: 'chk0000002', name: 'checkout-api', createdDate: new Date('2025-03-04T00:00:00Z') },
      ],
    });
    const starts: unknown[] = [];
    const service = serviceWith(starts);
    const event = buildAlarmEvent({
      alarmName: 'checkout-5xx',
      region: 'us-east-1',
      state: 'ALARM',
      at: new Date(),
      api: { type: 'rest', name: 'checkout-api', stage: 'prod' },
    });

    // Act
    await service.handle({ kind: 'alarm-event', event, receivedAt: new Date().toISOString() });

    // Assess
    expect(starts).toEqual([]);
    const messages = slack.state.topLevel(CHANNEL);
    expect(messages).toHaveLength(1);
    const text = JSON.stringify(messages[0]?.blocks);
    expect(text).toContain('2 REST APIs in us-east-1 carry that name');
    expect(text).toContain('chk0000001');
    expect(text).toContain('created 2025-03-04');
    expect(text).toContain('chk0000002');
    expect(text).not.toContain('pay0000001');
  });

  it('starts the diagnosis once for one transition delivered twice, and not at all when the OK arrived first', async () => {
    // Prepare
    apiGateway.on(GetRestApisCommand).resolves({ items: [{ id: 'chk0000001', name: 'checkout-api' }] });
    const starts: Array<{ ref: unknown; channel: string; requestedBy: string }> = [];
    const service = serviceWith(starts);
    const at = new Date(Date.now() - 60_000);
    const alarm = (alarmName: string, state: 'ALARM' | 'OK', when: Date) =>
      buildAlarmEvent({ alarmName, region: 'us-east-1', state, at: when, api: { type: 'rest', name: 'checkout-api', stage: 'prod' } });
    const job = (event: ReturnType<typeof alarm>) => ({ kind: 'alarm-event' as const, event, receivedAt: new Date().toISOString() });

    // Act: one ALARM twice; for another alarm, its later OK before its ALARM.
    await service.handle(job(alarm('checkout-5xx', 'ALARM', at)));
    await service.handle(job(alarm('checkout-5xx', 'ALARM', at)));
    await service.handle(job(alarm('checkout-latency', 'OK', new Date(at.getTime() + 30_000))));
    await service.handle(job(alarm('checkout-latency', 'ALARM', at)));

    // Assess: the storm group alone would also keep it to one start, so count the placements too.
    expect(starts).toHaveLength(1);
    expect(apiGateway.commandCalls(GetRestApisCommand)).toHaveLength(1);
    expect(starts[0]).toMatchObject({ ref: { apiId: 'chk0000001', stage: 'prod', region: 'us-east-1' }, channel: CHANNEL, requestedBy: 'CloudWatch alarm' });
  });

  it('tells the channel when the REST APIs cannot be listed (denied), and starts nothing', async () => {
    // Prepare
    apiGateway.on(GetRestApisCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: apigateway:GET'));
    const starts: unknown[] = [];
    const service = serviceWith(starts);
    const event = buildAlarmEvent({
      alarmName: 'denied-5xx',
      region: 'us-east-1',
      state: 'ALARM',
      at: new Date(),
      api: { type: 'rest', name: 'checkout-api', stage: 'prod' },
    });
    const before = slack.state.topLevel(CHANNEL).length;

    // Act
    await service.handle({ kind: 'alarm-event', event, receivedAt: new Date().toISOString() });

    // Assess
    expect(starts).toEqual([]);
    const messages = slack.state.topLevel(CHANNEL);
    expect(messages).toHaveLength(before + 1);
    const text = JSON.stringify(messages.at(-1)?.blocks);
    expect(text).toContain('denied-5xx');
    expect(text).toContain('listing the REST APIs of us-east-1 failed');
    expect(text).toContain('apigateway:GET');
  });
});
