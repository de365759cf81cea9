import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';

/** A metric series keyed by the epoch milliseconds of each data point's minute. */
export type MinuteSeries = Map<number, number>;

export interface FetchedSeries {
  /** Query id → data points; ids that returned nothing map to an empty series. */
  series: Map<string, MinuteSeries>;
  /** Query ids whose result status was neither Complete nor PartialData (Forbidden, InternalError). */
  failed: { id: string; status: string; message?: string }[];
  pages: number;
  /** True when pagination stopped at MAX_METRIC_PAGES with data still left. */
  truncated: boolean;
}

/** One window of at most a few hours needs one page; the bound only guards against a runaway loop. */
export const MAX_METRIC_PAGES = 10;

/**
 * Runs the queries as one GetMetricData request (following NextToken) and merges the pages into
 * per-query series. Throws what the SDK throws; the collector turns that into a missing record.
 */
export async function fetchMetricSeries(
  client: CloudWatchClient,
  queries: MetricDataQuery[],
  range: { startMs: number; endMs: number },
  signal?: AbortSignal,
): Promise<FetchedSeries> {
  const series = new Map<string, MinuteSeries>(queries.map((q) => [q.Id!, new Map()]));
  const failed: FetchedSeries['failed'] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(range.startMs),
        EndTime: new Date(range.endMs),
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }),
      { abortSignal: signal },
    );
    pages++;
    for (const result of page.MetricDataResults ?? []) {
      if (!result.Id) continue;
      const points = series.get(result.Id) ?? new Map<number, number>();
      series.set(result.Id, points);
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      timestamps.forEach((time, i) => {
        const value = values[i];
        if (value !== undefined && Number.isFinite(value)) points.set(minuteOf(new Date(time).getTime()), value);
      });
      if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
        if (!failed.some((f) => f.id === result.Id)) {
          failed.push({ id: result.Id, status: result.StatusCode, message: result.Messages?.[0]?.Value });
        }
      }
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken && pages < MAX_METRIC_PAGES);
  return { series, failed, pages, truncated: nextToken !== undefined };
}

export function minuteOf(epochMs: number): number {
  return Math.floor(epochMs / 60_000) * 60_000;
}
