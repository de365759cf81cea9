import { GetResourcesCommand, GetStageCommand, GetStagesCommand, type Integration, type Resource, type RestApi, type Stage } from '@aws-sdk/client-api-gateway';
import type { ApiDescriptor, IntegrationInfo, StageInfo } from '../../core/api/api-descriptor.ts';
import type { ApiRef } from '../../core/api/api-ref.ts';
import type { AwsClients } from './aws-clients.ts';
import { accountIdFromArn } from '../../core/api/account-id-from-arn.ts';
import { integrationTarget } from '../../core/api/integration-target.ts';
import { fetchStage } from './fetch-stage.ts';
import { toDiagnoseError } from './to-diagnose-error.ts';

/** REST integration timeout when none is set: 29 s. */
export const REST_DEFAULT_TIMEOUT_MS = 29_000;
// 500 resources a page, 10 pages: enough for any API a person maintains by hand, and bounded.
const RESOURCE_PAGE_SIZE = 500;
const MAX_RESOURCE_PAGES = 10;
const LOGGING_LEVELS = ['OFF', 'ERROR', 'INFO'] as const;

/** The stage and resources of a REST API, being fetched. */
export interface RestApiDetails {
  stage: Promise<Stage>;
  resources: Promise<Resource[]>;
}

/**
 * Starts fetching stage and resources (methods and integrations embedded) before it is known
 * that the id is a REST API, so that a REST API resolves in one round trip. Rejections are
 * marked handled here: for an HTTP API nobody awaits them.
 */
export function startRestApiDetails(clients: AwsClients, ref: ApiRef, signal?: AbortSignal): RestApiDetails {
  const apiArn = `arn:aws:apigateway:${ref.region}::/restapis/${ref.apiId}`;
  const details = { stage: getStage(clients, ref, apiArn, signal), resources: listResources(clients, ref, apiArn, signal) };
  details.stage.catch(() => {});
  details.resources.catch(() => {});
  return details;
}

/** Builds the descriptor of a known REST API from its stage and resources. */
export async function describeRestApi(
  clients: AwsClients,
  ref: ApiRef,
  api: RestApi,
  signal?: AbortSignal,
  details: RestApiDetails = startRestApiDetails(clients, ref, signal),
): Promise<ApiDescriptor> {
  const [stage, resources] = await Promise.all([details.stage, details.resources]);
  const stageInfo = toStageInfo(ref.stage, stage);
  const integrations = resources
    .slice()
    .sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''))
    .flatMap((resource) => integrationsOf(resource, stageInfo.variables));
  const accountId =
    accountIdFromArn(stageInfo.accessLogDestinationArn) ?? integrations.map((i) => accountIdFromArn(i.lambdaArn)).find((id) => id !== undefined);
  return {
    id: ref.apiId,
    type: 'rest',
    name: api.name ?? ref.apiId,
    region: ref.region,
    ...(accountId ? { accountId } : {}),
    ...(api.endpointConfiguration?.types?.[0] ? { endpointType: api.endpointConfiguration.types[0] } : {}),
    stage: stageInfo,
    integrations,
  };
}

function getStage(clients: AwsClients, ref: ApiRef, apiArn: string, signal?: AbortSignal): Promise<Stage> {
  return fetchStage(
    {
      kind: 'REST API',
      get: () => clients.apiGateway.send(new GetStageCommand({ restApiId: ref.apiId, stageName: ref.stage }), { abortSignal: signal }),
      listNames: async () => {
        const out = await clients.apiGateway.send(new GetStagesCommand({ restApiId: ref.apiId }), { abortSignal: signal });
        return (out.item ?? []).flatMap((s) => (s.stageName ? [s.stageName] : []));
      },
      hint: 'Check the stage name (aws apigateway get-stages).',
    },
    ref,
    apiArn,
    signal,
  );
}

async function listResources(clients: AwsClients, ref: ApiRef, apiArn: string, signal?: AbortSignal): Promise<Resource[]> {
  const resources: Resource[] = [];
  let position: string | undefined;
  try {
    for (let page = 0; page < MAX_RESOURCE_PAGES; page++) {
      const out = await clients.apiGateway.send(new GetResourcesCommand({ restApiId: ref.apiId, embed: ['methods'], limit: RESOURCE_PAGE_SIZE, position }), {
        abortSignal: signal,
      });
      resources.push(...(out.items ?? []));
      position = out.position;
      if (!position) break;
    }
  } catch (error) {
    throw toDiagnoseError(error, { operation: 'GetResources', action: 'apigateway:GET', resource: `${apiArn}/resources` }, signal);
  }
  return resources;
}

function toStageInfo(name: string, stage: Stage): StageInfo {
  const all = stage.methodSettings?.['*/*'];
  const level = all?.loggingLevel?.toUpperCase();
  return {
    name,
    executionLogging: LOGGING_LEVELS.find((l) => l === level) ?? 'OFF',
    dataTraceEnabled: all?.dataTraceEnabled ?? false,
    ...(stage.accessLogSettings?.destinationArn ? { accessLogDestinationArn: stage.accessLogSettings.destinationArn } : {}),
    ...(stage.accessLogSettings?.format ? { accessLogFormat: stage.accessLogSettings.format } : {}),
    tracingEnabled: stage.tracingEnabled ?? false,
    detailedMetricsEnabled: all?.metricsEnabled ?? false,
    variables: { ...stage.variables },
    ...(stage.deploymentId ? { deploymentId: stage.deploymentId } : {}),
    ...(stage.lastUpdatedDate ? { lastUpdated: stage.lastUpdatedDate.toISOString() } : {}),
    ...(stage.webAclArn ? { webAclArn: stage.webAclArn } : {}),
  };
}

function integrationsOf(resource: Resource, variables: Record<string, string>): IntegrationInfo[] {
  const methods = Object.entries(resource.resourceMethods ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return methods.flatMap(([httpMethod, method]) => {
    const integration: Integration | undefined = method.methodIntegration;
    if (!integration?.type) return [];
    return [
      {
        route: `${httpMethod} ${resource.path ?? '/'}`,
        type: integration.type,
        connectionType: integration.connectionType === 'VPC_LINK' ? 'VPC_LINK' : 'INTERNET',
        timeoutMs: integration.timeoutInMillis ?? REST_DEFAULT_TIMEOUT_MS,
        ...(integration.credentials ? { credentialsArn: integration.credentials } : {}),
        ...(integration.responseTransferMode === 'STREAM' ? { responseTransferMode: 'STREAM' as const } : {}),
        ...(integration.connectionType === 'VPC_LINK' && integration.integrationTarget ? { loadBalancerArn: integration.integrationTarget } : {}),
        ...integrationTarget(integration.uri, integration.connectionType === 'VPC_LINK' ? integration.connectionId : undefined, variables),
      } satisfies IntegrationInfo,
    ];
  });
}
