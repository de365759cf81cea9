import { CloudTrailClient, LookupEventsCommand, type Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/aws-clients.ts';
import { createRateLimiter } from '../../../src/adapters/aws/rate-limiter.ts';
import { collectChanges } from '../../../src/adapters/aws/collect-changes.ts';
import type { CollectorContext } from '../../../src/adapters/aws/collector.ts';
import type { CollectorInput } from '../../../src/core/evidence/types.ts';
import { sharedChangesCollector } from '../../../src/adapters/aws/share-cloudtrail-lookups.ts';
import { lambdaIntegration, restApi } from '../../fixtures/evidence-builders.ts';

const cloudTrail = mockClient(CloudTrailClient);
const clients = createAwsClients({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
const WINDOW = { start: '2026-11-22T09:00:00.000Z', end: '2026-11-22T10:00:00.000Z', baselineStart: '2026-11-22T08:00:00.000Z' };
const LATER = () => new Date('2026-11-22T13:00:00Z');

const checkout = restApi([lambdaIntegration({ lambdaFunctionName: 'checkout-fn', lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:checkout-fn' })], {
  id: 'a1b2c3d4e5',
  name: 'checkout-api',
});
const orders = restApi([lambdaIntegration({ lambdaFunctionName: 'orders-fn', lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-fn' })], {
  id: 'o9r8d7e6s5',
  name: 'orders-api',
});

function event(id: string, name: string, source: string, time: string, resource: string, params: Record<string, unknown>): TrailEvent {
  return {
    EventId: id,
    EventName: name,
    EventSource: source,
    EventTime: new Date(time),
    ReadOnly: 'false',
    Username: 'ci',
    Resources: [{ ResourceType: 'x', ResourceName: resource }],
    CloudTrailEvent: JSON.stringify({
      eventName: name,
      eventSource: source,
      eventTime: time,
      userIdentity: { type: 'IAMUser', userName: 'ci' },
      requestParameters: params,
    }),
  };
}

const EVENTS: TrailEvent[] = [
  event('e3', 'UpdateFunctionConfiguration20150331v2', 'lambda.amazonaws.com', '2026-11-22T09:41:00Z', 'orders-fn', { functionName: 'orders-fn', timeout: 3 }),
  event('e2', 'AddPermission20150331v2', 'lambda.amazonaws.com', '2026-11-22T09:30:00Z', 'checkout-fn', { functionName: 'checkout-fn', statementId: 's1' }),
  event('e1', 'AuthorizeSecurityGroupIngress', 'ec2.amazonaws.com', '2026-11-22T07:30:00Z', 'sg-0abc', { groupId: 'sg-0abc' }),
];

const ctx = (extra: Partial<CollectorContext> = {}): CollectorContext => ({ clients, ...extra });
const input = (api: typeof checkout, window = WINDOW): CollectorInput => ({ api, window });
const collect = (c: CollectorContext, i: CollectorInput) => collectChanges(c, i, { now: LATER });

beforeEach(() => cloudTrail.reset());

describe('sharedChangesCollector', () => {
  it('makes one LookupEvents call for diagnoses of two APIs and relates the changes to each API', async () => {
    // Prepare
    cloudTrail.on(LookupEventsCommand).resolves({ Events: EVENTS });
    const shared = sharedChangesCollector(collect);

    // Act
    const [a, b] = await Promise.all([shared(ctx(), input(checkout)), shared(ctx(), input(orders))]);

    // Assess
    expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(1);
    expect(shared.stats).toEqual({ callsSent: 1, pagesServed: 2 });
    const related = (r: typeof a) => r.findings?.changes.filter((c) => c.relatedToApi).map((c) => c.eventName);
    expect(related(a)).toEqual(['AddPermission20150331v2']);
    expect(related(b)).toEqual(['UpdateFunctionConfiguration20150331v2']);
    expect(a.findings?.changes.map((c) => c.eventName)).toEqual([
      'AuthorizeSecurityGroupIngress',
      'AddPermission20150331v2',
      'UpdateFunctionConfiguration20150331v2',
    ]);
  });

  it('gives each caller only the events of its own range from a wider shared lookup', async () => {
    // Prepare: the first lookup covers 07:00-10:00; the second asks for 08:00-10:00
    cloudTrail.on(LookupEventsCommand).resolves({ Events: EVENTS });
    const shared = sharedChangesCollector(collect);
    await shared(ctx(), input(checkout));

    // Act
    const later = await shared(ctx(), input(orders, { ...WINDOW, start: '2026-11-22T10:00:00.000Z', end: '2026-11-22T10:01:00.000Z' }));

    // Assess
    expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(1);
    expect(later.findings?.changes.map((c) => c.eventName)).toEqual(['AddPermission20150331v2', 'UpdateFunctionConfiguration20150331v2']);
    expect(later.findings?.lookedAt).toEqual({ start: '2026-11-22T08:00:00.000Z', end: '2026-11-22T10:01:00.000Z' });
  });

  it('asks CloudTrail again for an earlier range, another account, or after the lookup has aged', async () => {
    cloudTrail.on(LookupEventsCommand).resolves({ Events: EVENTS });
    let now = Date.parse('2026-11-22T10:00:00Z');
    const shared = sharedChangesCollector(collect, { ttlMs: 60_000, now: () => now });
    await shared(ctx(), input(checkout));
    await shared(ctx(), input(orders, { ...WINDOW, start: '2026-11-22T08:59:00.000Z' }));
    await shared(ctx(), input({ ...orders, accountId: '999988887777' }));
    now += 61_000;
    await shared(ctx(), input(orders));
    expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(4);
  });

  it('pages through CloudTrail once and replays the pages to every caller', async () => {
    cloudTrail
      .on(LookupEventsCommand, { NextToken: undefined })
      .resolves({ Events: EVENTS.slice(0, 2), NextToken: 'real-token-2' })
      .on(LookupEventsCommand, { NextToken: 'real-token-2' })
      .resolves({ Events: EVENTS.slice(2) });
    const shared = sharedChangesCollector(collect);
    const results = await Promise.all([shared(ctx(), input(checkout)), shared(ctx(), input(orders)), shared(ctx(), input(checkout))]);
    expect(cloudTrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'real-token-2']);
    for (const r of results) expect(r.findings).toMatchObject({ pages: 2, truncated: false });
    expect(results.map((r) => r.findings?.changes.length)).toEqual([3, 3, 3]);
  });

  it('paces real calls with the account limiter and does not make the collector wait per page', async () => {
    cloudTrail.on(LookupEventsCommand).resolves({ Events: EVENTS });
    let acquired = 0;
    const limiter = createRateLimiter({ perSecond: 2 });
    const counting = {
      acquire: async (signal?: AbortSignal) => {
        acquired += 1;
        await limiter.acquire(signal);
      },
    };
    const shared = sharedChangesCollector(collect);
    await Promise.all(Array.from({ length: 5 }, () => shared(ctx({ cloudTrailLimiter: counting }), input(checkout))));
    expect(acquired).toBe(1);
  });

  it('does not keep a failed lookup: every waiting caller reports it missing, the next one retries', async () => {
    cloudTrail
      .on(LookupEventsCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ Events: EVENTS });
    const shared = sharedChangesCollector(collect);
    const failed = await Promise.all([shared(ctx(), input(checkout)), shared(ctx(), input(orders))]);
    const retried = await shared(ctx(), input(checkout));
    for (const r of failed) {
      expect(r.findings).toBeNull();
      expect(r.missing[0]?.source).toBe('changes');
    }
    expect(retried.findings?.changes).toHaveLength(3);
    expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(2);
  });

  it('lets one caller give up (budget) without failing the others', async () => {
    let release: () => void = () => undefined;
    cloudTrail.on(LookupEventsCommand).callsFake(() => new Promise((resolve) => (release = () => resolve({ Events: EVENTS }))));
    const shared = sharedChangesCollector(collect);
    const abort = new AbortController();
    const impatient = shared(ctx({ signal: abort.signal }), input(checkout));
    const patient = shared(ctx(), input(orders));
    await new Promise((resolve) => setTimeout(resolve, 10));
    abort.abort(new Error('budget'));
    const first = await impatient;
    release();
    const second = await patient;
    expect(first.findings).toBeNull();
    expect(second.findings?.changes).toHaveLength(3);
  });
});
