import { buildMetricQueries, type MetricQueryPlan } from './build-metric-queries.ts';
import type { Collector } from './collector.ts';
import { describeAwsFailure } from './describe-aws-failure.ts';
import { fetchMetricSeries, minuteOf, type FetchedSeries } from './fetch-metric-series.ts';
import { summarizeMetrics } from './summarize-metrics.ts';
import type { ApiDescriptor } from '../../core/api/api-descriptor.ts';
import type { CollectorResult, MetricsFindings, MissingEvidence } from '../../core/evidence/types.ts';

/**
 * Reads the API's 5xx, request and latency series, plus the Lambda functions behind it, for the
 * baseline and the window in one GetMetricData call, and summarises them per minute.
 */
export const collectMetrics: Collector<MetricsFindings> = async (ctx, input): Promise<CollectorResult<MetricsFindings>> => {
  const { api, window } = input;
  const baselineStartMs = minuteOf(Date.parse(window.baselineStart));
  const startMs = minuteOf(Date.parse(window.start));
  const endMs = Date.parse(window.end);
  if (![baselineStartMs, startMs, endMs].every(Number.isFinite) || endMs <= startMs || baselineStartMs > startMs) {
    return {
      findings: null,
      missing: [{ source: 'metrics', reason: `the diagnosis window ${window.baselineStart} / ${window.start} / ${window.end} is not a valid time range` }],
    };
  }

  const plan = buildMetricQueries(api);
  let fetched: FetchedSeries;
  try {
    // Round the end up so that a window ending mid-minute still gets its last, partial minute.
    const queryEndMs = Math.ceil(endMs / 60_000) * 60_000;
    fetched = await fetchMetricSeries(ctx.clients.cloudWatch, plan.queries, { startMs: baselineStartMs, endMs: queryEndMs }, ctx.signal);
  } catch (error) {
    return { findings: null, missing: [describeAwsFailure('metrics', 'cloudwatch:GetMetricData', error)] };
  }

  const findings = summarizeMetrics(api, plan, fetched.series, { baselineStartMs, startMs, endMs });
  return { findings, missing: describeGaps(api, plan, fetched) };
};

/** What the operator should know about the series that came back empty, failed or incomplete. */
function describeGaps(api: ApiDescriptor, plan: MetricQueryPlan, fetched: FetchedSeries): MissingEvidence[] {
  const missing: MissingEvidence[] = [];
  const empty = (id: string): boolean => (fetched.series.get(id)?.size ?? 0) === 0;
  if (empty(plan.api.requests) && empty(plan.api.errors)) {
    // An empty series reads like a healthy API; say plainly that nothing was measured.
    const dims = Object.entries(plan.dimensions)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    const cliDims = Object.entries(plan.dimensions)
      .map(([k, v]) => `Name=${k},Value='${v}'`)
      .join(' ');
    missing.push({
      source: 'metrics',
      reason:
        `the AWS/ApiGateway Count and ${plan.errorMetric} series for ${dims} returned no data points in the window or the baseline: ` +
        'the API may have had no traffic, or the metrics are published under other dimensions',
      fix: `check that metrics exist for this ${api.type === 'rest' ? 'API name' : 'API id'} and stage: aws cloudwatch list-metrics --namespace AWS/ApiGateway --dimensions ${cliDims}`,
    });
  }
  for (const failure of fetched.failed) {
    missing.push({
      source: 'metrics',
      reason: `the metric query ${failure.id} came back ${failure.status}${failure.message ? `: ${failure.message}` : ''}`,
      ...(failure.status === 'Forbidden' ? { fix: 'allow cloudwatch:GetMetricData for the role diagnose-502 runs as' } : {}),
    });
  }
  if (fetched.truncated) {
    missing.push({
      source: 'metrics',
      reason: `GetMetricData still had data after ${fetched.pages} pages; the latest minutes may be incomplete`,
      fix: 'diagnose a shorter window',
    });
  }
  return missing;
}
