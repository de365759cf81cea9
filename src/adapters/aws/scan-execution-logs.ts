import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { classifyLogLine, completedStatus, executionLogRequestId } from '../../core/evidence/classify-log-line.ts';
import { LogClassTally } from '../../core/evidence/log-class-tally.ts';
import { scanLogEvents, type LogScanBounds } from './scan-log-events.ts';
import type { LogSample, LogsFindings } from '../../core/evidence/types.ts';

/**
 * Keeps only lines that report a failure or a 5xx ending. A constant on purpose: nothing the user
 * types reaches a filter pattern.
 */
export const EXECUTION_FAILURE_FILTER =
  '?"Execution failed" ?"customer function error" ?"Lambda invocation failed" ' +
  '?"Method completed with status: 500" ?"Method completed with status: 502" ' +
  '?"Method completed with status: 503" ?"Method completed with status: 504"';

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
): Promise<LogsFindings> {
  const tally = new LogClassTally();
  const statusMix: Record<string, number> = {};
  const endings = new Map<string, LogSample>();

  const scanned = await scanLogEvents(
    client,
    { logGroupName: logGroup, ...range, filterPattern: EXECUTION_FAILURE_FILTER },
    bounds,
    (event) => {
      const message = event.message ?? '';
      const requestId = executionLogRequestId(message);
      const sample: LogSample = { timestamp: new Date(event.timestamp ?? 0).toISOString(), message, ...(requestId ? { requestId } : {}) };
      const category = classifyLogLine(message);
      if (category === 'status') {
        const status = completedStatus(message);
        if (status === undefined || status < 500) return;
        statusMix[status] = (statusMix[status] ?? 0) + 1;
        if (requestId) endings.set(requestId, sample);
      } else if (category) {
        tally.add(category, sample);
      }
    },
    signal,
  );

  for (const [requestId, sample] of endings) {
    if (!tally.hasRequest(requestId)) tally.add('other-5xx', sample);
  }
  return {
    kind: 'execution-logs',
    logGroup,
    scanned: { ...scanned, method: 'FilterLogEvents' },
    classes: tally.toClasses(),
    statusMix,
  };
}
