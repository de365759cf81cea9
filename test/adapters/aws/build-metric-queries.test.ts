import { describe, expect, it } from 'vitest';
import { buildMetricQueries, lambdaFunctionNames, MAX_LAMBDA_FUNCTIONS } from '../../../src/adapters/aws/build-metric-queries.ts';
import { httpApi, lambdaIntegration, restApi } from './metrics-logs-kit.ts';

/** "Namespace MetricName Stat Dim=Value,..." for each query, to compare whole plans at a glance. */
function describeQueries(plan: ReturnType<typeof buildMetricQueries>): string[] {
  return plan.queries.map((q) => {
    const stat = q.MetricStat!;
    const dims = stat.Metric!.Dimensions!.map((d) => `${d.Name}=${d.Value}`).join(',');
    return `${stat.Metric!.Namespace} ${stat.Metric!.MetricName} ${stat.Stat} ${dims}`;
  });
}

describe('buildMetricQueries', () => {
  it('queries REST metrics by API name and stage, with 5XXError', () => {
    const plan = buildMetricQueries(restApi());
    expect(plan.errorMetric).toBe('5XXError');
    expect(plan.dimensions).toEqual({ ApiName: 'orders-api', Stage: 'live' });
    expect(describeQueries(plan)).toEqual([
      'AWS/ApiGateway 5XXError Sum ApiName=orders-api,Stage=live',
      'AWS/ApiGateway 4XXError Sum ApiName=orders-api,Stage=live',
      'AWS/ApiGateway Count SampleCount ApiName=orders-api,Stage=live',
      'AWS/ApiGateway Latency p99 ApiName=orders-api,Stage=live',
      'AWS/ApiGateway IntegrationLatency Average ApiName=orders-api,Stage=live',
      'AWS/ApiGateway IntegrationLatency p99 ApiName=orders-api,Stage=live',
      'AWS/ApiGateway IntegrationLatency Maximum ApiName=orders-api,Stage=live',
      'AWS/Lambda Errors Sum FunctionName=orders-fn',
      'AWS/Lambda Throttles Sum FunctionName=orders-fn',
      'AWS/Lambda Invocations Sum FunctionName=orders-fn',
      'AWS/Lambda Duration p99 FunctionName=orders-fn',
      'AWS/Lambda Duration Maximum FunctionName=orders-fn',
    ]);
  });

  it('queries HTTP API metrics by API id and stage, with 5xx', () => {
    const plan = buildMetricQueries(httpApi({ integrations: [] }));
    expect(plan.errorMetric).toBe('5xx');
    expect(plan.dimensions).toEqual({ ApiId: 'h7w2n5c8vb', Stage: 'prod' });
    expect(describeQueries(plan)).toEqual([
      'AWS/ApiGateway 5xx Sum ApiId=h7w2n5c8vb,Stage=prod',
      'AWS/ApiGateway 4xx Sum ApiId=h7w2n5c8vb,Stage=prod',
      'AWS/ApiGateway Count SampleCount ApiId=h7w2n5c8vb,Stage=prod',
      'AWS/ApiGateway Latency p99 ApiId=h7w2n5c8vb,Stage=prod',
      'AWS/ApiGateway IntegrationLatency Average ApiId=h7w2n5c8vb,Stage=prod',
      'AWS/ApiGateway IntegrationLatency p99 ApiId=h7w2n5c8vb,Stage=prod',
      'AWS/ApiGateway IntegrationLatency Maximum ApiId=h7w2n5c8vb,Stage=prod',
    ]);
  });

  it('strips non-ASCII characters from the REST API name, falling back to the id', () => {
    expect(buildMetricQueries(restApi({ name: 'bestellungen-✓' })).dimensions.ApiName).toBe('bestellungen-');
    expect(buildMetricQueries(restApi({ name: '注文' })).dimensions.ApiName).toBe('k3x9p2m7qa');
  });

  it('uses one-minute periods and ids CloudWatch accepts, all distinct', () => {
    const integrations = ['a-fn', 'b.fn', 'c_fn'].map((name) => lambdaIntegration({ lambdaFunctionName: name }));
    const plan = buildMetricQueries(restApi({ integrations }));
    const ids = plan.queries.map((q) => q.Id!);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(plan.queries.every((q) => q.MetricStat?.Period === 60 && q.ReturnData === true)).toBe(true);
  });

  it('queries each Lambda function once, at most five of them', () => {
    const names = ['f1', 'f2', 'f1', 'f3', 'f4', 'f5', 'f6'];
    const api = restApi({
      integrations: [...names.map((n) => lambdaIntegration({ lambdaFunctionName: n })), lambdaIntegration({ lambdaFunctionName: undefined })],
    });
    expect(lambdaFunctionNames(api)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect(buildMetricQueries(api).lambda.map((l) => l.functionName)).toHaveLength(MAX_LAMBDA_FUNCTIONS);
  });
});
