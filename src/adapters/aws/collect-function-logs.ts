import { parseLambdaUri } from '../../core/api/parse-lambda-uri.ts';
import { FunctionLogTally } from '../../core/evidence/function-log-tally.ts';
import type { FunctionLogFinding, FunctionLogsFindings, MissingEvidence } from '../../core/evidence/types.ts';
import type { Collector, CollectorContext } from './collector.ts';
import { describeAwsFailure, errorName } from './describe-aws-failure.ts';
import { scanLogEvents, type LogScanBounds } from './scan-log-events.ts';

/**
 * Only the lines that say an invocation failed: timeouts, out-of-memory kills, init failures and
 * unhandled errors (Node's "Invoke Error" records and Python's "[ERROR]" lines). Successful
 * REPORT lines are left out: Lambda's Duration metric already gives their spread.
 */
export const FUNCTION_FAILURE_FILTER =
  '?"Task timed out" ?"Status: timeout" ?"Status: error" ?"signal: killed" ?"Runtime.ExitError" ' +
  '?"Runtime.ImportModuleError" ?"Runtime.HandlerNotFound" ?"INIT_REPORT" ?"errorType" ?"[ERROR]" ?"Invoke Error"';

/** A few pages per function, read only while a page says there is more; usually one call. */
export const FUNCTION_LOG_BOUNDS: LogScanBounds = { maxPages: 3, pageLimit: 2_000, slices: 1 };

/**
 * The stretch of the window read: its most recent minutes, where an ongoing incident's failures
 * are. FilterLogEvents searches a bounded stretch per call, so one page of a longer range can come
 * back empty while the failures sit later in it; a recovered incident is judged on the other sources.
 */
export const FUNCTION_LOG_MINUTES = 15;

/** Functions read at most; an API with more integrations has its first ones read. */
export const MAX_FUNCTIONS = 3;

/**
 * Reads each Lambda backend's own log group (/aws/lambda/<name>) for the window's failure lines,
 * all functions at once and one page each, so the diagnosis's critical path does not grow.
 * Never throws for AWS failures: each becomes a missing record (source `logs`).
 */
export const collectFunctionLogs: Collector<FunctionLogsFindings> = async (ctx, input) => {
  const { api, window } = input;
  const endTime = Date.parse(window.end);
  const range = { startTime: Math.max(Date.parse(window.start), endTime - FUNCTION_LOG_MINUTES * 60_000 + 1), endTime };
  const targets = lambdaTargets(api.integrations);
  if (targets.length === 0) return { findings: null, missing: [] };
  const missing: MissingEvidence[] = [];
  if (targets.length > MAX_FUNCTIONS) {
    missing.push({ source: 'logs', reason: `read the logs of the first ${MAX_FUNCTIONS} of ${targets.length} Lambda functions behind this API` });
  }
  const results = await Promise.all(targets.slice(0, MAX_FUNCTIONS).map((t) => readFunction(ctx, t, range)));
  const functions = results.flatMap((r) => (r.finding ? [r.finding] : []));
  missing.push(...results.flatMap((r) => r.missing));
  return { findings: functions.length > 0 ? { functions } : null, missing };
};

interface FunctionTarget {
  functionName: string;
  qualifier?: string;
}

function lambdaTargets(integrations: { lambdaArn?: string; lambdaFunctionName?: string; lambdaQualifier?: string }[]): FunctionTarget[] {
  const seen = new Map<string, FunctionTarget>();
  for (const integration of integrations) {
    const parsed = integration.lambdaArn ? parseLambdaUri(integration.lambdaArn) : undefined;
    const functionName = parsed?.functionName ?? integration.lambdaFunctionName;
    // A name still holding a stage variable cannot be read; config says which variable.
    if (!functionName || functionName.includes('${')) continue;
    const qualifier = parsed?.qualifier ?? integration.lambdaQualifier;
    // Versions and aliases share the function's log group.
    if (!seen.has(functionName)) seen.set(functionName, { functionName, ...(qualifier ? { qualifier } : {}) });
  }
  return [...seen.values()];
}

async function readFunction(
  ctx: CollectorContext,
  target: FunctionTarget,
  range: { startTime: number; endTime: number },
): Promise<{ finding: FunctionLogFinding | null; missing: MissingEvidence[] }> {
  const logGroup = `/aws/lambda/${target.functionName}`;
  const tally = new FunctionLogTally();
  try {
    const scanned = await scanLogEvents(
      ctx.clients.logs,
      { logGroupName: logGroup, ...range, filterPattern: FUNCTION_FAILURE_FILTER },
      FUNCTION_LOG_BOUNDS,
      (event) => tally.add(event.message ?? '', new Date(event.timestamp ?? 0).toISOString()),
      ctx.signal,
    );
    return {
      finding: tally.finish({ functionName: target.functionName, ...(target.qualifier ? { qualifier: target.qualifier } : {}), logGroup, scanned }),
      missing: [],
    };
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') {
      return {
        finding: null,
        missing: [{ source: 'logs', reason: `the function's log group ${logGroup} does not exist: the function has never run, or logs elsewhere` }],
      };
    }
    const described = describeAwsFailure('logs', 'logs:FilterLogEvents', error);
    return { finding: null, missing: [{ ...described, reason: `${described.reason} on ${logGroup}` }] };
  }
}
