import { parseStatistic, statisticValue, type Statistic } from '../metric-values.ts';
import { AwsFault, epochMs, type JsonOperation, type SimService } from '../sim-protocol.ts';
import type { MetricSeries } from '../sim-world.ts';
import { type ParsedSearch, parseSearchExpression, searchSeries, SearchSyntaxError, seriesLabel } from '../metric-search.ts';

/**
 * CloudWatch (AWS JSON 1.0, awsQuery-compatible): GetMetricData and ListMetrics over the
 * scenarios' series. A query must name the exact dimension set a series is published under;
 * anything else (ApiId on a REST API, 5XXError on an HTTP API) gives an empty series, as the
 * real service does, without an error.
 */

const MINUTE = 60_000;

interface MetricStatInput {
  Metric?: { Namespace?: string; MetricName?: string; Dimensions?: Array<{ Name?: string; Value?: string }> };
  Period?: number;
  Stat?: string;
}

interface QueryInput {
  Id?: string;
  Label?: string;
  ReturnData?: boolean;
  Expression?: string;
  MetricStat?: MetricStatInput;
}

function invalid(message: string): AwsFault {
  return new AwsFault('InvalidParameterValueException', message, 400, 'InvalidParameterValue');
}

const getMetricData: JsonOperation = (input, ctx) => {
  const queries = (input.MetricDataQueries ?? []) as QueryInput[];
  const start = epochMs(input, 'StartTime');
  const end = epochMs(input, 'EndTime');
  if (start === undefined || end === undefined) throw new AwsFault('ValidationError', 'StartTime and EndTime are required', 400, 'ValidationError');
  if (start >= end) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  if (queries.length === 0 || queries.length > 500) throw invalid('The collection MetricDataQueries must not be empty and holds at most 500 queries.');
  const ids = new Set<string>();
  for (const q of queries) {
    if (!q.Id || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) throw invalid(`Invalid metric data query id "${q.Id ?? ''}": it must start with a lowercase letter.`);
    if (ids.has(q.Id)) throw invalid(`The value ${q.Id} for field Id is duplicated.`);
    ids.add(q.Id);
    if (!q.MetricStat && !q.Expression) throw invalid(`Query ${q.Id} needs MetricStat or Expression.`);
  }
  const visibleSeries = ctx.world.metricSeriesIn(ctx.visible);
  const resolved = queries.map((q) => ({ q, series: q.MetricStat ? findSeries(visibleSeries, q.MetricStat) : undefined }));
  const owners = resolved.flatMap((r) => (r.series ? [r.series.scenario] : []));
  ctx.authorize('cloudwatch:GetMetricData', owners);

  const descending = input.ScanBy !== 'TimestampAscending';
  const messages: Array<{ Code: string; Value: string }> = [];
  const results = resolved
    .filter(({ q }) => q.ReturnData !== false)
    .flatMap(({ q, series }) => {
      if (q.Expression) return evaluateSearch(q, visibleSeries, start, end, ctx, descending, messages);
      const stat = parseStatistic(q.MetricStat?.Stat ?? '');
      if (!stat) throw invalid(`The value ${q.MetricStat?.Stat ?? 'null'} for parameter MetricDataQueries.member.Stat is not a valid statistic.`);
      const period = q.MetricStat?.Period ?? 60;
      if (!Number.isInteger(period) || period < 1) throw invalid('The parameter Period must be a positive integer.');
      const points = series && period % 60 === 0 ? datapoints(series, stat, start, end, period * 1000, ctx.now.getTime()) : [];
      if (descending) points.reverse();
      return [
        {
          Id: q.Id,
          Label: q.Label ?? q.MetricStat?.Metric?.MetricName ?? q.Id,
          Timestamps: points.map((p) => p.t / 1000),
          Values: points.map((p) => p.v),
          StatusCode: 'Complete',
        },
      ];
    });
  return { MetricDataResults: results, Messages: messages };
};

/** A SEARCH() query: one result per series found, all under the query's id, told apart by label. */
function evaluateSearch(
  q: QueryInput,
  visible: MetricSeries[],
  start: number,
  end: number,
  ctx: Parameters<JsonOperation>[1],
  descending: boolean,
  messages: Array<{ Code: string; Value: string }>,
) {
  let search: ParsedSearch;
  try {
    search = parseSearchExpression(q.Expression ?? '', 300);
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw invalid(`Error in expression ${q.Id}: ${error.message}`);
    throw error;
  }
  const stat = parseStatistic(search.stat);
  if (!stat) throw invalid(`Error in expression ${q.Id}: ${search.stat} is not a valid statistic.`);
  const { series, truncated } = searchSeries(visible, search);
  ctx.authorize('cloudwatch:GetMetricData', [...new Set(series.map((s) => s.scenario))]);
  if (truncated) messages.push({ Code: 'MaxMetricsExceeded', Value: `The search expression in ${q.Id} found more metrics than it returns.` });
  return series.map((s) => {
    const points = search.period % 60 === 0 ? datapoints(s, stat, start, end, search.period * 1000, ctx.now.getTime()) : [];
    if (descending) points.reverse();
    return {
      Id: q.Id,
      Label: seriesLabel(q.Label, s),
      Timestamps: points.map((p) => p.t / 1000),
      Values: points.map((p) => p.v),
      StatusCode: 'Complete',
    };
  });
}

function findSeries(all: MetricSeries[], stat: MetricStatInput): MetricSeries | undefined {
  const m = stat.Metric;
  if (!m?.Namespace || !m.MetricName) throw invalid('MetricStat.Metric needs Namespace and MetricName.');
  const wanted = new Map((m.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
  return all.find(
    (s) =>
      s.namespace === m.Namespace &&
      s.metricName === m.MetricName &&
      Object.keys(s.dimensions).length === wanted.size &&
      Object.entries(s.dimensions).every(([k, v]) => wanted.get(k) === v),
  );
}

/** Ascending datapoints in [start, end), aggregated to `periodMs` when it is longer than a minute. */
function datapoints(series: MetricSeries, stat: Statistic, start: number, end: number, periodMs: number, nowMs: number): Array<{ t: number; v: number }> {
  const currentMinute = Math.floor(nowMs / MINUTE) * MINUTE;
  // CloudWatch rounds a recent StartTime down to the whole minute.
  const first = Math.floor(start / MINUTE) * MINUTE;
  const buckets = new Map<number, Array<{ v: number; n: number }>>();
  for (let t = first; t < end && t <= currentMinute; t += MINUTE) {
    const minute = (t - currentMinute) / MINUTE;
    const v = statisticValue(series, stat, minute);
    if (v === undefined) continue;
    const n = statisticValue(series, { kind: 'SampleCount' }, minute) ?? 1;
    const bucket = first + Math.floor((t - first) / periodMs) * periodMs;
    const list = buckets.get(bucket) ?? [];
    list.push({ v, n });
    buckets.set(bucket, list);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([t, list]) => ({ t, v: combine(stat, list) }));
}

function combine(stat: Statistic, list: Array<{ v: number; n: number }>): number {
  if (list.length === 1) return (list[0] as { v: number }).v;
  const values = list.map((x) => x.v);
  switch (stat.kind) {
    case 'Sum':
    case 'SampleCount':
      return values.reduce((a, b) => a + b, 0);
    case 'Maximum':
    case 'percentile':
      // The max of per-minute percentiles bounds the period's percentile; close enough here.
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    case 'Average': {
      const n = list.reduce((a, x) => a + x.n, 0);
      return n === 0 ? 0 : list.reduce((a, x) => a + x.v * x.n, 0) / n;
    }
  }
}

const listMetrics: JsonOperation = (input, ctx) => {
  ctx.authorize('cloudwatch:ListMetrics');
  const namespace = input.Namespace as string | undefined;
  const name = input.MetricName as string | undefined;
  const filters = (input.Dimensions ?? []) as Array<{ Name?: string; Value?: string }>;
  const metrics = ctx.world
    .metricSeriesIn(ctx.visible)
    .filter((s) => (namespace === undefined || s.namespace === namespace) && (name === undefined || s.metricName === name))
    .filter((s) => filters.every((f) => f.Name !== undefined && f.Name in s.dimensions && (f.Value === undefined || s.dimensions[f.Name] === f.Value)))
    .map((s) => ({ Namespace: s.namespace, MetricName: s.metricName, Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })) }));
  return { Metrics: metrics };
};

export const cloudWatchService: SimService = {
  name: 'cloudwatch',
  protocol: 'json',
  jsonVersion: '1.0',
  queryCompatible: true,
  operations: { GetMetricData: getMetricData, ListMetrics: listMetrics },
};
