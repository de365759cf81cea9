/**
 * Finds every REST and HTTP API stage with 5xx in a region, at a cost that does not grow with
 * the number of APIs: one GetMetricData with two SEARCH() expressions (REST: ApiName+Stage,
 * 5XXError; HTTP: ApiId+Stage, 5xx) next to the two API listings that name what it finds, then
 * one GetMetricData per 250 failing stages for their request counts. Two round trips per region,
 * and the regions run side by side.
 */
import { GetMetricDataCommand, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { restMetricApiName } from '../../core/api/api-descriptor.ts';
import type { ApiCandidate } from '../../core/errors/diagnose-error.ts';
import type { MinutePoint } from '../../core/evidence/types.ts';
import { rankFailingApis, toFailingApi, type FailingApi, type FailingApiIdentity } from '../../core/scan/failing-api.ts';
import type { AwsClients } from './aws-clients.ts';
import { listApis } from './list-apis.ts';
import { toDiagnoseError } from './to-diagnose-error.ts';

const MINUTE = 60_000;
/** GetMetricData takes 500 queries; each failing stage needs one Count query. */
const MAX_QUERIES = 500;
/** Stage names never contain "|", so the last one in a label separates the name from the stage. */
const SEP = '|';

export interface ScanTarget {
  clients: AwsClients;
  /** Set when the region is read through another account's role. */
  account?: string;
}

export interface ScanOptions {
  sinceMinutes: number;
  now: Date;
  signal?: AbortSignal;
}

export interface ScanResult {
  apis: FailingApi[];
  /** Regions (or accounts) that could not be read, with why; the others still count. */
  problems: Array<{ region: string; account?: string; message: string }>;
  /** A search hit AWS's 500-series cap: some stages may be missing. */
  truncated: boolean;
}

export async function scanFailingApis(targets: readonly ScanTarget[], options: ScanOptions): Promise<ScanResult> {
  const settled = await Promise.allSettled(targets.map((t) => scanRegion(t, options)));
  const apis: FailingApi[] = [];
  const problems: ScanResult['problems'] = [];
  let truncated = false;
  settled.forEach((outcome, i) => {
    const target = targets[i] as ScanTarget;
    if (outcome.status === 'fulfilled') {
      apis.push(...outcome.value.apis);
      truncated ||= outcome.value.truncated;
    } else {
      const reason = outcome.reason as Error;
      problems.push({ region: target.clients.region, ...(target.account ? { account: target.account } : {}), message: reason.message ?? String(reason) });
    }
  });
  return { apis: rankFailingApis(apis), problems, truncated };
}

interface StageErrors {
  identity: FailingApiIdentity;
  /** Count query dimensions. */
  dimensions: Array<{ Name: string; Value: string }>;
  errors: Map<number, number>;
}

async function scanRegion(target: ScanTarget, options: ScanOptions): Promise<{ apis: FailingApi[]; truncated: boolean }> {
  const { clients } = target;
  const region = clients.region;
  const end = Math.floor(options.now.getTime() / MINUTE) * MINUTE + MINUTE;
  const start = end - options.sinceMinutes * MINUTE;
  const window = { StartTime: new Date(start), EndTime: new Date(end), ScanBy: 'TimestampAscending' as const };
  const metricsCall = { operation: 'GetMetricData', action: 'cloudwatch:GetMetricData', resource: '*' };

  const [searched, known] = await Promise.all([
    clients.cloudWatch
      .send(
        new GetMetricDataCommand({
          ...window,
          MetricDataQueries: [
            search('rest', `{AWS/ApiGateway,ApiName,Stage} MetricName="5XXError"`, `\${PROP('Dim.ApiName')}${SEP}\${PROP('Dim.Stage')}`),
            search('http', `{AWS/ApiGateway,ApiId,Stage} MetricName="5xx"`, `\${PROP('Dim.ApiId')}${SEP}\${PROP('Dim.Stage')}`),
          ],
        }),
        { abortSignal: options.signal },
      )
      .catch((error: unknown) => {
        throw toDiagnoseError(error, metricsCall, options.signal);
      }),
    listApis(clients, options.signal),
  ]);
  const truncated = (searched.Messages ?? []).some((m) => m.Code === 'MaxMetricsExceeded');

  const failing = failingStages(searched.MetricDataResults ?? [], known, region, target.account);
  if (failing.length === 0) return { apis: [], truncated };

  // Request counts for the failing stages only, in as few calls as GetMetricData allows.
  const counts = new Map<number, MetricDataResult>();
  const batches: StageErrors[][] = [];
  for (let i = 0; i < failing.length; i += MAX_QUERIES) batches.push(failing.slice(i, i + MAX_QUERIES));
  await Promise.all(
    batches.map(async (batch, b) => {
      const res = await clients.cloudWatch
        .send(
          new GetMetricDataCommand({
            ...window,
            MetricDataQueries: batch.map((stage, i) => ({
              Id: `c${b * MAX_QUERIES + i}`,
              MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: stage.dimensions }, Period: 60, Stat: 'SampleCount' },
            })),
          }),
          { abortSignal: options.signal },
        )
        .catch((error: unknown) => {
          throw toDiagnoseError(error, metricsCall, options.signal);
        });
      for (const r of res.MetricDataResults ?? []) if (r.Id) counts.set(Number(r.Id.slice(1)), r);
    }),
  );

  const apis: FailingApi[] = [];
  failing.forEach((stage, i) => {
    const requests = byMinute(counts.get(i));
    const points: MinutePoint[] = [];
    for (let t = start; t < end; t += MINUTE)
      points.push({ t: new Date(t).toISOString(), requests: requests.get(t) ?? 0, errors5xx: stage.errors.get(t) ?? 0 });
    const entry = toFailingApi(stage.identity, points);
    if (entry) apis.push(entry);
  });
  return { apis, truncated };
}

function search(id: string, expression: string, label: string): MetricDataQuery {
  return { Id: id, Expression: `SEARCH('${expression}', 'Sum', 60)`, Label: label, ReturnData: true };
}

/** The series with at least one 5xx, named through the listings. */
function failingStages(results: MetricDataResult[], known: ApiCandidate[], region: string, account: string | undefined): StageErrors[] {
  const restByMetricName = new Map<string, ApiCandidate[]>();
  for (const api of known.filter((a) => a.type === 'rest')) {
    const key = restMetricApiName(api);
    restByMetricName.set(key, [...(restByMetricName.get(key) ?? []), api]);
  }
  const httpById = new Map(known.filter((a) => a.type === 'http').map((a) => [a.id, a]));
  const out: StageErrors[] = [];
  for (const r of results) {
    const errors = byMinute(r);
    if (![...errors.values()].some((v) => v > 0)) continue;
    const label = r.Label ?? '';
    const cut = label.lastIndexOf(SEP);
    if (cut < 0) continue;
    const key = label.slice(0, cut);
    const stage = label.slice(cut + 1);
    const withAccount = account ? { account } : {};
    if (r.Id === 'rest') {
      const apis = restByMetricName.get(key) ?? [];
      const [first] = apis;
      out.push({
        identity: {
          // An API deleted since it failed has metrics but no listing; its name is all there is.
          id: first?.id ?? '',
          type: 'rest',
          name: first?.name ?? key,
          stage,
          region,
          ...withAccount,
          ...(apis.length > 1 ? { sharesNameWith: apis.slice(1).map((a) => a.id) } : {}),
        },
        dimensions: [
          { Name: 'ApiName', Value: key },
          { Name: 'Stage', Value: stage },
        ],
        errors,
      });
    } else if (r.Id === 'http') {
      out.push({
        identity: { id: key, type: 'http', name: httpById.get(key)?.name ?? key, stage, region, ...withAccount },
        dimensions: [
          { Name: 'ApiId', Value: key },
          { Name: 'Stage', Value: stage },
        ],
        errors,
      });
    }
  }
  return out;
}

function byMinute(result: MetricDataResult | undefined): Map<number, number> {
  const out = new Map<number, number>();
  const ts = result?.Timestamps ?? [];
  const values = result?.Values ?? [];
  for (const [i, t] of ts.entries()) {
    const minute = Math.floor(t.getTime() / MINUTE) * MINUTE;
    out.set(minute, (out.get(minute) ?? 0) + (values[i] ?? 0));
  }
  return out;
}
