import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { NOW, rejection, simConfig, useSimulator } from '../sim-test-clients.ts';

function simClients(endpoint: string, accessKeyId = 'sim') {
  const config = simConfig(endpoint, accessKeyId);
  return {
    cloudWatch: new CloudWatchClient(config),
  };
}
const world = useSimulator((endpoint) => simClients(endpoint));

const MINUTE = 60_000;
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * MINUTE);

function query(id: string, metricName: string, dimensions: Record<string, string>, stat: string, period = 60, namespace = 'AWS/ApiGateway'): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: namespace, MetricName: metricName, Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) },
      Period: period,
      Stat: stat,
    },
  };
}

async function series(queries: MetricDataQuery[], since = 30, scanBy?: 'TimestampAscending') {
  const out = await world.aws.cloudWatch.send(
    new GetMetricDataCommand({ StartTime: minutesAgo(since), EndTime: NOW, MetricDataQueries: queries, ScanBy: scanBy }),
  );
  return Object.fromEntries((out.MetricDataResults ?? []).map((r) => [r.Id ?? '', r] as const));
}

describe('GetMetricData dimension rules', () => {
  it('answers a REST API by ApiName + Stage, newest first, and an ApiId query with an empty series', async () => {
    // Act
    const r = await series([
      query('byname', '5XXError', { ApiName: 'orders-api', Stage: 'prod' }, 'Sum'),
      query('byid', '5XXError', { ApiId: 'k7x2m9q4ta', Stage: 'prod' }, 'Sum'),
      query('nostage', '5XXError', { ApiName: 'orders-api' }, 'Sum'),
    ]);

    // Assess
    const byName = r.byname;
    expect(byName?.StatusCode).toBe('Complete');
    expect(byName?.Label).toBe('5XXError');
    expect(byName?.Timestamps).toHaveLength(31);
    expect(byName?.Timestamps?.[0]?.toISOString()).toBe('2026-03-02T10:30:00.000Z');
    expect(byName?.Timestamps?.[30]?.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    const values = byName?.Values ?? [];
    // 10:12 (18 minutes before 10:30) is the first minute with errors.
    expect(values.slice(0, 19).every((v) => v > 60)).toBe(true);
    expect(values.slice(19).every((v) => v === 0)).toBe(true);
    expect(r.byid?.Timestamps).toEqual([]);
    expect(r.byid?.Values).toEqual([]);
    expect(r.byid?.StatusCode).toBe('Complete');
    expect(r.nostage?.Values).toEqual(byName?.Values);
  });

  it('answers an HTTP API only as 5xx by ApiId + Stage; 5XXError or ApiName give empty series', async () => {
    // Act
    const r = await series([
      query('right', '5xx', { ApiId: 'h2t7p4a9vg', Stage: 'prod' }, 'Sum'),
      query('restname', '5XXError', { ApiId: 'h2t7p4a9vg', Stage: 'prod' }, 'Sum'),
      query('byname', '5xx', { ApiName: 'shipping-http-api', Stage: 'prod' }, 'Sum'),
    ]);

    // Assess
    expect(r.right?.Values?.length).toBe(31);
    expect(r.right?.Values?.[0]).toBeGreaterThan(40);
    expect(r.restname?.Values).toEqual([]);
    expect(r.byname?.Values).toEqual([]);
  });
});

describe('GetMetricData statistics', () => {
  const dims = { ApiName: 'orders-api', Stage: 'prod' };

  it('treats 5XXError as per-request samples: SampleCount is Count, Average is the error rate', async () => {
    // Act
    const r = await series(
      [
        query('sum', '5XXError', dims, 'Sum'),
        query('n', '5XXError', dims, 'SampleCount'),
        query('avg', '5XXError', dims, 'Average'),
        query('count', 'Count', dims, 'Sum'),
      ],
      5,
    );

    // Assess
    const sum = r.sum?.Values ?? [];
    const n = r.n?.Values ?? [];
    expect(n).toEqual(r.count?.Values);
    for (const [i, s] of sum.entries()) expect(r.avg?.Values?.[i]).toBeCloseTo(s / (n[i] ?? 1), 10);
    expect(sum.length).toBe(6);
  });

  it('serves latency statistics from their own series: p99 and Maximum at the 29 s timeout', async () => {
    // Act
    const r = await series(
      [
        query('p99', 'IntegrationLatency', dims, 'p99'),
        query('max', 'IntegrationLatency', dims, 'Maximum'),
        query('avg', 'IntegrationLatency', dims, 'Average'),
      ],
      30,
      'TimestampAscending',
    );

    // Assess: ascending now, so the incident is at the end.
    const p99 = r.p99?.Values ?? [];
    expect(r.p99?.Timestamps?.[0]?.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(p99.slice(-19).every((v) => v === 29000)).toBe(true);
    expect(p99.slice(0, 12).every((v) => v > 600 && v < 1000)).toBe(true);
    expect(r.max?.Values?.slice(-19).every((v) => v === 29000)).toBe(true);
    expect(r.avg?.Values?.slice(-1)[0]).toBeGreaterThan(4000);
    expect(r.avg?.Values?.slice(-1)[0]).toBeLessThan(6000);
  });

  it('aggregates longer periods: a 5-minute Sum is the sum of its minutes', async () => {
    // Act
    const r = await series([query('m1', 'Count', dims, 'Sum', 60), query('m5', 'Count', dims, 'Sum', 300)], 10, 'TimestampAscending');

    // Assess
    const perMinute = r.m1?.Values ?? [];
    expect(r.m5?.Values?.[0]).toBe(perMinute.slice(0, 5).reduce((a, b) => a + b, 0));
    expect(r.m5?.Timestamps?.map((t) => t.toISOString())).toEqual(['2026-03-02T10:20:00.000Z', '2026-03-02T10:25:00.000Z', '2026-03-02T10:30:00.000Z']);
  });

  it('gives the same values on every call (seeded jitter) and serves Lambda metrics by FunctionName', async () => {
    // Act
    const q = [
      query('errors', 'Errors', { FunctionName: 'checkout-submit' }, 'Sum', 60, 'AWS/Lambda'),
      query('inv', 'Invocations', { FunctionName: 'checkout-submit' }, 'Sum', 60, 'AWS/Lambda'),
    ];
    const first = await series(q);
    const second = await series(q);

    // Assess
    expect(first.errors?.Values).toEqual(second.errors?.Values);
    expect(first.errors?.Values?.[0]).toBeGreaterThan(80);
    expect(first.errors?.Values?.[29]).toBe(0);
    expect(first.inv?.Values?.[0]).toBeGreaterThan(250);
  });

  it('rejects an invalid statistic with the query-compatible error', async () => {
    const error = await rejection(series([query('bad', 'Count', dims, 'Median')]));
    expect(error.name).toBe('InvalidParameterValueException');
  });

  it('lists metrics with their exact dimension sets', async () => {
    // Act
    const out = await world.aws.cloudWatch.send(new ListMetricsCommand({ Namespace: 'AWS/ApiGateway', Dimensions: [{ Name: 'ApiId', Value: 'h2t7p4a9vg' }] }));

    // Assess
    const names = new Set(out.Metrics?.map((m) => m.MetricName));
    expect(names).toEqual(new Set(['Count', '5xx', '4xx', 'Latency', 'IntegrationLatency']));
    expect(out.Metrics?.every((m) => m.Dimensions?.some((d) => d.Name === 'ApiId'))).toBe(true);
  });
});
