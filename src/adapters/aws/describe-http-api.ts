import {
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  GetStagesCommand,
  type GetApiResponse,
  type GetStageResponse,
  type Integration,
  type Route,
} from '@aws-sdk/client-apigatewayv2';
import type { ApiDescriptor, IntegrationInfo, StageInfo } from '../../core/api/api-descriptor.ts';
import type { ApiRef } from '../../core/api/api-ref.ts';
import { accountIdFromArn } from '../../core/api/account-id-from-arn.ts';
import type { AwsClients } from './aws-clients.ts';
import { integrationTarget } from '../../core/api/integration-target.ts';
import { fetchStage } from './fetch-stage.ts';
import { toDiagnoseError } from './to-diagnose-error.ts';

/** HTTP API integration timeout when none is set: 30 s, which is also the most it can be. */
export const HTTP_DEFAULT_TIMEOUT_MS = 30_000;
const PAGE_SIZE = '100';
const MAX_PAGES = 20;

/**
 * Fetches stage, integrations and routes of a known HTTP API. Routes are needed to say where each
 * integration is attached; an integration no route targets cannot serve traffic and is left out.
 */
export async function describeHttpApi(clients: AwsClients, ref: ApiRef, api: GetApiResponse, signal?: AbortSignal): Promise<ApiDescriptor> {
  const apiArn = `arn:aws:apigateway:${ref.region}::/apis/${ref.apiId}`;
  const [stage, integrations, routes] = await Promise.all([
    getStage(clients, ref, apiArn, signal),
    listAll<Integration>('GetIntegrations', `${apiArn}/integrations`, signal, (NextToken) =>
      clients.apiGatewayV2.send(new GetIntegrationsCommand({ ApiId: ref.apiId, MaxResults: PAGE_SIZE, NextToken }), {
        abortSignal: signal,
      }),
    ),
    listAll<Route>('GetRoutes', `${apiArn}/routes`, signal, (NextToken) =>
      clients.apiGatewayV2.send(new GetRoutesCommand({ ApiId: ref.apiId, MaxResults: PAGE_SIZE, NextToken }), {
        abortSignal: signal,
      }),
    ),
  ]);
  const stageInfo = toStageInfo(ref.stage, stage);
  const byId = new Map(integrations.flatMap((i) => (i.IntegrationId ? [[i.IntegrationId, i] as const] : [])));
  const infos = routes
    .slice()
    .sort((a, b) => (a.RouteKey ?? '').localeCompare(b.RouteKey ?? ''))
    .flatMap((route) => {
      const id = /^integrations\/(.+)$/.exec(route.Target ?? '')?.[1];
      const integration = id ? byId.get(id) : undefined;
      return integration?.IntegrationType ? [toIntegrationInfo(route.RouteKey ?? '', integration, stageInfo.variables)] : [];
    });
  const accountId = accountIdFromArn(stageInfo.accessLogDestinationArn) ?? infos.map((i) => accountIdFromArn(i.lambdaArn)).find((a) => a !== undefined);
  return {
    id: ref.apiId,
    type: 'http',
    name: api.Name ?? ref.apiId,
    region: ref.region,
    ...(accountId ? { accountId } : {}),
    stage: stageInfo,
    integrations: infos,
  };
}

function getStage(clients: AwsClients, ref: ApiRef, apiArn: string, signal?: AbortSignal): Promise<GetStageResponse> {
  return fetchStage(
    {
      kind: 'HTTP API',
      get: () => clients.apiGatewayV2.send(new GetStageCommand({ ApiId: ref.apiId, StageName: ref.stage }), { abortSignal: signal }),
      listNames: async () => {
        const out = await clients.apiGatewayV2.send(new GetStagesCommand({ ApiId: ref.apiId }), { abortSignal: signal });
        return (out.Items ?? []).flatMap((s) => (s.StageName ? [s.StageName] : []));
      },
      hint: 'Check the stage name (aws apigatewayv2 get-stages); the automatic stage is called $default.',
    },
    ref,
    apiArn,
    signal,
  );
}

async function listAll<T>(
  operation: string,
  resource: string,
  signal: AbortSignal | undefined,
  fetchPage: (nextToken: string | undefined) => Promise<{ Items?: T[]; NextToken?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await fetchPage(nextToken);
      items.push(...(out.Items ?? []));
      nextToken = out.NextToken;
      if (!nextToken) break;
    }
  } catch (error) {
    throw toDiagnoseError(error, { operation, action: 'apigateway:GET', resource }, signal);
  }
  return items;
}

function toStageInfo(name: string, stage: GetStageResponse): StageInfo {
  // HTTP APIs write no execution logs and cannot be traced with X-Ray.
  return {
    name,
    executionLogging: 'OFF',
    dataTraceEnabled: false,
    ...(stage.AccessLogSettings?.DestinationArn ? { accessLogDestinationArn: stage.AccessLogSettings.DestinationArn } : {}),
    ...(stage.AccessLogSettings?.Format ? { accessLogFormat: stage.AccessLogSettings.Format } : {}),
    tracingEnabled: false,
    detailedMetricsEnabled: stage.DefaultRouteSettings?.DetailedMetricsEnabled ?? false,
    variables: { ...stage.StageVariables },
    ...(stage.DeploymentId ? { deploymentId: stage.DeploymentId } : {}),
    ...(stage.LastUpdatedDate ? { lastUpdated: stage.LastUpdatedDate.toISOString() } : {}),
  };
}

function toIntegrationInfo(routeKey: string, integration: Integration, variables: Record<string, string>): IntegrationInfo {
  const viaVpcLink = integration.ConnectionType === 'VPC_LINK';
  return {
    route: routeKey,
    type: integration.IntegrationType ?? 'HTTP_PROXY',
    connectionType: viaVpcLink ? 'VPC_LINK' : 'INTERNET',
    timeoutMs: integration.TimeoutInMillis ?? HTTP_DEFAULT_TIMEOUT_MS,
    ...(integration.CredentialsArn ? { credentialsArn: integration.CredentialsArn } : {}),
    ...integrationTarget(integration.IntegrationUri, viaVpcLink ? integration.ConnectionId : undefined, variables),
    ...(integration.PayloadFormatVersion ? { payloadFormatVersion: integration.PayloadFormatVersion } : {}),
  };
}
