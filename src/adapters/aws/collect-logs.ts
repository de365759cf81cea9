import type { ApiDescriptor } from '../../core/api/api-descriptor.ts';
import { executionLogGroupName } from '../../core/api/api-descriptor.ts';
import type { CollectorContext } from './collector.ts';
import { describeAwsFailure, errorName } from './describe-aws-failure.ts';
import { logGroupFromArn } from '../../core/evidence/log-group-from-arn.ts';
import { parseAccessLogFormat } from '../../core/evidence/parse-access-log-format.ts';
import { recommendedAccessLogFormat } from '../../core/evidence/recommended-access-log-format.ts';
import { scanAccessLogs } from './scan-access-logs.ts';
import { scanExecutionLogs } from './scan-execution-logs.ts';
import { DEFAULT_LOG_SCAN_BOUNDS, type LogScanBounds } from './scan-log-events.ts';
import type { CollectorInput, CollectorResult, LogsFindings, MissingEvidence } from '../../core/evidence/types.ts';

/**
 * Reads the API's failure lines for the window: REST execution logs when execution logging is on,
 * otherwise (and always for HTTP APIs, which have no execution logs) the stage's access log.
 * Never throws for AWS failures. `bounds` limits how many FilterLogEvents pages are read.
 */
export async function collectLogs(ctx: CollectorContext, input: CollectorInput, bounds: Partial<LogScanBounds> = {}): Promise<CollectorResult<LogsFindings>> {
  const { api, window } = input;
  const range = { startTime: Date.parse(window.start), endTime: Date.parse(window.end) };
  if (!Number.isFinite(range.startTime) || !Number.isFinite(range.endTime) || range.endTime <= range.startTime) {
    return { findings: null, missing: [{ source: 'logs', reason: `the diagnosis window ${window.start} / ${window.end} is not a valid time range` }] };
  }
  const limits: LogScanBounds = { ...DEFAULT_LOG_SCAN_BOUNDS, ...bounds };
  const missing: MissingEvidence[] = [];

  if (api.type === 'rest') {
    if (api.stage.executionLogging === 'OFF') {
      // Nothing to read: asking AWS would only prove the group is empty or absent.
      missing.push(executionLoggingOff(api));
    } else {
      const logGroup = executionLogGroupName(api.id, api.stage.name);
      try {
        const routeKeys = api.integrations.map((i) => i.route);
        const findings = await scanExecutionLogs(ctx.clients.logs, logGroup, range, limits, ctx.signal, routeKeys);
        return { findings, missing };
      } catch (error) {
        if (!isMissingGroup(error)) return { findings: null, missing: [describeAwsFailure('logs', 'logs:FilterLogEvents', error)] };
        missing.push({
          source: 'logs',
          reason: `the execution log group ${logGroup} does not exist: execution logging was never enabled or nothing was logged`,
          fix: executionLoggingFix(api),
        });
      }
    }
    // A REST stage without execution logs may still have an access log to fall back on.
    if (!api.stage.accessLogDestinationArn) return { findings: null, missing };
  }

  const access = await collectAccessLogs(ctx, api, range, limits);
  return { findings: access.findings, missing: [...missing, ...access.missing] };
}

async function collectAccessLogs(
  ctx: CollectorContext,
  api: ApiDescriptor,
  range: { startTime: number; endTime: number },
  limits: LogScanBounds,
): Promise<CollectorResult<LogsFindings>> {
  const destination = api.stage.accessLogDestinationArn;
  if (!destination) {
    return {
      findings: null,
      missing: [
        {
          source: 'logs',
          reason: `access logging is not turned on for stage ${api.stage.name}, and HTTP APIs have no execution logs`,
          fix: accessLoggingFix(api),
        },
      ],
    };
  }
  const logGroup = logGroupFromArn(destination);
  if (!logGroup) {
    return {
      findings: null,
      missing: [{ source: 'logs', reason: `the access log goes to ${destination}, which is not a CloudWatch Logs group diagnose-502 can read` }],
    };
  }
  const format = parseAccessLogFormat(api.stage.accessLogFormat);
  if (format.kind !== 'json') {
    return {
      findings: null,
      missing: [
        {
          source: 'logs',
          reason: 'access log format is not JSON, per-request fields cannot be read',
          fix: `switch the stage's access log to a JSON format, e.g. ${recommendedAccessLogFormat(api.type)}`,
        },
      ],
    };
  }
  if (!format.fields.status) {
    return {
      findings: null,
      missing: [
        {
          source: 'logs',
          reason: 'the access log format has no $context.status field, so failed requests cannot be told apart',
          fix: `add "status":"$context.status" to the access log format, e.g. ${recommendedAccessLogFormat(api.type)}`,
        },
      ],
    };
  }

  try {
    const { findings, unreadable } = await scanAccessLogs(ctx.clients.logs, logGroup, format, range, limits, ctx.signal);
    const missing: MissingEvidence[] = [];
    if (unreadable > 0) {
      missing.push({ source: 'logs', reason: `${unreadable} access-log lines in ${logGroup} were not JSON records and were skipped` });
    }
    return { findings, missing };
  } catch (error) {
    if (isMissingGroup(error)) {
      return {
        findings: null,
        missing: [
          {
            source: 'logs',
            reason: `the access log group ${logGroup} does not exist: it was deleted, or nothing has been logged yet`,
            fix: `create it (aws logs create-log-group --log-group-name ${logGroup}) or point the stage's access log at an existing group`,
          },
        ],
      };
    }
    return { findings: null, missing: [describeAwsFailure('logs', 'logs:FilterLogEvents', error)] };
  }
}

function isMissingGroup(error: unknown): boolean {
  return errorName(error) === 'ResourceNotFoundException';
}

function executionLoggingOff(api: ApiDescriptor): MissingEvidence {
  return {
    source: 'logs',
    reason: `execution logging is off for stage ${api.stage.name}, so API Gateway recorded no failure lines`,
    fix: executionLoggingFix(api),
  };
}

function executionLoggingFix(api: ApiDescriptor): string {
  return (
    `turn on execution logging (ERROR) for the stage: aws apigateway update-stage --rest-api-id ${api.id} ` +
    `--stage-name ${api.stage.name} --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=ERROR' ` +
    '(the account needs a CloudWatch Logs role first: aws apigateway update-account ' +
    '--patch-operations op=replace,path=/cloudwatchRoleArn,value=<role arn with AmazonAPIGatewayPushToCloudWatchLogs>)'
  );
}

function accessLoggingFix(api: ApiDescriptor): string {
  const region = api.region;
  const account = api.accountId ?? '<account-id>';
  const group = `/aws/apigateway/${api.id}/${api.stage.name}`;
  // JSON rather than shorthand syntax: the format itself is full of commas.
  const settings = JSON.stringify({
    DestinationArn: `arn:aws:logs:${region}:${account}:log-group:${group}`,
    Format: recommendedAccessLogFormat('http'),
  });
  return (
    `turn on access logging in JSON: aws logs create-log-group --log-group-name ${group} && ` +
    `aws apigatewayv2 update-stage --api-id ${api.id} --stage-name ${api.stage.name} --access-log-settings '${settings}'`
  );
}
