/**
 * Every REST and HTTP API in a region, by id, name, type and creation date: what a name is
 * looked up in and what the scan names its results with. Two paginated listings side by side,
 * 500 per page (the most either service returns), so a few hundred APIs cost one call each.
 */
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import type { ApiCandidate } from '../../core/errors/diagnose-error.ts';
import type { AwsClients } from './aws-clients.ts';
import { toDiagnoseError } from './to-diagnose-error.ts';

const PAGE = 500;
/** Beyond this many pages something is wrong (or the account is not one a person scans). */
const MAX_PAGES = 20;

export async function listApis(clients: AwsClients, signal?: AbortSignal): Promise<ApiCandidate[]> {
  const [rest, http] = await Promise.all([listRestApis(clients, signal), listHttpApis(clients, signal)]);
  return [...rest, ...http];
}

export async function listRestApis(clients: AwsClients, signal?: AbortSignal): Promise<ApiCandidate[]> {
  const out: ApiCandidate[] = [];
  let position: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await clients.apiGateway
      .send(new GetRestApisCommand({ limit: PAGE, ...(position ? { position } : {}) }), { abortSignal: signal })
      .catch((error: unknown) => {
        throw toDiagnoseError(
          error,
          { operation: 'GetRestApis', action: 'apigateway:GET', resource: `arn:aws:apigateway:${clients.region}::/restapis` },
          signal,
        );
      });
    for (const api of res.items ?? []) {
      if (!api.id || !api.name) continue;
      out.push({
        id: api.id,
        type: 'rest',
        name: api.name,
        region: clients.region,
        ...(api.createdDate ? { createdDate: api.createdDate.toISOString() } : {}),
      });
    }
    position = res.position;
    if (!position) break;
  }
  return out;
}

export async function listHttpApis(clients: AwsClients, signal?: AbortSignal): Promise<ApiCandidate[]> {
  const out: ApiCandidate[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await clients.apiGatewayV2
      .send(new GetApisCommand({ MaxResults: String(PAGE), ...(token ? { NextToken: token } : {}) }), { abortSignal: signal })
      .catch((error: unknown) => {
        throw toDiagnoseError(error, { operation: 'GetApis', action: 'apigateway:GET', resource: `arn:aws:apigateway:${clients.region}::/apis` }, signal);
      });
    for (const api of res.Items ?? []) {
      // WebSocket APIs share the listing but not the 5xx metrics or the diagnosis.
      if (!api.ApiId || !api.Name || api.ProtocolType === 'WEBSOCKET') continue;
      out.push({
        id: api.ApiId,
        type: 'http',
        name: api.Name,
        region: clients.region,
        ...(api.CreatedDate ? { createdDate: api.CreatedDate.toISOString() } : {}),
      });
    }
    token = res.NextToken;
    if (!token) break;
  }
  return out;
}
