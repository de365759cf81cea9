import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { classifyLogLine, completedStatus, executionLogRequestId } from '../../core/evidence/classify-log-line.ts';
import { LogClassTally } from '../../core/evidence/log-class-tally.ts';
import { scanLogEvents, type LogScanBounds } from './scan-log-events.ts';
import { errorRate } from '../../core/evidence/error-rate.ts';
import { routeFor } from '../../core/api/route-for.ts';
import type { EndpointStat, LogCategory, LogSample, LogsFindings } from '../../core/evidence/types.ts';
import { MAX_ENDPOINTS } from './scan-access-logs.ts';

/**
 * Keeps only lines that report a failure or a 5xx ending, plus the "HTTP Method: GET, Resource
 * Path: /orders" line INFO logging writes once per request, which ties each failure to its route.
 * A constant on purpose: nothing the user types reaches a filter pattern.
 */
export const EXECUTION_FAILURE_FILTER =
  '?"Execution failed" ?"customer function error" ?"Lambda invocation failed" ' +
  '?"Method completed with status: 500" ?"Method completed with status: 502" ' +
  '?"Method completed with status: 503" ?"Method completed with status: 504" ?"Resource Path"';

/**
 * Reads a REST stage's execution-log failure lines in the window and sorts them into classes,
 * plus the mix of 5xx statuses. A request that ended in 5xx without any recognised failure line
 * (for example an HTTP backend that answered 502 itself) is counted as other-5xx.
 * Throws what the SDK throws.
 */
export async function scanExecutionLogs(
  client: CloudWatchLogsClient,
  logGroup: string,
  range: { startTime: number; endTime: number },
  bounds: LogScanBounds,
  signal?: AbortSignal,
  /** The API's routes ("GET /orders/{id}"), to name a request path by the route that serves it. */
  routeKeys: readonly string[] = [],
): Promise<LogsFindings> {
  const tally = new LogClassTally();
  const statusMix: Record<string, number> = {};
  const endings = new Map<string, LogSample>();
  const routes = new Map<string, string>();
  const failures = new Map<string, LogCategory>();

  const scanned = await scanLogEvents(
    client,
    { logGroupName: logGroup, ...range, filterPattern: EXECUTION_FAILURE_FILTER },
    bounds,
    (event) => {
      const message = event.message ?? '';
      const requestId = executionLogRequestId(message);
      const sample: LogSample = { timestamp: new Date(event.timestamp ?? 0).toISOString(), message, ...(requestId ? { requestId } : {}) };
      const path = RESOURCE_PATH.exec(message);
      if (path) {
        if (requestId) routes.set(requestId, routeFor(path[1]!, path[2]!, routeKeys));
        return;
      }
      const category = classifyLogLine(message);
      if (category === 'status') {
        const status = completedStatus(message);
        if (status === undefined || status < 500) return;
        statusMix[status] = (statusMix[status] ?? 0) + 1;
        if (requestId) endings.set(requestId, sample);
      } else if (category) {
        tally.add(category, sample);
        if (requestId && !failures.has(requestId)) failures.set(requestId, category);
      }
    },
    signal,
  );

  for (const [requestId, sample] of endings) {
    if (!tally.hasRequest(requestId)) {
      tally.add('other-5xx', sample);
      failures.set(requestId, 'other-5xx');
    }
  }
  const endpoints = routes.size > 0 ? endpointStats(routes, failures) : undefined;
  return {
    kind: 'execution-logs',
    logGroup,
    scanned: { ...scanned, method: 'FilterLogEvents' },
    classes: tally.toClasses(),
    statusMix,
    ...(endpoints ? { endpoints } : {}),
  };
}

const RESOURCE_PATH = /HTTP Method: ([A-Z]+), Resource Path: (\S+)/;

/** Requests and failures per route, worst first: every request's route, joined to its failure by request id. */
function endpointStats(routes: Map<string, string>, failures: Map<string, LogCategory>): EndpointStat[] {
  const stats = new Map<string, EndpointStat>();
  for (const [requestId, route] of routes) {
    const [method = '?', resource = '?'] = route.split(' ');
    const stat = stats.get(route) ?? { method, resource, requests: 0, errors5xx: 0, rate: 0, classes: {} };
    stats.set(route, stat);
    stat.requests++;
    const category = failures.get(requestId);
    if (!category) continue;
    stat.errors5xx++;
    stat.classes![category] = (stat.classes![category] ?? 0) + 1;
  }
  return [...stats.values()]
    .map((e) => ({ ...e, rate: errorRate(e.errors5xx, e.requests) }))
    .sort((a, b) => b.errors5xx - a.errors5xx || b.rate - a.rate || b.requests - a.requests)
    .slice(0, MAX_ENDPOINTS);
}
