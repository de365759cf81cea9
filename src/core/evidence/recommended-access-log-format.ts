import type { ApiType } from '../api/api-descriptor.ts';

/**
 * A JSON access-log format carrying every field diagnose-502 reads, for the given API type
 * (HTTP APIs have route keys; REST APIs have resource paths and the integration.* variables).
 */
export function recommendedAccessLogFormat(type: ApiType): string {
  const fields: Record<string, string> =
    type === 'http'
      ? {
          requestId: '$context.requestId',
          status: '$context.status',
          routeKey: '$context.routeKey',
          httpMethod: '$context.httpMethod',
          responseLatency: '$context.responseLatency',
          integrationStatus: '$context.integrationStatus',
          integrationLatency: '$context.integrationLatency',
          integrationError: '$context.integrationErrorMessage',
          errorMessage: '$context.error.message',
          errorResponseType: '$context.error.responseType',
        }
      : {
          requestId: '$context.requestId',
          status: '$context.status',
          httpMethod: '$context.httpMethod',
          resourcePath: '$context.resourcePath',
          responseLatency: '$context.responseLatency',
          integrationStatus: '$context.integration.integrationStatus',
          integrationLatency: '$context.integration.latency',
          integrationError: '$context.integration.error',
          errorMessage: '$context.error.message',
          errorResponseType: '$context.error.responseType',
        };
  return JSON.stringify(fields);
}
