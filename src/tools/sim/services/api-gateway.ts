import { base64ToText, textToBase64 } from '../base64.ts';
import type { IntegrationSpec, Scenario } from '../scenario-schema.ts';
import { AwsFault, type RestReply, type RestRoute, type SimContext, type SimService } from '../sim-protocol.ts';
import { defaultTimeoutMs, integrationUri, loadBalancerArn, stageOf, vpcLinkVersion, type RestResource } from '../sim-world.ts';

/**
 * API Gateway v1 (REST JSON) for REST APIs: GetRestApi(s), GetStage(s), GetResources (with
 * embed=methods), GetResource, GetMethod, GetIntegration, GetVpcLink(s). An id that is not a
 * REST API (an HTTP API's id included) answers NotFoundException, so callers can try v2 next.
 */

const DAY = 86_400_000;

function notFound(what: string, id: string, ctx: SimContext): AwsFault {
  return new AwsFault('NotFoundException', `Invalid ${what} identifier specified ${ctx.account}:${id}`, 404);
}

function restApi(ctx: SimContext, id: string): Scenario {
  const s = ctx.world.api(id, ctx.visible);
  ctx.authorize('apigateway:GET', s ? [s] : []);
  if (s?.api.type !== 'rest') throw notFound('API', id, ctx);
  return s;
}

function epochSeconds(ctx: SimContext, minutesAgo: number | undefined, fallbackMs: number): number {
  return Math.floor((minutesAgo === undefined ? ctx.now.getTime() - fallbackMs : ctx.now.getTime() + minutesAgo * 60_000) / 1000);
}

function restApiBody(s: Scenario, ctx: SimContext): Record<string, unknown> {
  const root = ctx.world.restResourcesOf(s.api.id).find((r) => r.path === '/');
  return {
    id: s.api.id,
    name: s.api.name,
    description: s.api.description,
    createdDate: epochSeconds(ctx, s.api.createdAt, 400 * DAY),
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: [s.api.endpointType ?? 'REGIONAL'], ipAddressType: 'ipv4' },
    disableExecuteApiEndpoint: false,
    rootResourceId: root?.id,
    tags: {},
  };
}

function stageBody(s: Scenario, name: string, ctx: SimContext): Record<string, unknown> {
  const stage = stageOf(s, name);
  if (!stage) throw new AwsFault('NotFoundException', `Invalid stage identifier specified`, 404);
  // With logging, data trace and detailed metrics all off, AWS keeps no "*/*" entry at all.
  const hasSettings = stage.executionLogging !== 'OFF' || stage.dataTrace || stage.detailedMetrics;
  return {
    deploymentId: stage.deploymentId ?? `${s.api.id.slice(0, 3)}d${s.api.id.slice(-2)}`,
    stageName: stage.name,
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: hasSettings
      ? {
          '*/*': {
            metricsEnabled: stage.detailedMetrics,
            loggingLevel: stage.executionLogging,
            dataTraceEnabled: stage.dataTrace,
            throttlingBurstLimit: 5000,
            throttlingRateLimit: 10000,
            cachingEnabled: false,
            cacheTtlInSeconds: 300,
            cacheDataEncrypted: false,
            requireAuthorizationForCacheControl: true,
            unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
          },
        }
      : {},
    accessLogSettings: stage.accessLog ? { format: stage.accessLog.format, destinationArn: stage.accessLog.destinationArn } : undefined,
    tracingEnabled: stage.tracing,
    webAclArn: stage.webAclArn,
    variables: Object.keys(stage.variables).length ? stage.variables : undefined,
    createdDate: epochSeconds(ctx, s.api.createdAt, 400 * DAY),
    lastUpdatedDate: epochSeconds(ctx, stage.lastUpdated, 30 * DAY),
  };
}

function integrationBody(s: Scenario, resource: RestResource, integration: IntegrationSpec): Record<string, unknown> {
  const proxy = integration.type === 'AWS_PROXY' || integration.type === 'HTTP_PROXY';
  return {
    type: integration.type,
    httpMethod: integration.type === 'MOCK' ? undefined : (integration.httpMethod ?? (integration.lambda !== undefined ? 'POST' : 'ANY')),
    uri: integrationUri(s, integration),
    connectionType: integration.connectionType,
    connectionId: integration.vpcLink,
    integrationTarget: v2TargetOf(s, integration),
    responseTransferMode: integration.responseTransferMode,
    passthroughBehavior: 'WHEN_NO_MATCH',
    timeoutInMillis: defaultTimeoutMs(s, integration),
    cacheNamespace: resource.id,
    cacheKeyParameters: [],
    integrationResponses: proxy ? undefined : { '200': { statusCode: '200', responseTemplates: {} } },
    requestTemplates: integration.type === 'MOCK' ? { 'application/json': '{"statusCode": 200}' } : undefined,
  };
}

/** A REST integration through a VPC link V2 names its load balancer in `integrationTarget`. */
function v2TargetOf(s: Scenario, integration: IntegrationSpec): string | undefined {
  const link = s.vpcLinks.find((l) => l.id === integration.vpcLink);
  if (!link?.loadBalancer || vpcLinkVersion(s, link) !== 'V2') return undefined;
  return loadBalancerArn(s, link.loadBalancer.name, link.loadBalancer.type);
}

function methodBody(s: Scenario, resource: RestResource, httpMethod: string, withIntegration: boolean): Record<string, unknown> {
  const method = resource.methods[httpMethod];
  if (!method) throw new AwsFault('NotFoundException', 'Invalid Method identifier specified', 404);
  return {
    httpMethod,
    authorizationType: method.authorization,
    apiKeyRequired: false,
    methodResponses: method.integration.type.endsWith('PROXY') ? undefined : { '200': { statusCode: '200', responseModels: { 'application/json': 'Empty' } } },
    methodIntegration: withIntegration ? integrationBody(s, resource, method.integration) : undefined,
  };
}

function resourceBody(s: Scenario, r: RestResource, embedMethods: boolean): Record<string, unknown> {
  const methods = Object.keys(r.methods);
  return {
    id: r.id,
    parentId: r.parentId,
    pathPart: r.pathPart,
    path: r.path,
    resourceMethods: methods.length ? Object.fromEntries(methods.map((m) => [m, embedMethods ? methodBody(s, r, m, true) : {}])) : undefined,
  };
}

function findResource(ctx: SimContext, s: Scenario, id: string): RestResource {
  const r = ctx.world.restResourcesOf(s.api.id).find((x) => x.id === id);
  if (!r) throw new AwsFault('NotFoundException', 'Invalid Resource identifier specified', 404);
  return r;
}

/**
 * API Gateway pages lists with `position` (an opaque offset) and `limit` (default 25, max 500);
 * on the wire the list is called `item`, which the SDK exposes as `items`.
 */
function paged<T>(ctx: SimContext, items: T[]): { item: T[]; position?: string } {
  const limit = Number(ctx.req.query.get('limit') ?? 25);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new AwsFault('BadRequestException', 'limit must be between 1 and 500', 400);
  const position = ctx.req.query.get('position');
  const offset = position ? Number.parseInt(base64ToText(position), 10) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new AwsFault('BadRequestException', 'Invalid position', 400);
  const page = items.slice(offset, offset + limit);
  return offset + limit < items.length ? { item: page, position: textToBase64(String(offset + limit), true) } : { item: page };
}

function vpcLinkBody(ctx: SimContext, id: string): Record<string, unknown> {
  const found = ctx.world.vpcLink(id, ctx.visible);
  ctx.authorize('apigateway:GET', found ? [found.scenario] : []);
  // V2 links live in the apigatewayv2 API even when a REST API uses them.
  if (found?.scenario.api.type !== 'rest' || vpcLinkVersion(found.scenario, found.link) !== 'V1')
    throw new AwsFault('NotFoundException', 'VPC link not found', 404);
  const { scenario: s, link } = found;
  return {
    id: link.id,
    name: link.name,
    targetArns: link.loadBalancer ? [loadBalancerArn(s, link.loadBalancer.name, link.loadBalancer.type)] : [],
    status: link.status,
    statusMessage: link.statusMessage ?? (link.status === 'AVAILABLE' ? 'Your vpc link is ready for use' : undefined),
    tags: {},
  };
}

const ok = (body: unknown): RestReply => ({ body });
const SEG = '([^/]+)';

export const apiGatewayService: SimService = {
  name: 'apigateway',
  protocol: 'rest-json',
  routes: [
    {
      method: 'GET',
      pattern: /^\/restapis\/?$/,
      operation: 'GetRestApis',
      handle: (_p, ctx) => {
        ctx.authorize('apigateway:GET');
        return ok(
          paged(
            ctx,
            ctx.visible.filter((s) => s.api.type === 'rest').map((s) => restApiBody(s, ctx)),
          ),
        );
      },
    },
    { method: 'GET', pattern: new RegExp(`^/restapis/${SEG}$`), operation: 'GetRestApi', handle: ([id = ''], ctx) => ok(restApiBody(restApi(ctx, id), ctx)) },
    {
      method: 'GET',
      pattern: new RegExp(`^/restapis/${SEG}/stages$`),
      operation: 'GetStages',
      handle: ([id = ''], ctx) => {
        const s = restApi(ctx, id);
        return ok({ item: s.api.stages.map((st) => stageBody(s, st.name, ctx)) });
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/restapis/${SEG}/stages/${SEG}$`),
      operation: 'GetStage',
      handle: ([id = '', stage = ''], ctx) => ok(stageBody(restApi(ctx, id), stage, ctx)),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/restapis/${SEG}/resources$`),
      operation: 'GetResources',
      handle: ([id = ''], ctx) => {
        const s = restApi(ctx, id);
        const embed = ctx.req.query
          .getAll('embed')
          .flatMap((e) => e.split(','))
          .includes('methods');
        return ok(
          paged(
            ctx,
            ctx.world.restResourcesOf(s.api.id).map((r) => resourceBody(s, r, embed)),
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/restapis/${SEG}/resources/${SEG}$`),
      operation: 'GetResource',
      handle: ([id = '', rid = ''], ctx) => {
        const s = restApi(ctx, id);
        const embed = ctx.req.query
          .getAll('embed')
          .flatMap((e) => e.split(','))
          .includes('methods');
        return ok(resourceBody(s, findResource(ctx, s, rid), embed));
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/restapis/${SEG}/resources/${SEG}/methods/${SEG}$`),
      operation: 'GetMethod',
      handle: ([id = '', rid = '', m = ''], ctx) => {
        const s = restApi(ctx, id);
        return ok(methodBody(s, findResource(ctx, s, rid), m.toUpperCase(), true));
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/restapis/${SEG}/resources/${SEG}/methods/${SEG}/integration$`),
      operation: 'GetIntegration',
      handle: ([id = '', rid = '', m = ''], ctx) => {
        const s = restApi(ctx, id);
        const resource = findResource(ctx, s, rid);
        const method = resource.methods[m.toUpperCase()];
        if (!method) throw new AwsFault('NotFoundException', 'Invalid Method identifier specified', 404);
        return ok(integrationBody(s, resource, method.integration));
      },
    },
    {
      method: 'GET',
      pattern: /^\/vpclinks\/?$/,
      operation: 'GetVpcLinks',
      handle: (_p, ctx) => {
        ctx.authorize('apigateway:GET');
        const links = ctx.visible
          .filter((s) => s.api.type === 'rest')
          .flatMap((s) => s.vpcLinks.filter((l) => vpcLinkVersion(s, l) === 'V1').map((l) => vpcLinkBody(ctx, l.id)));
        return ok(paged(ctx, links));
      },
    },
    { method: 'GET', pattern: new RegExp(`^/vpclinks/${SEG}$`), operation: 'GetVpcLink', handle: ([id = ''], ctx) => ok(vpcLinkBody(ctx, id)) },
  ] satisfies RestRoute[],
};
