import type { Dimension, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { restMetricApiName, type ApiDescriptor } from '../../core/api/api-descriptor.ts';

/** At most this many Lambda functions are queried, to keep one GetMetricData call small. */
export const MAX_LAMBDA_FUNCTIONS = 5;
export const METRIC_PERIOD_SECONDS = 60;

export interface ApiSeriesIds {
  errors: string;
  /** 4XXError (REST) or 4xx (HTTP): a 4xx-only incident is not a 5xx one, but it is still told. */
  clientErrors: string;
  requests: string;
  latencyP99: string;
  integrationLatencyAverage: string;
  integrationLatencyP99: string;
  integrationLatencyMax: string;
}

export interface LambdaSeriesIds {
  errors: string;
  throttles: string;
  invocations: string;
  durationP99: string;
  durationMax: string;
}

/** The queries of the single GetMetricData call, and which id answers which question. */
export interface MetricQueryPlan {
  errorMetric: '5XXError' | '5xx';
  /** Dimensions of the API series, as sent. */
  dimensions: Record<string, string>;
  queries: MetricDataQuery[];
  api: ApiSeriesIds;
  lambda: { functionName: string; ids: LambdaSeriesIds }[];
}

/**
 * Builds the metric queries for an API and the Lambda functions behind it. REST and HTTP APIs
 * differ in both the 5xx metric name (5XXError vs 5xx) and the dimension naming the API (ApiName,
 * the API's name, vs ApiId); mixing them up silently returns empty series.
 */
export function buildMetricQueries(api: ApiDescriptor): MetricQueryPlan {
  const rest = api.type === 'rest';
  const errorMetric = rest ? '5XXError' : '5xx';
  const dimensions: Record<string, string> = rest ? { ApiName: restMetricApiName(api), Stage: api.stage.name } : { ApiId: api.id, Stage: api.stage.name };
  const apiDims = toDimensions(dimensions);

  const ids: ApiSeriesIds = {
    errors: 'api_errors',
    clientErrors: 'api_client_errors',
    requests: 'api_requests',
    latencyP99: 'api_latency_p99',
    integrationLatencyAverage: 'api_integration_latency_avg',
    integrationLatencyP99: 'api_integration_latency_p99',
    integrationLatencyMax: 'api_integration_latency_max',
  };
  const queries: MetricDataQuery[] = [
    query(ids.errors, 'AWS/ApiGateway', errorMetric, apiDims, 'Sum'),
    query(ids.clientErrors, 'AWS/ApiGateway', rest ? '4XXError' : '4xx', apiDims, 'Sum'),
    // Count is emitted once per request, so the number of samples is the number of requests.
    query(ids.requests, 'AWS/ApiGateway', 'Count', apiDims, 'SampleCount'),
    query(ids.latencyP99, 'AWS/ApiGateway', 'Latency', apiDims, 'p99'),
    query(ids.integrationLatencyAverage, 'AWS/ApiGateway', 'IntegrationLatency', apiDims, 'Average'),
    query(ids.integrationLatencyP99, 'AWS/ApiGateway', 'IntegrationLatency', apiDims, 'p99'),
    query(ids.integrationLatencyMax, 'AWS/ApiGateway', 'IntegrationLatency', apiDims, 'Maximum'),
  ];

  const lambda = lambdaFunctionNames(api).map((functionName, i) => {
    // Only FunctionName: it is emitted for every invocation, qualified or not.
    const dims = toDimensions({ FunctionName: functionName });
    const lambdaIds: LambdaSeriesIds = {
      errors: `lambda${i}_errors`,
      throttles: `lambda${i}_throttles`,
      invocations: `lambda${i}_invocations`,
      durationP99: `lambda${i}_duration_p99`,
      durationMax: `lambda${i}_duration_max`,
    };
    queries.push(
      query(lambdaIds.errors, 'AWS/Lambda', 'Errors', dims, 'Sum'),
      query(lambdaIds.throttles, 'AWS/Lambda', 'Throttles', dims, 'Sum'),
      query(lambdaIds.invocations, 'AWS/Lambda', 'Invocations', dims, 'Sum'),
      query(lambdaIds.durationP99, 'AWS/Lambda', 'Duration', dims, 'p99'),
      query(lambdaIds.durationMax, 'AWS/Lambda', 'Duration', dims, 'Maximum'),
    );
    return { functionName, ids: lambdaIds };
  });

  return { errorMetric, dimensions, queries, api: ids, lambda };
}

/** Distinct Lambda function names behind the API, in integration order, at most MAX_LAMBDA_FUNCTIONS. */
export function lambdaFunctionNames(api: Pick<ApiDescriptor, 'integrations'>): string[] {
  const names = new Set<string>();
  for (const integration of api.integrations) {
    if (integration.lambdaFunctionName) names.add(integration.lambdaFunctionName);
  }
  return [...names].slice(0, MAX_LAMBDA_FUNCTIONS);
}

function toDimensions(dimensions: Record<string, string>): Dimension[] {
  return Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }));
}

function query(id: string, namespace: string, metricName: string, dimensions: Dimension[], stat: string): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions },
      Period: METRIC_PERIOD_SECONDS,
      Stat: stat,
    },
    ReturnData: true,
  };
}
