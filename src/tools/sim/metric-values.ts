import type { Segment, SeriesSpec } from './scenario-schema.ts';
import type { MetricSeries } from './sim-world.ts';
import { randomFor } from './seeded-random.ts';

/**
 * Per-minute values of a scenario's metric series, for any CloudWatch statistic. Counters
 * (Count, 5XXError, Errors...) are per-request 0/1 samples, as API Gateway and Lambda publish
 * them: Sum is the count, SampleCount the number of requests, Average the rate. Latencies take
 * each statistic from its own series, or the nearest one given.
 */

export type Statistic = { kind: 'Sum' | 'SampleCount' | 'Average' | 'Maximum' | 'Minimum' } | { kind: 'percentile'; p: number };

/** Parses a GetMetricData `Stat`; undefined for one CloudWatch would reject. */
export function parseStatistic(stat: string): Statistic | undefined {
  if (stat === 'Sum' || stat === 'SampleCount' || stat === 'Average' || stat === 'Maximum' || stat === 'Minimum') return { kind: stat };
  const p = /^p(\d{1,2}(?:\.\d+)?|100)$/.exec(stat);
  if (p) return { kind: 'percentile', p: Number(p[1]) };
  // Trimmed means and friends: close enough to the average for a simulation.
  if (/^(tm|wm|tc|ts|pr)\(?[\d.:%]*\)?|^IQM$/.test(stat)) return { kind: 'Average' };
  return undefined;
}

/** The value of a segment list at `minute`, later segments winning; undefined when none covers it. */
export function segmentValue(segments: readonly Segment[], minute: number, seedParts: ReadonlyArray<string | number>): number | undefined {
  let found: Segment | undefined;
  for (const segment of segments) if (minute >= segment.from && minute <= segment.to) found = segment;
  if (!found) return undefined;
  const span = found.to - found.from;
  const base = found.rampTo === undefined || span === 0 ? found.value : found.value + ((found.rampTo - found.value) * (minute - found.from)) / span;
  if (!found.jitter) return base;
  const r = randomFor(...seedParts, minute);
  return Math.max(0, base * (1 + found.jitter * (2 * r - 1)));
}

export function statisticValue(series: MetricSeries, stat: Statistic, minute: number): number | undefined {
  const seed = [series.scenario.seed, series.scenario.id, series.seedKey];
  return series.counter ? counterValue(series, stat, minute, seed) : gaugeValue(series, stat, minute, seed);
}

function counterValue(series: MetricSeries, stat: Statistic, minute: number, seed: Array<string | number>): number | undefined {
  const raw = pick(series.spec, ['Average', 'Maximum']);
  const v = segmentValue(raw, minute, [...seed, 'value']);
  if (v === undefined) return undefined;
  const count = Math.round(v);
  const selfCounting = series.metricName === 'Count' || series.metricName === 'Invocations';
  const requests = selfCounting ? count : Math.max(count, sampleCount(series, minute) ?? count);
  switch (stat.kind) {
    case 'Sum':
      return count;
    case 'SampleCount':
      return requests;
    case 'Average':
      return selfCounting ? (count > 0 ? 1 : 0) : requests > 0 ? count / requests : 0;
    case 'Maximum':
      return count > 0 ? 1 : 0;
    case 'Minimum':
      return selfCounting ? (count > 0 ? 1 : 0) : count >= requests && count > 0 ? 1 : 0;
    case 'percentile':
      // Share of zero samples below the percentile: the percentile is 0, else 1.
      return requests === 0 || selfCounting ? (count > 0 ? 1 : 0) : 1 - count / requests < stat.p / 100 ? 1 : 0;
  }
}

function gaugeValue(series: MetricSeries, stat: Statistic, minute: number, seed: Array<string | number>): number | undefined {
  const samples = sampleCount(series, minute);
  // No requests in that minute: API Gateway and Lambda publish no latency datapoint.
  if (samples === 0) return undefined;
  const segmentValueOf = (order: string[]) => {
    const [name, segments] = pickNamed(series.spec, order);
    const v = segmentValue(segments, minute, [...seed, name]);
    return v === undefined ? undefined : Math.round(v * 100) / 100;
  };
  switch (stat.kind) {
    case 'Average':
      return segmentValueOf(['Average', 'p50', 'p90', 'p95', 'p99', 'Maximum']);
    case 'Maximum':
      return segmentValueOf(['Maximum', 'p100', 'p99.9', 'p99', 'p95', 'p90', 'Average']);
    case 'Minimum':
      return segmentValueOf(['Minimum', 'p0', 'p10', 'p50', 'Average']);
    case 'percentile':
      return segmentValueOf(percentileOrder(series.spec, stat.p));
    case 'SampleCount':
      return segmentValueOf(['Average', 'Maximum']) === undefined ? undefined : (samples ?? 1);
    case 'Sum': {
      const average = segmentValueOf(['Average', 'p50', 'p90', 'p95', 'p99', 'Maximum']);
      return average === undefined ? undefined : Math.round(average * (samples ?? 1) * 100) / 100;
    }
  }
}

function sampleCount(series: MetricSeries, minute: number): number | undefined {
  if (!series.samples) return undefined;
  const v = segmentValue(pick(series.samples.spec, ['Average']), minute, [series.scenario.seed, series.scenario.id, series.samples.seedKey, 'value']);
  return v === undefined ? undefined : Math.round(v);
}

/** The exact percentile if given, else the nearest higher one, else Maximum, else the average. */
function percentileOrder(spec: SeriesSpec, p: number): string[] {
  if (Array.isArray(spec)) return [];
  const given = Object.keys(spec)
    .filter((k) => k.startsWith('p'))
    .map((k) => Number(k.slice(1)))
    .sort((a, b) => a - b);
  const higher = given.filter((g) => g >= p).map((g) => `p${g}`);
  const lower = given
    .filter((g) => g < p)
    .reverse()
    .map((g) => `p${g}`);
  return p >= 99 ? [...higher, 'Maximum', ...lower, 'Average'] : [...higher, ...lower, 'Average', 'Maximum'];
}

function pick(spec: SeriesSpec, order: string[]): readonly Segment[] {
  return pickNamed(spec, order)[1];
}

function pickNamed(spec: SeriesSpec, order: string[]): [string, readonly Segment[]] {
  if (Array.isArray(spec)) return ['all', spec];
  for (const name of order) {
    const segments = spec[name];
    if (segments) return [name, segments];
  }
  const [first] = Object.entries(spec);
  return first ? [first[0], first[1]] : ['none', []];
}
