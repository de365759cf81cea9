import { GetRestApiCommand, type RestApi } from '@aws-sdk/client-api-gateway';
import { GetApiCommand, type GetApiResponse } from '@aws-sdk/client-apigatewayv2';
import type { ApiDescriptor } from '../../core/api/api-descriptor.ts';
import type { ApiRef } from '../../core/api/api-ref.ts';
import { ApiNotFoundError } from '../../core/errors/diagnose-error.ts';
import type { AwsClients } from './aws-clients.ts';
import { describeHttpApi } from './describe-http-api.ts';
import { describeRestApi, startRestApiDetails } from './describe-rest-api.ts';
import { isNotFound, toDiagnoseError } from './to-diagnose-error.ts';

/**
 * Resolves an API id and stage into an ApiDescriptor. REST and HTTP APIs share the id format, so
 * it asks the REST API first and falls back to apigatewayv2; then it fetches the stage and the
 * integrations in parallel. Throws ApiNotFoundError, StageNotFoundError, AccessDeniedError or
 * NoCredentialsError with a message the operator can act on.
 *
 * @example
 * const api = await describeApi(createAwsClients({ region: 'eu-west-1' }), { apiId: 'a1b2c3d4e5', stage: 'prod', region: 'eu-west-1' });
 */
export async function describeApi(clients: AwsClients, ref: ApiRef, signal?: AbortSignal): Promise<ApiDescriptor> {
  // Most APIs behind a 502 are REST APIs: ask for their stage and resources at the same time as
  // the API itself, and only pay a second round trip for an HTTP API.
  const speculative = new AbortController();
  const details = startRestApiDetails(clients, ref, signal ? AbortSignal.any([signal, speculative.signal]) : speculative.signal);
  const restApi = await findRestApi(clients, ref, signal).catch((error: unknown) => {
    speculative.abort();
    throw error;
  });
  if (restApi) return describeRestApi(clients, ref, restApi, signal, details);
  speculative.abort();

  const httpApi = await findHttpApi(clients, ref, signal);
  if (!httpApi) {
    throw new ApiNotFoundError(
      `No REST or HTTP API with id ${ref.apiId} in region ${ref.region}. Check the id ` +
        '(aws apigateway get-rest-apis, aws apigatewayv2 get-apis) and the region.',
    );
  }
  if (httpApi.ProtocolType === 'WEBSOCKET') {
    throw new ApiNotFoundError(
      `${ref.apiId} in ${ref.region} is a WebSocket API${httpApi.Name ? ` (${httpApi.Name})` : ''}. diagnose-502 supports REST and HTTP APIs only.`,
    );
  }
  return describeHttpApi(clients, ref, httpApi, signal);
}

async function findRestApi(clients: AwsClients, ref: ApiRef, signal?: AbortSignal): Promise<RestApi | undefined> {
  try {
    return await clients.apiGateway.send(new GetRestApiCommand({ restApiId: ref.apiId }), { abortSignal: signal });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw toDiagnoseError(
      error,
      { operation: 'GetRestApi', action: 'apigateway:GET', resource: `arn:aws:apigateway:${ref.region}::/restapis/${ref.apiId}` },
      signal,
    );
  }
}

async function findHttpApi(clients: AwsClients, ref: ApiRef, signal?: AbortSignal): Promise<GetApiResponse | undefined> {
  try {
    return await clients.apiGatewayV2.send(new GetApiCommand({ ApiId: ref.apiId }), { abortSignal: signal });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw toDiagnoseError(error, { operation: 'GetApi', action: 'apigateway:GET', resource: `arn:aws:apigateway:${ref.region}::/apis/${ref.apiId}` }, signal);
  }
}
