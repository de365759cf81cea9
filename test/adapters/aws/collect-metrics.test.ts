import { CloudWatchClient, GetMetricDataCommand, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectMetrics } from '../../../src/adapters/aws/collect-metrics.ts';
import { awsError, httpApi, lambdaIntegration, minute, restApi, testContext, WINDOW } from './metrics-logs-kit.ts';

const cloudWatch = mockClient(CloudWatchClient);

/** A result for one query id from {minute index: value}; minute 0 is the window start. */
function result(id: string, points: Record<number, number>): MetricDataResult {
  const entries = Object.entries(points).map(([i, v]) => [Number(i), v] as const);
  return { Id: id, StatusCode: 'Complete', Timestamps: entries.map(([i]) => new Date(minute(i))), Values: entries.map(([, v]) => v) };
}

/** Ten window minutes at the given requests and 5xx (arrays indexed by window minute). */
function apiSeries(requests: number[], errors: number[]): MetricDataResult[] {
  return [result('api_requests', Object.fromEntries(requests.map((v, i) => [i, v]))), result('api_errors', Object.fromEntries(errors.map((v, i) => [i, v])))];
}

beforeEach(() => {
  cloudWatch.reset();
});

describe('collectMetrics', () => {
  it('asks for REST metrics by name and stage in one GetMetricData call over baseline and window', async () => {
    // Prepare
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const controller = new AbortController();
    // Act
    const { findings } = await collectMetrics(testContext(controller.signal), { api: restApi(), window: WINDOW });
    // Assess
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(cloudWatch).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date(WINDOW.baselineStart),
      EndTime: new Date(WINDOW.end),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: expect.arrayContaining([
        expect.objectContaining({
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ApiGateway',
              MetricName: '5XXError',
              Dimensions: [
                { Name: 'ApiName', Value: 'orders-api' },
                { Name: 'Stage', Value: 'live' },
              ],
            },
            Period: 60,
            Stat: 'Sum',
          },
        }),
        expect.objectContaining({ MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'Count' }), Stat: 'SampleCount' }) }),
        expect.objectContaining({
          MetricStat: expect.objectContaining({
            Metric: { Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: [{ Name: 'FunctionName', Value: 'orders-fn' }] },
          }),
        }),
      ]),
    });
    const call = cloudWatch.commandCalls(GetMetricDataCommand)[0]!;
    expect((call.args as unknown[])[1]).toEqual({ abortSignal: controller.signal });
    expect(findings?.errorMetric).toBe('5XXError');
    expect(findings?.dimensions).toEqual({ ApiName: 'orders-api', Stage: 'live' });
  });

  it('asks for HTTP API metrics by id with 5xx, never 5XXError or ApiName', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });

    const { findings } = await collectMetrics(testContext(), { api: httpApi(), window: WINDOW });

    const queries = cloudWatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input.MetricDataQueries!;
    const apiQueries = queries.filter((q) => q.MetricStat?.Metric?.Namespace === 'AWS/ApiGateway');
    expect(apiQueries.map((q) => q.MetricStat?.Metric?.MetricName)).toEqual([
      '5xx',
      '4xx',
      'Count',
      'Latency',
      'IntegrationLatency',
      'IntegrationLatency',
      'IntegrationLatency',
    ]);
    for (const q of apiQueries) {
      expect(q.MetricStat?.Metric?.Dimensions).toEqual([
        { Name: 'ApiId', Value: 'h7w2n5c8vb' },
        { Name: 'Stage', Value: 'prod' },
      ]);
    }
    expect(findings?.errorMetric).toBe('5xx');
    expect(findings?.dimensions).toEqual({ ApiId: 'h7w2n5c8vb', Stage: 'prod' });
  });

  it('fills the minutes a sparse series skips: 0 for counts, nothing for latency', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        result('api_requests', { 2: 40, 5: 60 }),
        result('api_errors', { 5: 3 }),
        result('api_integration_latency_max', { 5: 1200 }),
        result('api_latency_p99', { 2: 90 }),
      ],
    });

    const { findings } = await collectMetrics(testContext(), { api: restApi(), window: WINDOW });

    expect(findings?.perMinute).toHaveLength(10);
    expect(findings?.perMinute.map((p) => p.t)).toEqual(Array.from({ length: 10 }, (_, i) => minute(i)));
    expect(findings?.perMinute.map((p) => p.requests)).toEqual([0, 0, 40, 0, 0, 60, 0, 0, 0, 0]);
    expect(findings?.perMinute.map((p) => p.errors5xx)).toEqual([0, 0, 0, 0, 0, 3, 0, 0, 0, 0]);
    expect(findings?.perMinute[2]).toEqual({ t: minute(2), requests: 40, errors5xx: 0, latencyP99: 90 });
    expect(findings?.perMinute[5]?.integrationLatencyMax).toBe(1200);
    expect(findings?.perMinute[3]?.latencyP99).toBeUndefined();
    expect(findings?.totals).toEqual({ requests: 100, errors5xx: 3, rate: 0.03, severity: 'elevated' });
  });

  it('follows NextToken and merges the pages', async () => {
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [result('api_requests', { 0: 10, 1: 10 }), result('api_errors', { 0: 1 })], NextToken: 'page-2' })
      .resolvesOnce({ MetricDataResults: [result('api_requests', { 2: 10 }), result('api_errors', { 2: 4 })] });

    const { findings } = await collectMetrics(testContext(), { api: restApi(), window: WINDOW });

    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 2);
    expect(cloudWatch).toHaveReceivedNthCommandWith(GetMetricDataCommand, 2, { NextToken: 'page-2' });
    expect(findings?.totals.requests).toBe(30);
    expect(findings?.totals.errors5xx).toBe(5);
  });

  it('sums the baseline apart from the window and rates severity on the window', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: apiSeries([100, 100, 100, 100, 100, 100, 100, 100, 100, 100], [0, 0, 0, 0, 20, 20, 20, 20, 20, 20]).map((r) => ({
        ...r,
        // Baseline minutes -10..-1: 100 requests and 1 error each.
        Timestamps: [...Array.from({ length: 10 }, (_, i) => new Date(minute(i - 10))), ...r.Timestamps!],
        Values: [...Array.from({ length: 10 }, () => (r.Id === 'api_requests' ? 100 : 1)), ...r.Values!],
      })),
    });

    const { findings, missing } = await collectMetrics(testContext(), { api: restApi(), window: WINDOW });

    expect(findings?.baseline).toEqual({ requests: 1000, errors5xx: 10, rate: 0.01 });
    expect(findings?.totals).toEqual({ requests: 1000, errors5xx: 120, rate: 0.12, severity: 'high' });
    expect(findings?.onset).toBe(minute(4));
    expect(missing).toEqual([]);
  });

  it('reports no onset and severity none for a steady, clean API', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: apiSeries(Array(10).fill(50), Array(10).fill(0)) });

    const { findings } = await collectMetrics(testContext(), { api: restApi(), window: WINDOW });

    expect(findings?.totals.severity).toBe('none');
    expect(findings?.onset).toBeUndefined();
  });

  it('measures how many error minutes hit the smallest integration timeout', async () => {
    // Prepare: the 10 s timeout is the smallest; 95 % of it is 9.5 s.
    const api = restApi({ integrations: [lambdaIntegration(), lambdaIntegration({ route: 'GET /slow', timeoutMs: 10_000, lambdaFunctionName: 'slow-fn' })] });
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        ...apiSeries(Array(10).fill(100), [0, 5, 5, 5, 5, 0, 0, 0, 0, 0]),
        result('api_integration_latency_max', { 0: 9_900, 1: 9_500, 2: 9_499, 3: 10_002, 4: 300 }),
        result('api_integration_latency_p99', { 1: 9_000, 2: 8_000, 3: 9_400, 4: 250 }),
        result('api_integration_latency_avg', { 0: 100, 1: 1_000, 2: 3_000, 3: 2_000, 4: 100 }),
      ],
    });

    // Act
    const { findings } = await collectMetrics(testContext(), { api, window: WINDOW });

    // Assess: minute 0 is at the timeout but had no 5xx, so it does not count.
    expect(findings?.latencyAtTimeout).toEqual({ timeoutMs: 10_000, minutesWithErrors: 4, minutesAtTimeout: 2, share: 0.5 });
    // Latency is summarised over the error minutes 1-4 only.
    expect(findings?.integrationLatency).toEqual({ average: 1_525, p99: 9_400, max: 10_002 });
  });

  it('summarises integration latency over the whole window when there were no 5xx', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [...apiSeries(Array(10).fill(10), Array(10).fill(0)), result('api_integration_latency_max', { 0: 50, 9: 70 })],
    });

    const { findings } = await collectMetrics(testContext(), { api: restApi(), window: WINDOW });

    expect(findings?.integrationLatency).toEqual({ max: 70 });
    expect(findings?.latencyAtTimeout).toEqual({ timeoutMs: 29_000, minutesWithErrors: 0, minutesAtTimeout: 0, share: 0 });
  });

  it('totals the Lambda metrics of each function over the window', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        ...apiSeries(Array(10).fill(10), Array(10).fill(1)),
        {
          ...result('lambda0_invocations', { 0: 10, 1: 12 }),
          Timestamps: [new Date(minute(-3)), new Date(minute(0)), new Date(minute(1))],
          Values: [99, 10, 12],
        },
        result('lambda0_errors', { 1: 4 }),
        result('lambda0_throttles', { 0: 2, 9: 1 }),
        result('lambda0_duration_p99', { 0: 800, 1: 2_900 }),
        result('lambda0_duration_max', { 0: 1_000, 1: 3_000 }),
      ],
    });

    const { findings } = await collectMetrics(testContext(), { api: restApi(), window: WINDOW });

    // The 99 invocations fall in the baseline and are not counted.
    expect(findings?.lambda).toEqual([{ functionName: 'orders-fn', invocations: 22, errors: 4, throttles: 3, durationP99: 2_900, durationMax: 3_000 }]);
  });

  it('says so when the API series are empty, since that looks like a healthy API', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [result('api_requests', {}), result('api_errors', {})] });

    const { findings, missing } = await collectMetrics(testContext(), { api: restApi(), window: WINDOW });

    expect(findings?.totals).toEqual({ requests: 0, errors5xx: 0, rate: 0, severity: 'none' });
    expect(findings?.perMinute.every((p) => p.requests === 0 && p.errors5xx === 0)).toBe(true);
    expect(missing).toHaveLength(1);
    expect(missing[0]?.source).toBe('metrics');
    expect(missing[0]?.reason).toContain('no data points');
    expect(missing[0]?.reason).toContain('ApiName=orders-api, Stage=live');
    expect(missing[0]?.reason).toContain('no traffic');
    expect(missing[0]?.fix).toContain('list-metrics');
  });

  it('does not report an empty series when only the baseline had traffic', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [result('api_requests', { [-5]: 10 })] });

    const { findings, missing } = await collectMetrics(testContext(), { api: restApi(), window: WINDOW });

    expect(findings?.baseline.requests).toBe(10);
    expect(missing).toEqual([]);
  });

  it('reports a query CloudWatch refused while keeping the rest', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [...apiSeries([5], [1]), { Id: 'lambda0_errors', StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'not allowed' }] }],
    });

    const { findings, missing } = await collectMetrics(testContext(), { api: restApi(), window: WINDOW });

    expect(findings?.totals.requests).toBe(5);
    expect(missing).toEqual([expect.objectContaining({ source: 'metrics', reason: 'the metric query lambda0_errors came back Forbidden: not allowed' })]);
  });

  it('returns no findings and a missing record when access is denied', async () => {
    cloudWatch.on(GetMetricDataCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: cloudwatch:GetMetricData'));

    const result = await collectMetrics(testContext(), { api: restApi(), window: WINDOW });

    expect(result.findings).toBeNull();
    expect(result.missing).toEqual([
      expect.objectContaining({
        source: 'metrics',
        reason: 'access denied to cloudwatch:GetMetricData',
        fix: expect.stringContaining('cloudwatch:GetMetricData'),
      }),
    ]);
  });

  it('refuses a window that ends before it starts, without calling AWS', async () => {
    const result = await collectMetrics(testContext(), { api: restApi(), window: { ...WINDOW, end: WINDOW.baselineStart } });

    expect(result.findings).toBeNull();
    expect(result.missing[0]?.reason).toContain('not a valid time range');
    expect(cloudWatch).not.toHaveReceivedCommand(GetMetricDataCommand);
  });
});
