import { describe, expect, it } from 'vitest';
import { parseAccessLogFormat, readAccessLogRecord } from '../../../src/core/evidence/parse-access-log-format.ts';
import { recommendedAccessLogFormat } from '../../../src/core/evidence/recommended-access-log-format.ts';

describe('parseAccessLogFormat', () => {
  it('maps the JSON keys of an HTTP API format to the fields it carries', () => {
    const format = parseAccessLogFormat(
      '{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "routeKey":"$context.routeKey", ' +
        '"status":"$context.status", "err":"$context.integrationErrorMessage", "lat":"$context.integration.latency", ' +
        '"type":"$context.error.responseType" }',
    );
    expect(format).toEqual({
      kind: 'json',
      fields: {
        requestId: ['requestId'],
        routeKey: ['routeKey'],
        status: ['status'],
        integrationError: ['err'],
        integrationLatency: ['lat'],
        errorResponseType: ['type'],
      },
    });
  });

  it('accepts unquoted numeric variables and nested objects, first alias winning', () => {
    const format = parseAccessLogFormat(
      '{"status": $context.status, "latency": $context.integrationLatency, "error": {"message": "$context.error.message", "integration": "$context.integration.error"}, "again": "$context.integrationErrorMessage"}',
    );
    expect(format).toEqual({
      kind: 'json',
      fields: {
        status: ['status'],
        integrationLatency: ['latency'],
        errorMessage: ['error', 'message'],
        integrationError: ['error', 'integration'],
      },
    });
  });

  it.each([
    [
      '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId',
    ],
    ['$context.requestId,$context.status'],
    ['<request id="$context.requestId"> </request>'],
    ['{"status": $context.status,'],
    [''],
  ])('calls %j not JSON', (format) => {
    expect(parseAccessLogFormat(format)).toEqual({ kind: 'text' });
  });

  it('reads every field from the recommended formats', () => {
    const http = parseAccessLogFormat(recommendedAccessLogFormat('http'));
    const rest = parseAccessLogFormat(recommendedAccessLogFormat('rest'));
    expect(http.kind === 'json' && Object.keys(http.fields).sort()).toEqual([
      'errorMessage',
      'errorResponseType',
      'httpMethod',
      'integrationError',
      'integrationLatency',
      'integrationStatus',
      'requestId',
      'responseLatency',
      'routeKey',
      'status',
    ]);
    expect(rest.kind === 'json' && Object.keys(rest.fields).sort()).toEqual([
      'errorMessage',
      'errorResponseType',
      'httpMethod',
      'integrationError',
      'integrationLatency',
      'integrationStatus',
      'requestId',
      'resourcePath',
      'responseLatency',
      'status',
    ]);
  });
});

describe('readAccessLogRecord', () => {
  const format = parseAccessLogFormat(
    '{"id":"$context.requestId","status":$context.status,"error":{"text":"$context.integrationErrorMessage"},"route":"$context.routeKey"}',
  );
  if (format.kind !== 'json') throw new Error('test format must be JSON');

  it('reads fields by their key path, numbers as strings', () => {
    expect(readAccessLogRecord(format, '{"id":"r-1","status":502,"error":{"text":"timed out"},"route":"GET /orders"}')).toEqual({
      requestId: 'r-1',
      status: '502',
      integrationError: 'timed out',
      routeKey: 'GET /orders',
    });
  });

  it('leaves out "-" and empty values, and lines that are not JSON objects', () => {
    expect(readAccessLogRecord(format, '{"id":"r-2","status":"200","error":{"text":"-"},"route":""}')).toEqual({ requestId: 'r-2', status: '200' });
    expect(readAccessLogRecord(format, 'START RequestId: abc')).toBeUndefined();
    expect(readAccessLogRecord(format, '[1,2]')).toBeUndefined();
  });
});
