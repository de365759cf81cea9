import type { Scenario } from '../scenario-schema.ts';
import { AwsFault, type RestReply, type RestRoute, type SimContext, type SimService } from '../sim-protocol.ts';
import { defaultTimeoutMs, integrationUri, stageOf, vpcLinkVersion, type HttpRoute } from '../sim-world.ts';

/**
 * API Gateway v2 (REST JSON, lowerCamel wire names, ISO-8601 dates) for HTTP APIs: GetApi(s),
 * GetStage(s), GetIntegrations, GetIntegration, GetRoutes, GetRoute, GetVpcLink(s). A REST API
 * id answers NotFoundException here, as it does on AWS.
 */

const DAY = 86_400_000;

function notFound(resourceType: string, id: string, ctx: SimContext): AwsFault {
  return new AwsFault('NotFoundException', `Invalid ${resourceType} identifier specified ${ctx.account}:${id}`, 404);
}

function httpApi(ctx: SimContext, id: string): Scenario {
  const s = ctx.world.api(id, ctx.visible);
  ctx.authorize('apigateway:GET', s ? [s] : []);
  if (s?.api.type !== 'http') throw notFound('API', id, ctx);
  return s;
}

function iso(ctx: SimContext, minutesAgo: number | undefined, fallbackMs: number): string {
  return new Date(minutesAgo === undefined ? ctx.now.getTime() - fallbackMs : ctx.now.getTime() + minutesAgo * 60_000).toISOString();
}

function apiBody(s: Scenario, ctx: SimContext): Record<string, unknown> {
  return {
    apiEndpoint: `https://${s.api.id}.execute-api.${s.region}.amazonaws.com`,
    apiId: s.api.id,
    apiKeySelectionExpression: '$request.header.x-api-key',
    createdDate: iso(ctx, s.api.createdAt, 200 * DAY),
    description: s.api.description,
    disableExecuteApiEndpoint: false,
    name: s.api.name,
    protocolType: 'HTTP',
    routeSelectionExpression: '$request.method $request.path',
    tags: {},
  };
}

function stageBody(s: Scenario, name: string, ctx: SimContext): Record<string, unknown> {
  const stage = stageOf(s, name);
  if (!stage) throw notFound('Stage', name, ctx);
  return {
    stageName: stage.name,
    autoDeploy: true,
    createdDate: iso(ctx, s.api.createdAt, 200 * DAY),
    lastUpdatedDate: iso(ctx, stage.lastUpdated, 20 * DAY),
    deploymentId: stage.deploymentId ?? `${s.api.id.slice(0, 4)}${s.api.id.slice(-2)}`,
    defaultRouteSettings: { detailedMetricsEnabled: stage.detailedMetrics, throttlingBurstLimit: 5000, throttlingRateLimit: 10000 },
    routeSettings: {},
    accessLogSettings: stage.accessLog ? { destinationArn: stage.accessLog.destinationArn, format: stage.accessLog.format } : undefined,
    stageVariables: stage.variables,
    tags: {},
  };
}

function integrationBody(s: Scenario, route: HttpRoute): Record<string, unknown> {
  const i = route.integration;
  const lambda = i.lambda !== undefined;
  return {
    connectionType: i.connectionType,
    connectionId: i.vpcLink,
    integrationId: route.integrationId,
    integrationMethod: i.httpMethod ?? (lambda ? 'POST' : 'ANY'),
    integrationType: i.type,
    integrationUri: integrationUri(s, i),
    payloadFormatVersion: i.payloadFormatVersion ?? (lambda ? '2.0' : '1.0'),
    timeoutInMillis: defaultTimeoutMs(s, i),
  };
}

function routeBody(route: HttpRoute): Record<string, unknown> {
  return {
    apiKeyRequired: false,
    authorizationType: 'NONE',
    routeId: route.routeId,
    routeKey: route.key,
    target: `integrations/${route.integrationId}`,
  };
}

function vpcLinkBody(ctx: SimContext, id: string): Record<string, unknown> {
  const found = ctx.world.vpcLink(id, ctx.visible);
  ctx.authorize('apigateway:GET', found ? [found.scenario] : []);
  if (!found || vpcLinkVersion(found.scenario, found.link) !== 'V2') throw notFound('VpcLink', id, ctx);
  const { link } = found;
  return {
    createdDate: iso(ctx, undefined, 120 * DAY),
    name: link.name,
    securityGroupIds: link.securityGroupIds,
    subnetIds: link.subnetIds,
    tags: {},
    vpcLinkId: link.id,
    vpcLinkStatus: link.status,
    vpcLinkStatusMessage: link.statusMessage ?? (link.status === 'AVAILABLE' ? 'VPC link is ready to route traffic' : undefined),
    vpcLinkVersion: 'V2',
  };
}

/** v2 lists page with `nextToken`/`maxResults`; scenarios are small, so one page (with the real shape). */
function list(items: unknown[]): RestReply {
  return { body: { items } };
}

const SEG = '([^/]+)';

function routeOf(ctx: SimContext, s: Scenario, pick: (r: HttpRoute) => boolean, what: string, id: string): HttpRoute {
  const found = ctx.world.httpRoutesOf(s.api.id).find(pick);
  if (!found) throw notFound(what, id, ctx);
  return found;
}

export const apiGatewayV2Service: SimService = {
  name: 'apigatewayv2',
  protocol: 'rest-json',
  routes: [
    {
      method: 'GET',
      pattern: /^\/v2\/apis\/?$/,
      operation: 'GetApis',
      handle: (_p, ctx) => {
        ctx.authorize('apigateway:GET');
        return list(ctx.visible.filter((s) => s.api.type === 'http').map((s) => apiBody(s, ctx)));
      },
    },
    { method: 'GET', pattern: new RegExp(`^/v2/apis/${SEG}$`), operation: 'GetApi', handle: ([id = ''], ctx) => ({ body: apiBody(httpApi(ctx, id), ctx) }) },
    {
      method: 'GET',
      pattern: new RegExp(`^/v2/apis/${SEG}/stages$`),
      operation: 'GetStages',
      handle: ([id = ''], ctx) => {
        const s = httpApi(ctx, id);
        return list(s.api.stages.map((st) => stageBody(s, st.name, ctx)));
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/v2/apis/${SEG}/stages/${SEG}$`),
      operation: 'GetStage',
      handle: ([id = '', stage = ''], ctx) => ({ body: stageBody(httpApi(ctx, id), stage, ctx) }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/v2/apis/${SEG}/integrations$`),
      operation: 'GetIntegrations',
      handle: ([id = ''], ctx) => {
        const s = httpApi(ctx, id);
        return list(ctx.world.httpRoutesOf(s.api.id).map((r) => integrationBody(s, r)));
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/v2/apis/${SEG}/integrations/${SEG}$`),
      operation: 'GetIntegration',
      handle: ([id = '', iid = ''], ctx) => {
        const s = httpApi(ctx, id);
        return {
          body: integrationBody(
            s,
            routeOf(ctx, s, (r) => r.integrationId === iid, 'Integration', iid),
          ),
        };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/v2/apis/${SEG}/routes$`),
      operation: 'GetRoutes',
      handle: ([id = ''], ctx) => list(ctx.world.httpRoutesOf(httpApi(ctx, id).api.id).map(routeBody)),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/v2/apis/${SEG}/routes/${SEG}$`),
      operation: 'GetRoute',
      handle: ([id = '', rid = ''], ctx) => {
        const s = httpApi(ctx, id);
        return { body: routeBody(routeOf(ctx, s, (r) => r.routeId === rid, 'Route', rid)) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/v2\/vpclinks\/?$/,
      operation: 'GetVpcLinks',
      handle: (_p, ctx) => {
        ctx.authorize('apigateway:GET');
        return list(ctx.visible.flatMap((s) => s.vpcLinks.filter((l) => vpcLinkVersion(s, l) === 'V2').map((l) => vpcLinkBody(ctx, l.id))));
      },
    },
    { method: 'GET', pattern: new RegExp(`^/v2/vpclinks/${SEG}$`), operation: 'GetVpcLink', handle: ([id = ''], ctx) => ({ body: vpcLinkBody(ctx, id) }) },
  ] satisfies RestRoute[],
};
