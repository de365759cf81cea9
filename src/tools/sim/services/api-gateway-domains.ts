import { AwsFault, type RestReply, type RestRoute, type SimContext, type SimService } from '../sim-protocol.ts';
import type { SimDomain } from '../sim-directory.ts';

/**
 * Custom domain names in both API Gateway APIs: v1 GetDomainName and GetBasePathMappings (REST
 * base paths), v2 GetDomainName, GetApiMappings and ListRoutingRules. A domain belongs to one
 * region; asking another region answers NotFoundException, as AWS does.
 */

const SEG = '([^/]+)';

function domainIn(ctx: SimContext, name: string, v2: boolean): SimDomain {
  ctx.authorize('apigateway:GET');
  const found = ctx.world.directory.domains.find((d) => d.name === name.toLowerCase() && d.region === ctx.req.region);
  if (!found) throw new AwsFault('NotFoundException', v2 ? `Unable to find domain name ${name}` : 'Invalid domain name identifier specified', 404);
  return found;
}

const list = (items: unknown[]): RestReply => ({ body: { items } });

export const apiGatewayDomainsService: SimService = {
  name: 'apigateway',
  protocol: 'rest-json',
  routes: [
    {
      method: 'GET',
      pattern: new RegExp(`^/domainnames/${SEG}$`),
      operation: 'GetDomainName',
      handle: ([name = ''], ctx) => {
        const d = domainIn(ctx, name, false);
        return { body: { domainName: d.name, endpointConfiguration: { types: ['REGIONAL'] }, domainNameStatus: 'AVAILABLE', routingMode: d.routingMode } };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/domainnames/${SEG}/basepathmappings$`),
      operation: 'GetBasePathMappings',
      handle: ([name = ''], ctx) => {
        const d = domainIn(ctx, name, false);
        return { body: { item: (d.basePathMappings ?? []).map((m) => ({ basePath: m.basePath, restApiId: m.restApiId, stage: m.stage })) } };
      },
    },
  ] satisfies RestRoute[],
};

export const apiGatewayV2DomainsService: SimService = {
  name: 'apigatewayv2',
  protocol: 'rest-json',
  routes: [
    {
      method: 'GET',
      pattern: new RegExp(`^/v2/domainnames/${SEG}$`),
      operation: 'GetDomainName',
      handle: ([name = ''], ctx) => {
        const d = domainIn(ctx, name, true);
        return {
          body: {
            domainName: d.name,
            apiMappingSelectionExpression: '$request.basepath',
            domainNameConfigurations: [{ endpointType: 'REGIONAL', domainNameStatus: 'AVAILABLE', securityPolicy: 'TLS_1_2' }],
            routingMode: d.routingMode ?? 'API_MAPPING_ONLY',
            tags: {},
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/v2/domainnames/${SEG}/apimappings$`),
      operation: 'GetApiMappings',
      handle: ([name = ''], ctx) => {
        const d = domainIn(ctx, name, true);
        // v2 shows the v1 base path mappings too: both APIs manage the same mappings.
        const fromV1 = (d.basePathMappings ?? []).map((m) => ({ key: m.basePath === '(none)' ? '' : m.basePath, apiId: m.restApiId, stage: m.stage }));
        return list([...(d.apiMappings ?? []), ...fromV1].map((m, i) => ({ apiId: m.apiId, apiMappingId: `map${i}`, apiMappingKey: m.key, stage: m.stage })));
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/v2/domainnames/${SEG}/routingrules$`),
      operation: 'ListRoutingRules',
      handle: ([name = ''], ctx) => {
        const d = domainIn(ctx, name, true);
        return {
          body: {
            routingRules: (d.routingRules ?? []).map((r, i) => ({
              routingRuleId: `rule${i}`,
              routingRuleArn: `arn:aws:apigateway:${d.region}:${ctx.account}:/domainnames/${d.name}/routingrules/rule${i}`,
              priority: r.priority,
              conditions: [
                ...(r.basePaths ? [{ matchBasePaths: { anyOf: r.basePaths } }] : []),
                ...(r.headers ? [{ matchHeaders: { anyOf: r.headers } }] : []),
              ],
              actions: [{ invokeApi: { apiId: r.apiId, stage: r.stage, stripBasePath: r.stripBasePath ?? false } }],
            })),
          },
        };
      },
    },
  ] satisfies RestRoute[],
};
