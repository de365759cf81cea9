import { FilterLogEventsCommand, type CloudWatchLogsClient, type FilteredLogEvent, type FilterLogEventsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';

export interface LogScanBounds {
  /** FilterLogEvents calls at most; the API allows about 5 per second per account and region. */
  maxPages: number;
  /** Events asked for per page (the API's maximum is 10,000). */
  pageLimit: number;
  /**
   * The time range is cut into this many slices scanned at once. Each FilterLogEvents call searches
   * only a bounded stretch of the log, so pages of one long range come back one after another;
   * slices turn that chain into parallel calls. `maxPages` is shared out between the slices.
   */
  slices?: number;
}

/** Four slices stay under the FilterLogEvents quota (5 calls/s per account and region). */
export const DEFAULT_LOG_SCAN_BOUNDS: LogScanBounds = { maxPages: 8, pageLimit: 10_000, slices: 4 };

/** Slices shorter than this are not worth a call of their own. */
const MIN_SLICE_MS = 5 * 60_000;

export interface LogScanRequest {
  logGroupName: string;
  startTime: number;
  endTime: number;
  filterPattern?: string;
}

export interface LogScanResult {
  events: number;
  pages: number;
  /** True when pages were left unread: the page bound was reached or the scan was stopped. */
  truncated: boolean;
}

/**
 * Pages through FilterLogEvents, handing each event to `onEvent`. Pages may be empty while more
 * results exist, so only a missing nextToken ends the scan. When the signal aborts after at least
 * one page, the scan stops and reports what it read as truncated; before the first page the abort
 * is thrown like any other failure.
 */
export async function scanLogEvents(
  client: CloudWatchLogsClient,
  request: LogScanRequest,
  bounds: LogScanBounds,
  onEvent: (event: FilteredLogEvent) => void,
  signal?: AbortSignal,
): Promise<LogScanResult> {
  const span = request.endTime - request.startTime;
  const slices = Math.max(1, Math.min(bounds.slices ?? 1, Math.floor(span / MIN_SLICE_MS)));
  if (slices === 1) return scanRange(client, request, bounds, onEvent, signal);
  const perSlice = { ...bounds, maxPages: Math.max(1, Math.ceil(bounds.maxPages / slices)) };
  const step = Math.ceil(span / slices);
  const ranges = Array.from({ length: slices }, (_, i) => ({
    ...request,
    startTime: request.startTime + i * step,
    // endTime is inclusive: stop one millisecond before the next slice starts.
    endTime: i === slices - 1 ? request.endTime : request.startTime + (i + 1) * step - 1,
  }));
  const results = await Promise.all(ranges.map((range) => scanRange(client, range, perSlice, onEvent, signal)));
  return results.reduce((sum, r) => ({ events: sum.events + r.events, pages: sum.pages + r.pages, truncated: sum.truncated || r.truncated }), {
    events: 0,
    pages: 0,
    truncated: false,
  });
}

async function scanRange(
  client: CloudWatchLogsClient,
  request: LogScanRequest,
  bounds: LogScanBounds,
  onEvent: (event: FilteredLogEvent) => void,
  signal?: AbortSignal,
): Promise<LogScanResult> {
  let nextToken: string | undefined;
  let pages = 0;
  let events = 0;
  for (;;) {
    if (signal?.aborted) {
      if (pages > 0) return { events, pages, truncated: true };
      throw abortError(signal);
    }
    let page: FilterLogEventsCommandOutput;
    try {
      page = await client.send(
        new FilterLogEventsCommand({
          logGroupName: request.logGroupName,
          startTime: request.startTime,
          endTime: request.endTime,
          filterPattern: request.filterPattern,
          limit: bounds.pageLimit,
          nextToken,
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (signal?.aborted && pages > 0) return { events, pages, truncated: true };
      throw error;
    }
    pages++;
    for (const event of page.events ?? []) {
      events++;
      onEvent(event);
    }
    nextToken = page.nextToken || undefined;
    if (!nextToken) return { events, pages, truncated: false };
    if (pages >= bounds.maxPages) return { events, pages, truncated: true };
  }
}

function abortError(signal: AbortSignal): Error {
  const error = new Error(`log scan aborted${signal.reason instanceof Error ? `: ${signal.reason.message}` : ''}`, { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}
