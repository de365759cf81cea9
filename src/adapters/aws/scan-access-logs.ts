import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { classifyLogLine } from '../../core/evidence/classify-log-line.ts';
import { errorRate } from '../../core/evidence/error-rate.ts';
import { LogClassTally } from '../../core/evidence/log-class-tally.ts';
import { readAccessLogRecord, type AccessLogField, type AccessLogFormat } from '../../core/evidence/parse-access-log-format.ts';
import { scanLogEvents, type LogScanBounds } from './scan-log-events.ts';
import type { EndpointStat, LogCategory, LogsFindings } from '../../core/evidence/types.ts';

/** Endpoints kept in the findings, worst first; the rest rarely matter and bloat a Slack message. */
export const MAX_ENDPOINTS = 20;

export interface AccessLogScan {
  findings: LogsFindings;
  /** Lines that were not JSON records (a format change mid-window, or a truncated line). */
  unreadable: number;
}

/**
 * Reads every access-log record in the window (no filter: requests that succeeded are needed for
 * per-endpoint rates), counts requests and 5xx per endpoint, and classifies each 5xx by the error
 * text the record carries. Throws what the SDK throws.
 */
export async function scanAccessLogs(
  client: CloudWatchLogsClient,
  logGroup: string,
  format: Extract<AccessLogFormat, { kind: 'json' }>,
  range: { startTime: number; endTime: number },
  bounds: LogScanBounds,
  signal?: AbortSignal,
): Promise<AccessLogScan> {
  const tally = new LogClassTally();
  const statusMix: Record<string, number> = {};
  const endpoints = new Map<string, EndpointStat>();
  let unreadable = 0;

  const scanned = await scanLogEvents(
    client,
    { logGroupName: logGroup, ...range },
    bounds,
    (event) => {
      const message = event.message ?? '';
      const record = readAccessLogRecord(format, message);
      if (!record) {
        unreadable++;
        return;
      }
      const status = Number(record.status);
      const failed = Number.isInteger(status) && status >= 500 && status <= 599;
      const { method, resource } = endpointOf(record);
      const key = `${method} ${resource}`;
      const stat = endpoints.get(key) ?? { method, resource, requests: 0, errors5xx: 0, rate: 0 };
      endpoints.set(key, stat);
      stat.requests++;
      if (!failed) return;
      stat.errors5xx++;
      statusMix[status] = (statusMix[status] ?? 0) + 1;
      const category = categoryOf(record);
      stat.classes = { ...stat.classes, [category]: (stat.classes?.[category] ?? 0) + 1 };
      tally.add(category, {
        timestamp: new Date(event.timestamp ?? 0).toISOString(),
        message,
        ...(record.requestId ? { requestId: record.requestId } : {}),
      });
    },
    signal,
  );

  const ranked = [...endpoints.values()]
    .map((e) => ({ ...e, rate: errorRate(e.errors5xx, e.requests) }))
    .sort((a, b) => b.rate - a.rate || b.errors5xx - a.errors5xx || b.requests - a.requests)
    .slice(0, MAX_ENDPOINTS);
  return {
    findings: {
      kind: 'access-logs',
      logGroup,
      scanned: { ...scanned, method: 'FilterLogEvents' },
      classes: tally.toClasses(),
      statusMix,
      endpoints: ranked,
    },
    unreadable,
  };
}

/** The failure a 5xx record reports, read from its error texts; other-5xx when none says. */
function categoryOf(record: Partial<Record<AccessLogField, string>>): LogCategory {
  const text = [record.integrationError, record.errorMessage, record.errorResponseType].filter(Boolean).join(' | ');
  const category = text ? classifyLogLine(text) : null;
  return category === null || category === 'status' ? 'other-5xx' : category;
}

/** HTTP API route keys read "GET /items/{id}" (or "$default"); REST records carry method and resource. */
function endpointOf(record: Partial<Record<AccessLogField, string>>): { method: string; resource: string } {
  const routeKey = record.routeKey;
  if (routeKey) {
    const match = /^([A-Z]+)\s+(\S.*)$/.exec(routeKey);
    if (match) return { method: match[1]!, resource: match[2]! };
    return { method: record.httpMethod ?? 'ANY', resource: routeKey };
  }
  return { method: record.httpMethod ?? '?', resource: record.resourcePath ?? record.path ?? '?' };
}
