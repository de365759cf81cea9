/**
 * Turns what a person typed (an id, a name, an invoke URL or a custom-domain URL; see
 * parseApiTarget) into the ApiRef a diagnosis runs on. Names are looked up with GetRestApis and
 * GetApis; custom domains through their routing rules, API mappings (v2) and base path mappings
 * (v1). A name that fits several APIs is never guessed: AmbiguousApiError lists them.
 */
import { GetBasePathMappingsCommand } from '@aws-sdk/client-api-gateway';
import { GetApiMappingsCommand, GetDomainNameCommand, ListRoutingRulesCommand } from '@aws-sdk/client-apigatewayv2';
import { apiRefSchema, type ApiRef } from '../../core/api/api-ref.ts';
import { matchDomainRoute, type DomainMapping, type DomainRoutingRule, type RoutingMode } from '../../core/api/match-domain-route.ts';
import type { ApiTarget } from '../../core/api/parse-api-target.ts';
import { AmbiguousApiError, ApiNotFoundError, type ApiCandidate } from '../../core/errors/diagnose-error.ts';
import type { AwsClients } from './aws-clients.ts';
import { listApis } from './list-apis.ts';
import { isNotFound, toDiagnoseError } from './to-diagnose-error.ts';

export interface ResolvedApiTarget {
  ref: ApiRef;
  /** How the API was found, for the log and the person: `name`, `routing rule on api.example.com`… */
  via: string;
  type?: 'rest' | 'http';
  name?: string;
}

export interface ResolveApiTargetDeps {
  /** Clients for a region (under the right account). */
  clientsFor: (region: string) => AwsClients;
  /** Region for targets that do not carry one (names, custom domains). */
  defaultRegion: string;
  signal?: AbortSignal;
}

/**
 * @example
 * const { ref } = await resolveApiTarget({ kind: 'name', name: 'checkout-api', stage: 'prod' }, { clientsFor, defaultRegion: 'eu-west-1' });
 */
export async function resolveApiTarget(target: ApiTarget, deps: ResolveApiTargetDeps): Promise<ResolvedApiTarget> {
  switch (target.kind) {
    case 'id':
      return { ref: checked({ apiId: target.apiId, stage: target.stage, region: target.region ?? deps.defaultRegion }), via: 'id' };
    case 'invoke-url':
      return {
        ref: checked({ apiId: target.apiId, stage: target.stage, region: target.region, ...(target.route ? { route: target.route } : {}) }),
        via: 'invoke URL',
      };
    case 'name':
      return resolveName(target.name, target.stage, target.region ?? deps.defaultRegion, deps);
    case 'domain-url':
      return resolveDomain(target.hostname, target.path, target.region ?? deps.defaultRegion, deps);
  }
}

async function resolveName(name: string, stage: string, region: string, deps: ResolveApiTargetDeps): Promise<ResolvedApiTarget> {
  const all = await listApis(deps.clientsFor(region), deps.signal);
  let matches = all.filter((a) => a.name === name);
  // Only when nothing matches exactly: "Checkout-API" still finds "checkout-api", but never
  // shadows an exact match.
  if (matches.length === 0) matches = all.filter((a) => a.name.toLowerCase() === name.toLowerCase());
  if (matches.length === 0) {
    throw new ApiNotFoundError(
      `No REST or HTTP API named "${name}" in ${region}. Check the name (aws apigateway get-rest-apis, aws apigatewayv2 get-apis) or give the region after the stage.`,
    );
  }
  if (matches.length > 1) throw ambiguous(`"${name}"`, region, matches);
  const [api] = matches as [ApiCandidate];
  return { ref: checked({ apiId: api.id, stage, region }), via: 'name', type: api.type, name: api.name };
}

function ambiguous(what: string, region: string, candidates: ApiCandidate[]): AmbiguousApiError {
  const sorted = [...candidates].sort((a, b) => (a.createdDate ?? '').localeCompare(b.createdDate ?? ''));
  const lines = sorted.map((c) => `  ${c.id}  ${c.type === 'rest' ? 'REST' : 'HTTP'}  created ${c.createdDate?.slice(0, 10) ?? 'unknown'}`);
  return new AmbiguousApiError(`${sorted.length} APIs in ${region} are named ${what}; use the id of the one you mean:\n${lines.join('\n')}`, sorted);
}

async function resolveDomain(hostname: string, path: string, region: string, deps: ResolveApiTargetDeps): Promise<ResolvedApiTarget> {
  const clients = deps.clientsFor(region);
  const signal = deps.signal;
  const fail = (operation: string) => (error: unknown) => {
    throw toDiagnoseError(error, { operation, action: 'apigateway:GET', resource: `arn:aws:apigateway:${region}::/domainnames/${hostname}` }, signal);
  };
  // The domain, its v2 API mappings and its v1 base path mappings at once: one round trip for the
  // common case. A domain unknown to v2 is unknown to v1 as well (they share domain names).
  const [domain, apiMappings, basePaths] = await Promise.all([
    clients.apiGatewayV2.send(new GetDomainNameCommand({ DomainName: hostname }), { abortSignal: signal }).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      return fail('GetDomainName')(error);
    }),
    clients.apiGatewayV2.send(new GetApiMappingsCommand({ DomainName: hostname, MaxResults: '500' }), { abortSignal: signal }).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      return fail('GetApiMappings')(error);
    }),
    clients.apiGateway.send(new GetBasePathMappingsCommand({ domainName: hostname, limit: 500 }), { abortSignal: signal }).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      return fail('GetBasePathMappings')(error);
    }),
  ]);
  if (!domain) {
    throw new ApiNotFoundError(
      `${hostname} is not an API Gateway custom domain in ${region}. Check the host, or give the region after the URL (edge-optimized domains live in us-east-1).`,
    );
  }
  const routingMode = (domain.RoutingMode ?? 'API_MAPPING_ONLY') as RoutingMode;
  const rules = routingMode === 'API_MAPPING_ONLY' ? [] : await listRoutingRules(clients, hostname, signal).catch(fail('ListRoutingRules'));
  const mappings: DomainMapping[] = [];
  for (const m of apiMappings?.Items ?? []) if (m.ApiId && m.Stage) mappings.push({ key: m.ApiMappingKey ?? '', apiId: m.ApiId, stage: m.Stage });
  for (const m of basePaths?.items ?? []) {
    if (!m.restApiId || !m.stage) continue;
    const key = m.basePath === '(none)' ? '' : (m.basePath ?? '');
    const same = mappings.find((x) => x.key === key && x.apiId === m.restApiId);
    if (same) same.type = 'rest';
    else mappings.push({ key, apiId: m.restApiId, stage: m.stage, type: 'rest' });
  }
  const { found, skippedHeaderRules } = matchDomainRoute({ path, routingMode, rules, mappings });
  if (!found) {
    const headerNote = skippedHeaderRules > 0 ? ` (${skippedHeaderRules} routing rule(s) also match on headers, which a URL does not show)` : '';
    throw new ApiNotFoundError(`No API mapping or routing rule of ${hostname} serves ${path}${headerNote}. Check the path, or diagnose the API by id.`);
  }
  return {
    ref: checked({ apiId: found.apiId, stage: found.stage, region, route: found.route }),
    via: `${found.via === 'routing-rule' ? 'routing rule' : 'API mapping'} on ${hostname}`,
    ...(found.type ? { type: found.type } : {}),
  };
}

async function listRoutingRules(clients: AwsClients, hostname: string, signal?: AbortSignal): Promise<DomainRoutingRule[]> {
  const out: DomainRoutingRule[] = [];
  let token: string | undefined;
  // At most 50 rules per domain: one or two pages.
  for (let page = 0; page < 5; page++) {
    const res = await clients.apiGatewayV2.send(new ListRoutingRulesCommand({ DomainName: hostname, ...(token ? { NextToken: token } : {}) }), {
      abortSignal: signal,
    });
    for (const rule of res.RoutingRules ?? []) {
      const invoke = rule.Actions?.[0]?.InvokeApi;
      if (!invoke?.ApiId || !invoke.Stage) continue;
      out.push({
        priority: rule.Priority ?? Number.MAX_SAFE_INTEGER,
        basePaths: (rule.Conditions ?? []).flatMap((c) => c.MatchBasePaths?.AnyOf ?? []),
        hasHeaderConditions: (rule.Conditions ?? []).some((c) => (c.MatchHeaders?.AnyOf ?? []).length > 0),
        apiId: invoke.ApiId,
        stage: invoke.Stage,
        stripBasePath: invoke.StripBasePath ?? false,
      });
    }
    token = res.NextToken;
    if (!token) break;
  }
  return out;
}

/** What AWS returned is checked like user input: it goes into the same log groups and patterns. */
function checked(ref: ApiRef): ApiRef {
  const result = apiRefSchema.safeParse(ref);
  if (!result.success) {
    throw new ApiNotFoundError(`AWS pointed at an API this tool cannot read safely (${result.error.issues[0]?.message ?? 'invalid value'}).`);
  }
  return result.data;
}
