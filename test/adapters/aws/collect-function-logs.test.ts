import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectFunctionLogs, FUNCTION_FAILURE_FILTER } from '../../../src/adapters/aws/collect-function-logs.ts';
import { awsError, lambdaIntegration, restApi, testContext, WINDOW } from './metrics-logs-kit.ts';

const logs = mockClient(CloudWatchLogsClient);
const START = Date.parse(WINDOW.start);
const END = Date.parse(WINDOW.end);
const ID = (n: number) => `8f1c2d3e-0000-4000-8000-${String(n).padStart(12, '0')}`;

function event(seconds: number, message: string): FilteredLogEvent {
  return { timestamp: START + seconds * 1000, message, logStreamName: '2026/03/02/[$LATEST]abc', eventId: `e-${seconds}-${message.length}` };
}

/** What a Node function that runs out of time logs: the timeout line, then its REPORT. */
function timedOut(seconds: number, n: number): FilteredLogEvent[] {
  return [
    event(seconds, `2026-03-02T10:00:${seconds}.000Z ${ID(n)} Task timed out after 6.01 seconds`),
    event(
      seconds + 6,
      `REPORT RequestId: ${ID(n)}\tDuration: 6006.12 ms\tBilled Duration: 6000 ms\tMemory Size: 512 MB\tMax Memory Used: 140 MB\tStatus: timeout`,
    ),
  ];
}

beforeEach(() => {
  logs.reset();
});

describe('collectFunctionLogs', () => {
  it('reads each function once, with the failure filter, over the recent part of the window', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    const api = restApi({
      integrations: [
        lambdaIntegration(),
        lambdaIntegration({ route: 'GET /orders', lambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:orders-fn:live' }),
        lambdaIntegration({ route: 'GET /users', lambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:users-fn', lambdaFunctionName: 'users-fn' }),
      ],
    });

    const result = await collectFunctionLogs(testContext(), { api, window: WINDOW });

    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 2);
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      logGroupName: '/aws/lambda/orders-fn',
      startTime: START,
      endTime: END,
      filterPattern: FUNCTION_FAILURE_FILTER,
    });
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, { logGroupName: '/aws/lambda/users-fn' });
    expect(result.findings?.functions.map((f) => [f.functionName, f.timeouts, f.errors.length])).toEqual([
      ['orders-fn', 0, 0],
      ['users-fn', 0, 0],
    ]);
    expect(result.missing).toEqual([]);
  });

  it('counts a timed-out invocation once, as a timeout, even when it also logged an error record', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        ...timedOut(1, 1),
        ...timedOut(20, 2),
        event(
          21,
          `2026-03-02T10:00:21.000Z\t${ID(2)}\tERROR\tInvoke Error \t{"errorType":"Sandbox.Timedout","errorMessage":"Task timed out after 6.01 seconds"}`,
        ),
        event(
          40,
          `2026-03-02T10:00:40.000Z\t${ID(3)}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'id')","stack":["TypeError: Cannot read properties of undefined (reading 'id')","    at handler (/var/task/index.js:12:34)"]}`,
        ),
      ],
    });

    const result = await collectFunctionLogs(testContext(), { api: restApi(), window: WINDOW });

    const fn = result.findings!.functions[0]!;
    expect(fn.timeouts).toBe(2);
    expect(fn.timedOutAfterSeconds).toBe(6.01);
    expect(fn.maxDurationMs).toBe(6006.12);
    expect(fn.errors).toEqual([
      { errorType: 'TypeError', errorMessage: "Cannot read properties of undefined (reading 'id')", frame: 'at handler (/var/task/index.js:12:34)', count: 1 },
    ]);
    expect(fn.samples[0]!.message).toContain('Task timed out after 6.01 seconds');
  });

  it('recognises out-of-memory kills and init failures', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        event(
          1,
          `REPORT RequestId: ${ID(1)}\tDuration: 812.00 ms\tBilled Duration: 813 ms\tMemory Size: 256 MB\tMax Memory Used: 256 MB\tStatus: error\tError Type: Runtime.OutOfMemory`,
        ),
        event(2, `2026-03-02T10:00:02.000Z ${ID(1)} Error: Runtime exited with error: signal: killed Runtime.ExitError`),
        event(5, 'INIT_REPORT Init Duration: 212.31 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError'),
        event(6, `{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module 'pg'","stack":[]}`),
      ],
    });

    const fn = (await collectFunctionLogs(testContext(), { api: restApi(), window: WINDOW })).findings!.functions[0]!;

    expect(fn.outOfMemory).toBe(1);
    expect(fn.memorySizeMb).toBe(256);
    expect(fn.maxMemoryUsedMb).toBe(256);
    expect(fn.initFailures).toBe(2);
    expect(fn.errors).toEqual([]);
  });

  it('follows nextToken across pages, empty ones included, up to its bound and says when it stopped early', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [], nextToken: 't1' })
      .resolvesOnce({ events: timedOut(1, 1), nextToken: 't2' })
      .resolvesOnce({ events: timedOut(30, 2), nextToken: 't3' })
      .resolves({ events: timedOut(50, 3) });

    const fn = (await collectFunctionLogs(testContext(), { api: restApi(), window: WINDOW })).findings!.functions[0]!;

    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 3);
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 2, { nextToken: 't1' });
    expect(fn.scanned).toEqual({ events: 4, pages: 3, truncated: true });
    expect(fn.timeouts).toBe(2);
  });

  it('turns throttling into a missing record naming the log group, and keeps the other functions', async () => {
    logs.on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/orders-fn' }).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    logs.on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/users-fn' }).resolves({ events: timedOut(1, 1) });
    const api = restApi({
      integrations: [
        lambdaIntegration(),
        lambdaIntegration({ lambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:users-fn', lambdaFunctionName: 'users-fn' }),
      ],
    });

    const result = await collectFunctionLogs(testContext(), { api, window: WINDOW });

    expect(result.findings?.functions.map((f) => f.functionName)).toEqual(['users-fn']);
    expect(result.missing).toEqual([
      {
        source: 'logs',
        reason: 'logs:FilterLogEvents was throttled and retries ran out on /aws/lambda/orders-fn',
        fix: 'run the diagnosis again in a minute; other tools may be sharing this quota',
      },
    ]);
  });

  it('says which permission is missing on AccessDenied, and that a missing group means the function never logged', async () => {
    logs.on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/orders-fn' }).rejects(awsError('AccessDeniedException', 'not authorized'));
    logs
      .on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/users-fn' })
      .rejects(new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: {} }));
    const api = restApi({
      integrations: [
        lambdaIntegration(),
        lambdaIntegration({ lambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:users-fn', lambdaFunctionName: 'users-fn' }),
      ],
    });

    const result = await collectFunctionLogs(testContext(), { api, window: WINDOW });

    expect(result.findings).toBeNull();
    expect(result.missing[0]).toMatchObject({ source: 'logs', reason: 'access denied to logs:FilterLogEvents on /aws/lambda/orders-fn' });
    expect(result.missing[0]!.fix).toContain('logs:FilterLogEvents');
    expect(result.missing[1]!.reason).toContain('/aws/lambda/users-fn does not exist');
  });

  it('reads nothing for an API without Lambda integrations, or whose function name is a stage variable', async () => {
    const api = restApi({
      integrations: [
        lambdaIntegration({ lambdaArn: undefined, lambdaFunctionName: undefined, type: 'HTTP_PROXY', uri: 'http://example.internal' }),
        lambdaIntegration({ lambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:${stageVariables.fn}', lambdaFunctionName: '${stageVariables.fn}' }),
      ],
    });

    expect(await collectFunctionLogs(testContext(), { api, window: WINDOW })).toEqual({ findings: null, missing: [] });
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 0);
  });
});
