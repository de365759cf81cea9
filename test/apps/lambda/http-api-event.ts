/**
 * API Gateway HTTP API (payload format 2.0) events shaped like the ones AWS hands a Lambda:
 * lower-cased headers, the stage's `$default` route key, and form bodies base64-encoded, as the
 * HTTP API does for content types it does not treat as text.
 */
import { randomUUID } from 'node:crypto';
import type { HttpApiEvent } from '../../../src/apps/lambda/lambda-types.ts';

export interface EventOptions {
  path: string;
  body: string;
  headers?: Record<string, string>;
  /** Default: true for form bodies (Slack commands and buttons), false otherwise. */
  base64?: boolean;
  method?: string;
}

export function httpApiEvent(options: EventOptions): HttpApiEvent {
  const method = options.method ?? 'POST';
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const base64 = options.base64 ?? (headers['content-type'] ?? '').includes('x-www-form-urlencoded');
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `${method} ${options.path}`,
    rawPath: options.path,
    rawQueryString: '',
    headers: {
      accept: '*/*',
      'accept-encoding': 'gzip,deflate',
      'content-length': String(Buffer.byteLength(options.body)),
      host: 'abcdef1234.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-amzn-trace-id': `Root=1-${Math.floor(now / 1000).toString(16)}-${randomUUID().replaceAll('-', '').slice(0, 24)}`,
      'x-forwarded-for': '3.90.12.34',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef1234',
      domainName: 'abcdef1234.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abcdef1234',
      http: { method, path: options.path, protocol: 'HTTP/1.1', sourceIp: '3.90.12.34', userAgent: 'Slackbot 1.0 (+https://api.slack.com/robots)' },
      requestId: randomUUID(),
      routeKey: `${method} ${options.path}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: base64 ? Buffer.from(options.body, 'utf8').toString('base64') : options.body,
    isBase64Encoded: base64,
  };
}
