import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectLogs } from '../../../src/adapters/aws/collect-logs.ts';
import { EXECUTION_FAILURE_FILTER } from '../../../src/adapters/aws/scan-execution-logs.ts';

/** Paging and classification are tested on one range; slicing has its own test below. */
const ONE_RANGE = { slices: 1, maxPages: 5 };
import { awsError, httpApi, restApi, testContext, WINDOW } from './metrics-logs-kit.ts';

const logs = mockClient(CloudWatchLogsClient);
const START = Date.parse(WINDOW.start);
const END = Date.parse(WINDOW.end);

/** An execution-log event `seconds` after the window start, written for `requestId`. */
function line(seconds: number, requestId: string, text: string): FilteredLogEvent {
  return { timestamp: START + seconds * 1000, message: `(${requestId}) ${text}`, logStreamName: 'stream-1', eventId: `${requestId}-${seconds}` };
}

/** An access-log event carrying `record` as its JSON message. */
function record(seconds: number, fields: Record<string, string | number>): FilteredLogEvent {
  return { timestamp: START + seconds * 1000, message: JSON.stringify(fields), logStreamName: 'access', eventId: `a-${seconds}` };
}

const notFound = (): ResourceNotFoundException => new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: {} });

beforeEach(() => {
  logs.reset();
});

describe('collectLogs: execution logs', () => {
  it('scans the stage execution log group over the window with the constant failure filter', async () => {
    // Prepare
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    const controller = new AbortController();
    // Act
    const result = await collectLogs(testContext(controller.signal), { api: restApi(), window: WINDOW }, ONE_RANGE);
    // Assess
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 1);
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      logGroupName: 'API-Gateway-Execution-Logs_k3x9p2m7qa/live',
      startTime: START,
      endTime: END,
      limit: 10_000,
      filterPattern:
        '?"Execution failed" ?"customer function error" ?"Lambda invocation failed" ?"Method completed with status: 500" ' +
        '?"Method completed with status: 502" ?"Method completed with status: 503" ?"Method completed with status: 504" ?"Resource Path"',
    });
    expect((logs.commandCalls(FilterLogEventsCommand)[0]!.args as unknown[])[1]).toEqual({ abortSignal: controller.signal });
    expect(result).toEqual({
      findings: {
        kind: 'execution-logs',
        logGroup: 'API-Gateway-Execution-Logs_k3x9p2m7qa/live',
        scanned: { events: 0, pages: 1, truncated: false, method: 'FilterLogEvents' },
        classes: [],
        statusMix: {},
      },
      missing: [],
    });
  });

  it('keeps the filter pattern free of anything from the input', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    await collectLogs(testContext(), { api: restApi({ id: 'zzzzzzzzzz', name: '" ?"x' }, { name: 'weird"stage' }), window: WINDOW }, ONE_RANGE);
    expect(logs.commandCalls(FilterLogEventsCommand)[0]!.args[0].input.filterPattern).toBe(EXECUTION_FAILURE_FILTER);
  });

  it('follows nextToken through an empty middle page until the last page', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [line(1, 'r1', 'Execution failed due to a timeout error')], nextToken: 't1' })
      .resolvesOnce({ events: [], nextToken: 't2' })
      .resolvesOnce({ events: [line(50, 'r2', 'Execution failed due to a timeout error')] });

    const { findings } = await collectLogs(testContext(), { api: restApi(), window: WINDOW }, ONE_RANGE);

    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 3);
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 2, { nextToken: 't1' });
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 3, { nextToken: 't2' });
    expect(findings?.scanned).toEqual({ events: 2, pages: 3, truncated: false, method: 'FilterLogEvents' });
    expect(findings?.classes).toEqual([
      expect.objectContaining({
        category: 'integration-timeout',
        count: 2,
        firstSeen: new Date(START + 1000).toISOString(),
        lastSeen: new Date(START + 50_000).toISOString(),
      }),
    ]);
  });

  it('stops at the page bound and says the scan was truncated', async () => {
    logs.on(FilterLogEventsCommand).callsFake((input: { nextToken?: string }) => ({
      events: [line(Number(input.nextToken ?? 0), `r${input.nextToken ?? 0}`, 'Execution failed due to a timeout error')],
      nextToken: String(Number(input.nextToken ?? 0) + 1),
    }));

    const { findings } = await collectLogs(testContext(), { api: restApi(), window: WINDOW }, { ...ONE_RANGE, maxPages: 3, pageLimit: 100 });

    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 3);
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, { limit: 100 });
    expect(findings?.scanned).toEqual({ events: 3, pages: 3, truncated: true, method: 'FilterLogEvents' });
  });

  it('stops when the signal aborts between pages and keeps what it read', async () => {
    const controller = new AbortController();
    logs.on(FilterLogEventsCommand).callsFake(() => {
      controller.abort();
      return { events: [line(1, 'r1', 'Method completed with status: 502')], nextToken: 'more' };
    });

    const { findings } = await collectLogs(testContext(controller.signal), { api: restApi(), window: WINDOW }, ONE_RANGE);

    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 1);
    expect(findings?.scanned.truncated).toBe(true);
    expect(findings?.statusMix).toEqual({ '502': 1 });
  });

  it('classifies lines, counts each failed request once, and mixes the 5xx statuses', async () => {
    // Prepare: r1 times out (two lines), r2 lacks permission, r3 and r4 crash, r5 ends in 502 with no failure line.
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        line(1, 'r1', 'Execution failed due to a timeout error'),
        line(2, 'r1', 'Execution failed due to a timeout error'),
        line(2, 'r1', 'Method completed with status: 504'),
        line(3, 'r2', 'Execution failed due to configuration error: Invalid permissions on Lambda function'),
        line(3, 'r2', 'Method completed with status: 500'),
        line(4, 'r3', 'Lambda execution failed with status 200 due to customer function error: boom. Lambda request id: l3'),
        line(4, 'r3', 'Method completed with status: 502'),
        line(5, 'r4', `Lambda execution failed with status 200 due to customer function error: ${'x'.repeat(700)}`),
        line(5, 'r4', 'Method completed with status: 502'),
        line(6, 'r5', 'Method completed with status: 502'),
        { timestamp: START + 7000, message: 'Execution failed due to a timeout error' },
      ],
    });

    // Act
    const { findings } = await collectLogs(testContext(), { api: restApi(), window: WINDOW }, ONE_RANGE);

    // Assess
    expect(findings?.statusMix).toEqual({ '500': 1, '502': 3, '504': 1 });
    const byCategory = Object.fromEntries(findings!.classes.map((c) => [c.category, c]));
    expect(Object.fromEntries(findings!.classes.map((c) => [c.category, c.count]))).toEqual({
      'integration-timeout': 2,
      permission: 1,
      'function-error': 2,
      'other-5xx': 1,
    });
    expect(
      findings?.classes
        .map((c) => c.category)
        .slice(0, 2)
        .sort(),
    ).toEqual(['function-error', 'integration-timeout']);
    expect(byCategory['integration-timeout']!.samples).toEqual([
      { timestamp: new Date(START + 1000).toISOString(), requestId: 'r1', message: '(r1) Execution failed due to a timeout error' },
      { timestamp: new Date(START + 7000).toISOString(), message: 'Execution failed due to a timeout error' },
    ]);
    expect(byCategory.permission!.samples[0]?.requestId).toBe('r2');
    expect(byCategory['other-5xx']!.samples).toEqual([
      { timestamp: new Date(START + 6000).toISOString(), requestId: 'r5', message: '(r5) Method completed with status: 502' },
    ]);
    const long = byCategory['function-error']!.samples[1]!.message;
    expect(long.length).toBe(500);
    expect(long.endsWith('…')).toBe(true);
  });

  it('keeps at most three samples per class', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: Array.from({ length: 5 }, (_, i) => line(i, `r${i}`, 'Execution failed due to configuration error: Malformed Lambda proxy response')),
    });

    const { findings } = await collectLogs(testContext(), { api: restApi(), window: WINDOW }, ONE_RANGE);

    expect(findings?.classes[0]?.count).toBe(5);
    expect(findings?.classes[0]?.samples.map((s) => s.requestId)).toEqual(['r0', 'r1', 'r2']);
  });

  it('reports a missing execution log group with how to turn logging on', async () => {
    logs.on(FilterLogEventsCommand).rejects(notFound());

    const result = await collectLogs(testContext(), { api: restApi(), window: WINDOW }, ONE_RANGE);

    expect(result.findings).toBeNull();
    expect(result.missing).toEqual([
      {
        source: 'logs',
        reason: 'the execution log group API-Gateway-Execution-Logs_k3x9p2m7qa/live does not exist: execution logging was never enabled or nothing was logged',
        fix: expect.stringContaining('aws apigateway update-stage --rest-api-id k3x9p2m7qa --stage-name live'),
      },
    ]);
  });

  it('does not call AWS when execution logging is off, and says how to turn it on', async () => {
    const result = await collectLogs(testContext(), { api: restApi({}, { executionLogging: 'OFF' }), window: WINDOW }, ONE_RANGE);

    expect(logs.calls()).toHaveLength(0);
    expect(result.findings).toBeNull();
    expect(result.missing).toHaveLength(1);
    expect(result.missing[0]?.reason).toContain('execution logging is off for stage live');
    expect(result.missing[0]?.fix).toContain(
      "aws apigateway update-stage --rest-api-id k3x9p2m7qa --stage-name live --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=ERROR'",
    );
    expect(result.missing[0]?.fix).toContain('cloudwatchRoleArn');
  });

  it('falls back to the access log of a REST stage whose execution logging is off', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: [record(1, { requestId: 'a1', status: 502, httpMethod: 'GET', resourcePath: '/orders/{id}', integrationError: 'Internal server error' })],
    });
    const api = restApi(
      {},
      {
        executionLogging: 'OFF',
        accessLogDestinationArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:orders-access',
        accessLogFormat:
          '{"requestId":"$context.requestId","status":"$context.status","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","integrationError":"$context.integration.error"}',
      },
    );

    const result = await collectLogs(testContext(), { api, window: WINDOW }, ONE_RANGE);

    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, { logGroupName: 'orders-access' });
    expect(result.findings?.kind).toBe('access-logs');
    expect(result.findings?.endpoints).toEqual([{ method: 'GET', resource: '/orders/{id}', requests: 1, errors5xx: 1, rate: 1, classes: { 'other-5xx': 1 } }]);
    expect(result.missing.map((m) => m.reason)).toEqual(['execution logging is off for stage live, so API Gateway recorded no failure lines']);
  });

  it('returns no findings and the access-denied record when FilterLogEvents is refused', async () => {
    logs.on(FilterLogEventsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: logs:FilterLogEvents'));

    const result = await collectLogs(testContext(), { api: restApi(), window: WINDOW }, ONE_RANGE);

    expect(result).toEqual({
      findings: null,
      missing: [{ source: 'logs', reason: 'access denied to logs:FilterLogEvents', fix: expect.stringContaining('logs:FilterLogEvents') }],
    });
  });
});

describe('collectLogs: access logs', () => {
  const FORMAT =
    '{"requestId":"$context.requestId","routeKey":"$context.routeKey","status":$context.status,' +
    '"integrationError":"$context.integrationErrorMessage","errorType":"$context.error.responseType","latency":$context.integrationLatency}';

  it('reads every record of the HTTP API access log and breaks requests down per endpoint', async () => {
    // Prepare
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        ...Array.from({ length: 6 }, (_, i) =>
          record(i, { requestId: `ok${i}`, routeKey: 'GET /orders', status: 200, integrationError: '-', errorType: '-', latency: 40 }),
        ),
        record(10, { requestId: 'slow1', routeKey: 'GET /orders', status: 504, integrationError: '-', errorType: 'INTEGRATION_TIMEOUT', latency: 30000 }),
        record(11, {
          requestId: 'bad1',
          routeKey: 'POST /orders',
          status: 502,
          integrationError: "The response from the Lambda function doesn't match the format that API Gateway expects.",
          errorType: 'MALFORMED_PROXY_RESPONSE',
          latency: 12,
        }),
        record(12, { requestId: 'bad2', routeKey: 'POST /orders', status: 500, integrationError: '-', errorType: 'INTEGRATION_FAILURE', latency: 8 }),
        record(13, { requestId: 'ok9', routeKey: 'POST /orders', status: 201, integrationError: '-', errorType: '-', latency: 30 }),
        record(14, { requestId: 'x', routeKey: '$default', status: 404, integrationError: '-', errorType: '-', latency: 0 }),
        { timestamp: START + 15_000, message: 'not json at all' },
      ],
    });
    const api = httpApi({}, { accessLogFormat: FORMAT });

    // Act
    const result = await collectLogs(testContext(), { api, window: WINDOW }, ONE_RANGE);

    // Assess
    const input = logs.commandCalls(FilterLogEventsCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ logGroupName: '/aws/http/orders', startTime: START, endTime: END });
    expect(input.filterPattern).toBeUndefined();
    const findings = result.findings!;
    expect(findings.kind).toBe('access-logs');
    expect(findings.logGroup).toBe('/aws/http/orders');
    expect(findings.scanned).toEqual({ events: 12, pages: 1, truncated: false, method: 'FilterLogEvents' });
    expect(findings.endpoints).toEqual([
      { method: 'POST', resource: '/orders', requests: 3, errors5xx: 2, rate: 2 / 3, classes: { 'malformed-proxy-response': 1, 'other-5xx': 1 } },
      { method: 'GET', resource: '/orders', requests: 7, errors5xx: 1, rate: 1 / 7, classes: { 'integration-timeout': 1 } },
      { method: 'ANY', resource: '$default', requests: 1, errors5xx: 0, rate: 0 },
    ]);
    expect(findings.statusMix).toEqual({ '500': 1, '502': 1, '504': 1 });
    expect(Object.fromEntries(findings.classes.map((c) => [c.category, c.samples.map((s) => s.requestId)]))).toEqual({
      'integration-timeout': ['slow1'],
      'malformed-proxy-response': ['bad1'],
      'other-5xx': ['bad2'],
    });
    expect(result.missing).toEqual([{ source: 'logs', reason: '1 access-log lines in /aws/http/orders were not JSON records and were skipped' }]);
  });

  it('marks an access-log scan cut short by the page bound as truncated', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [record(1, { requestId: 'a', routeKey: 'GET /x', status: 502 })], nextToken: 'more' });

    const { findings } = await collectLogs(testContext(), { api: httpApi({}, { accessLogFormat: FORMAT }), window: WINDOW }, { ...ONE_RANGE, maxPages: 2 });

    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 2);
    expect(findings?.scanned.truncated).toBe(true);
    expect(findings?.endpoints).toEqual([{ method: 'GET', resource: '/x', requests: 2, errors5xx: 2, rate: 1, classes: { 'other-5xx': 2 } }]);
  });

  it('does not scan an access log whose format is not JSON', async () => {
    const api = httpApi(
      {},
      { accessLogFormat: '$context.identity.sourceIp - - [$context.requestTime] "$context.routeKey" $context.status $context.requestId' },
    );

    const result = await collectLogs(testContext(), { api, window: WINDOW }, ONE_RANGE);

    expect(logs.calls()).toHaveLength(0);
    expect(result.findings).toBeNull();
    expect(result.missing).toEqual([
      {
        source: 'logs',
        reason: 'access log format is not JSON, per-request fields cannot be read',
        fix: expect.stringContaining('"status":"$context.status"'),
      },
    ]);
  });

  it('does not scan a JSON access log that lacks the status', async () => {
    const result = await collectLogs(testContext(), { api: httpApi({}, { accessLogFormat: '{"requestId":"$context.requestId"}' }), window: WINDOW }, ONE_RANGE);

    expect(logs.calls()).toHaveLength(0);
    expect(result.missing[0]?.reason).toContain('no $context.status field');
  });

  it('says how to turn on access logging for an HTTP API without it', async () => {
    const result = await collectLogs(testContext(), { api: httpApi({}, { accessLogDestinationArn: undefined }), window: WINDOW }, ONE_RANGE);

    expect(logs.calls()).toHaveLength(0);
    expect(result.findings).toBeNull();
    expect(result.missing[0]?.reason).toContain('access logging is not turned on for stage prod');
    const fix = result.missing[0]!.fix!;
    expect(fix).toContain("aws apigatewayv2 update-stage --api-id h7w2n5c8vb --stage-name prod --access-log-settings '{");
    // The settings argument must be valid JSON, with a JSON format inside it.
    const settings = JSON.parse(fix.slice(fix.indexOf("'{") + 1, fix.lastIndexOf("'"))) as { DestinationArn: string; Format: string };
    expect(settings.DestinationArn).toBe('arn:aws:logs:eu-west-1:111122223333:log-group:/aws/apigateway/h7w2n5c8vb/prod');
    expect(JSON.parse(settings.Format)).toMatchObject({ status: '$context.status', requestId: '$context.requestId' });
  });

  it('reports an access log that goes somewhere other than CloudWatch Logs', async () => {
    const arn = 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/amazon-apigateway-orders';
    const result = await collectLogs(testContext(), { api: httpApi({}, { accessLogDestinationArn: arn, accessLogFormat: FORMAT }), window: WINDOW }, ONE_RANGE);

    expect(logs.calls()).toHaveLength(0);
    expect(result.missing[0]?.reason).toContain(arn);
  });

  it('reports a missing access log group', async () => {
    logs.on(FilterLogEventsCommand).rejects(notFound());

    const result = await collectLogs(testContext(), { api: httpApi({}, { accessLogFormat: FORMAT }), window: WINDOW }, ONE_RANGE);

    expect(result.findings).toBeNull();
    expect(result.missing[0]?.reason).toBe('the access log group /aws/http/orders does not exist: it was deleted, or nothing has been logged yet');
  });

  it('turns other failures into the standard missing record', async () => {
    logs.on(FilterLogEventsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));

    const result = await collectLogs(testContext(), { api: httpApi({}, { accessLogFormat: FORMAT }), window: WINDOW }, ONE_RANGE);

    expect(result).toEqual({
      findings: null,
      missing: [expect.objectContaining({ source: 'logs', reason: 'logs:FilterLogEvents was throttled and retries ran out' })],
    });
  });
});

describe('collectLogs: time slices', () => {
  it('scans the window as four adjacent slices at once and merges what they found', async () => {
    // Prepare
    logs.on(FilterLogEventsCommand).callsFake((input: { startTime: number }) => ({
      events: [{ timestamp: input.startTime + 1, message: `(req-${input.startTime}) Execution failed due to a timeout error` }],
    }));

    const hour = { ...WINDOW, end: new Date(START + 60 * 60_000).toISOString() };

    // Act
    const { findings } = await collectLogs(testContext(), { api: restApi(), window: hour });

    // Assess
    const ranges = logs
      .commandCalls(FilterLogEventsCommand)
      .map((c) => [c.args[0].input.startTime!, c.args[0].input.endTime!] as const)
      .sort((a, b) => a[0] - b[0]);
    expect(ranges).toHaveLength(4);
    expect(ranges[0]![0]).toBe(Date.parse(WINDOW.start));
    expect(ranges.at(-1)![1]).toBe(Date.parse(hour.end));
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1] + 1);
    expect(findings?.classes).toEqual([expect.objectContaining({ category: 'integration-timeout', count: 4 })]);
    expect(findings?.scanned).toMatchObject({ pages: 4, truncated: false });
  });
});
