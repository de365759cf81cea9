/** Shared test data for the metrics and logs collector tests: an API, a window, a context. */
import type { ApiDescriptor, IntegrationInfo } from '../../../src/core/api/api-descriptor.ts';
import { createAwsClients } from '../../../src/adapters/aws/aws-clients.ts';
import type { CollectorContext } from '../../../src/adapters/aws/collector.ts';
import type { DiagnosisWindow } from '../../../src/core/evidence/types.ts';

/** Ten minutes under diagnosis after ten minutes of baseline. */
export const WINDOW: DiagnosisWindow = {
  baselineStart: '2026-03-02T09:50:00.000Z',
  start: '2026-03-02T10:00:00.000Z',
  end: '2026-03-02T10:10:00.000Z',
};

/** ISO time of minute `i` counted from the window start (negative: in the baseline). */
export function minute(i: number): string {
  return new Date(Date.parse(WINDOW.start) + i * 60_000).toISOString();
}

export function lambdaIntegration(overrides: Partial<IntegrationInfo> = {}): IntegrationInfo {
  return {
    route: 'POST /orders',
    type: 'AWS_PROXY',
    connectionType: 'INTERNET',
    timeoutMs: 29_000,
    lambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:orders-fn',
    lambdaFunctionName: 'orders-fn',
    ...overrides,
  };
}

export function restApi(overrides: Partial<ApiDescriptor> = {}, stage: Partial<ApiDescriptor['stage']> = {}): ApiDescriptor {
  return {
    id: 'k3x9p2m7qa',
    type: 'rest',
    name: 'orders-api',
    region: 'eu-west-1',
    accountId: '111122223333',
    stage: {
      name: 'live',
      executionLogging: 'ERROR',
      dataTraceEnabled: false,
      tracingEnabled: false,
      detailedMetricsEnabled: false,
      variables: {},
      ...stage,
    },
    integrations: [lambdaIntegration()],
    ...overrides,
  };
}

export function httpApi(overrides: Partial<ApiDescriptor> = {}, stage: Partial<ApiDescriptor['stage']> = {}): ApiDescriptor {
  return restApi(
    { id: 'h7w2n5c8vb', type: 'http', name: 'orders-http', integrations: [lambdaIntegration({ route: 'POST /orders', timeoutMs: 30_000 })], ...overrides },
    {
      name: 'prod',
      executionLogging: 'OFF',
      accessLogDestinationArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/http/orders:*',
      ...stage,
    },
  );
}

export function testContext(signal?: AbortSignal): CollectorContext {
  const clients = createAwsClients({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });
  return signal ? { clients, signal } : { clients };
}

/** An SDK-shaped failure: only the name matters to the collectors. */
export function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}
