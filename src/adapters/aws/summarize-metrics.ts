import type { ApiDescriptor } from '../../core/api/api-descriptor.ts';
import type { MetricQueryPlan } from './build-metric-queries.ts';
import { errorRate } from '../../core/evidence/error-rate.ts';
import type { MinuteSeries } from './fetch-metric-series.ts';
import { findOnset } from '../../core/evidence/find-onset.ts';
import { severityFor } from '../../core/evidence/severity.ts';
import type { LambdaMetrics, MetricsFindings, MinutePoint } from '../../core/evidence/types.ts';

/** A minute counts as "at the timeout" when its maximum integration latency reaches 95 % of it. */
export const AT_TIMEOUT_SHARE = 0.95;

export interface MetricRange {
  /** First minute of the baseline (epoch ms, minute-aligned). */
  baselineStartMs: number;
  /** First minute of the window (epoch ms, minute-aligned). */
  startMs: number;
  /** End of the window, exclusive (epoch ms). */
  endMs: number;
}

/**
 * Turns raw per-query series into findings. Pure. Minutes without a data point had no requests:
 * counts become 0 there, latencies stay undefined (there was nothing to measure).
 */
export function summarizeMetrics(api: ApiDescriptor, plan: MetricQueryPlan, series: ReadonlyMap<string, MinuteSeries>, range: MetricRange): MetricsFindings {
  const get = (id: string): MinuteSeries => series.get(id) ?? new Map();
  const errors = get(plan.api.errors);
  const clientErrors = get(plan.api.clientErrors);
  const requests = get(plan.api.requests);
  const latencyP99 = get(plan.api.latencyP99);
  const integrationAvg = get(plan.api.integrationLatencyAverage);
  const integrationP99 = get(plan.api.integrationLatencyP99);
  const integrationMax = get(plan.api.integrationLatencyMax);

  const windowMinutes = minutesBetween(range.startMs, range.endMs);
  const perMinute: MinutePoint[] = windowMinutes.map((t) =>
    withoutUndefined({
      t: new Date(t).toISOString(),
      requests: requests.get(t) ?? 0,
      errors5xx: errors.get(t) ?? 0,
      latencyP99: latencyP99.get(t),
      integrationLatencyP99: integrationP99.get(t),
      integrationLatencyMax: integrationMax.get(t),
    }),
  );

  const totalRequests = sum(perMinute.map((p) => p.requests));
  const totalErrors = sum(perMinute.map((p) => p.errors5xx));
  const baselineMinutes = minutesBetween(range.baselineStartMs, range.startMs);
  const baselineRequests = sum(baselineMinutes.map((t) => requests.get(t) ?? 0));
  const baselineErrors = sum(baselineMinutes.map((t) => errors.get(t) ?? 0));
  const baselineRate = errorRate(baselineErrors, baselineRequests);

  const errorMinuteIndexes = perMinute.flatMap((p, i) => (p.errors5xx > 0 ? [i] : []));
  const latencyMinutes = (errorMinuteIndexes.length > 0 ? errorMinuteIndexes : perMinute.map((_, i) => i)).map((i) => windowMinutes[i]!);

  const onset = findOnset(perMinute, baselineRate);
  const latencyAtTimeout = measureLatencyAtTimeout(api, perMinute);
  return withoutUndefined({
    namespace: 'AWS/ApiGateway' as const,
    errorMetric: plan.errorMetric,
    dimensions: { ...plan.dimensions },
    perMinute,
    totals: {
      requests: totalRequests,
      errors5xx: totalErrors,
      rate: errorRate(totalErrors, totalRequests),
      severity: severityFor(totalErrors, totalRequests),
    },
    baseline: { requests: baselineRequests, errors5xx: baselineErrors, rate: baselineRate },
    clientErrors: {
      errors4xx: sum(windowMinutes.map((t) => clientErrors.get(t) ?? 0)),
      baseline4xx: sum(baselineMinutes.map((t) => clientErrors.get(t) ?? 0)),
      onset: findOnset(
        perMinute.map((p, i) => ({ ...p, errors5xx: clientErrors.get(windowMinutes[i]!) ?? 0 })),
        errorRate(sum(baselineMinutes.map((t) => clientErrors.get(t) ?? 0)), baselineRequests),
      ),
    },
    onset,
    integrationLatency: withoutUndefined({
      average: weightedAverage(latencyMinutes, integrationAvg, requests),
      // Percentiles cannot be merged; the worst minute's p99 is an honest upper bound.
      p99: maxOf(latencyMinutes.map((t) => integrationP99.get(t))),
      max: maxOf(latencyMinutes.map((t) => integrationMax.get(t))),
    }),
    latencyAtTimeout,
    lambda: plan.lambda.map(({ functionName, ids }): LambdaMetrics => {
      const total = (id: string): number => sum(windowMinutes.map((t) => get(id).get(t) ?? 0));
      return withoutUndefined({
        functionName,
        invocations: total(ids.invocations),
        errors: total(ids.errors),
        throttles: total(ids.throttles),
        durationP99: maxOf(windowMinutes.map((t) => get(ids.durationP99).get(t))),
        durationMax: maxOf(windowMinutes.map((t) => get(ids.durationMax).get(t))),
      });
    }),
  });
}

/** Among the minutes with 5xx, how many had their slowest integration call at the smallest timeout. */
function measureLatencyAtTimeout(api: ApiDescriptor, perMinute: MinutePoint[]): MetricsFindings['latencyAtTimeout'] {
  const timeouts = api.integrations.map((i) => i.timeoutMs).filter((ms) => Number.isFinite(ms) && ms > 0);
  if (timeouts.length === 0) return undefined;
  const timeoutMs = Math.min(...timeouts);
  const withErrors = perMinute.filter((p) => p.errors5xx > 0);
  const atTimeout = withErrors.filter((p) => p.integrationLatencyMax !== undefined && p.integrationLatencyMax >= AT_TIMEOUT_SHARE * timeoutMs);
  return {
    timeoutMs,
    minutesWithErrors: withErrors.length,
    minutesAtTimeout: atTimeout.length,
    share: withErrors.length > 0 ? atTimeout.length / withErrors.length : 0,
  };
}

/** Request-weighted mean of per-minute averages; an unweighted mean when no minute has a request count. */
function weightedAverage(minutes: number[], averages: MinuteSeries, requests: MinuteSeries): number | undefined {
  let weighted = 0;
  let weight = 0;
  const plain: number[] = [];
  for (const t of minutes) {
    const avg = averages.get(t);
    if (avg === undefined) continue;
    plain.push(avg);
    const n = requests.get(t) ?? 0;
    weighted += avg * n;
    weight += n;
  }
  if (plain.length === 0) return undefined;
  return weight > 0 ? weighted / weight : sum(plain) / plain.length;
}

function minutesBetween(startMs: number, endMs: number): number[] {
  const minutes: number[] = [];
  for (let t = startMs; t < endMs; t += 60_000) minutes.push(t);
  return minutes;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function maxOf(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length > 0 ? Math.max(...defined) : undefined;
}

/** Drops undefined properties so findings compare and serialise cleanly. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
