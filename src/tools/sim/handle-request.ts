import type { Scenario } from './scenario-schema.ts';
import { apiGatewayService } from './services/api-gateway.ts';
import { apiGatewayV2Service } from './services/api-gateway-v2.ts';
import { apiGatewayDomainsService, apiGatewayV2DomainsService } from './services/api-gateway-domains.ts';
import { cloudTrailService } from './services/cloudtrail.ts';
import { cloudWatchService } from './services/cloudwatch.ts';
import { cloudWatchLogsService } from './services/cloudwatch-logs.ts';
import { elbv2Service } from './services/elbv2.ts';
import { lambdaService } from './services/lambda.ts';
import { stsService } from './services/sts.ts';
import {
  accessDenied,
  AwsFault,
  renderFault,
  toXml,
  type RequestHeaders,
  type SimContext,
  type SimReply,
  type SimRequest,
  type SimService,
} from './sim-protocol.ts';
import type { SimState } from './sim-state.ts';
import type { SimWorld } from './sim-world.ts';

/**
 * One request in, one AWS-shaped answer out, without any HTTP server (and without Node-only
 * APIs, so that a browser sandbox can run it behind a fetch shim): recognises the service
 * and operation from the wire protocol (X-Amz-Target, a Query `Action`, or a REST path),
 * checks that the request is signed, runs the handler and renders its result or error.
 */

export interface RawRequest {
  method: string;
  /** Path and query string, e.g. `/restapis/abc/resources?embed=methods`. */
  url: string;
  headers: RequestHeaders;
  body: string;
}

export interface HandledRequest {
  reply: SimReply;
  service: string;
  operation: string;
  /** Set when exactly one scenario was visible to the request. */
  scenarioId?: string;
  /** The error code when the request failed: `ThrottlingException`, `AccessDenied`… */
  error?: string;
}

export interface HandlerEnv {
  world: SimWorld;
  state: SimState;
  now: () => Date;
  log: (line: string) => void;
}

const DEFAULT_ACCOUNT = '123456789012';

const JSON_TARGETS: Record<string, SimService> = {
  GraniteServiceVersion20100801: cloudWatchService,
  Logs_20140328: cloudWatchLogsService,
  CloudTrail_20131101: cloudTrailService,
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': cloudTrailService,
};

const QUERY_VERSIONS: Record<string, SimService> = {
  '2015-12-01': elbv2Service,
  '2011-06-15': stsService,
};

const QUERY_SIGNING_NAMES: Record<string, SimService> = {
  elasticloadbalancing: elbv2Service,
  sts: stsService,
};

const REST_SERVICES: SimService[] = [apiGatewayV2Service, apiGatewayV2DomainsService, apiGatewayService, apiGatewayDomainsService, lambdaService];

type Identified =
  | { kind: 'json'; service: SimService; operation: string; input: string }
  | { kind: 'query'; service: SimService; operation: string; params: URLSearchParams }
  | { kind: 'rest'; service: SimService; operation: string; handle: (ctx: SimContext) => { status?: number; body: unknown } }
  | { kind: 'unknown'; protocol: SimService['protocol']; service?: SimService; label: string };

export function handleRequest(input: RawRequest, env: HandlerEnv): HandledRequest {
  // Node lowercases header names; other callers (a browser sandbox) may not.
  const raw: RawRequest = { ...input, headers: Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v])) };
  const requestId = globalThis.crypto.randomUUID();
  const url = new URL(raw.url, 'http://sim.local');
  const scope = credentialScope(raw.headers, url.searchParams);
  const identified = identify(raw, url);
  const protocol = identified.kind === 'unknown' ? identified.protocol : identified.service.protocol;
  const service = identified.kind === 'unknown' ? identified.service : identified.service;
  const serviceName = service?.name ?? scope?.service ?? 'unknown';
  const operation = identified.kind === 'unknown' ? 'Unknown' : identified.operation;
  const fail = (fault: AwsFault, scenarioId?: string): HandledRequest => ({
    reply: renderFault(service, protocol, fault, requestId),
    service: serviceName,
    operation,
    scenarioId,
    error: fault.code,
  });

  if (!scope) {
    // AWS refuses unsigned requests before looking at what they ask for.
    const code =
      protocol === 'json' ? 'MissingAuthenticationTokenException' : protocol === 'query' ? 'MissingAuthenticationToken' : 'MissingAuthenticationTokenException';
    return fail(new AwsFault(code, 'Missing Authentication Token', 403));
  }
  if (identified.kind === 'unknown') {
    env.log(`unknown route: ${raw.method} ${url.pathname}${url.search} (${identified.label})`);
    if (protocol === 'query') return fail(new AwsFault('InvalidAction', `The action ${identified.label} is not valid for this web service.`, 400));
    if (protocol === 'json')
      return fail(new AwsFault('UnknownOperationException', `Unknown operation ${identified.label}: the simulated account does not implement it`, 400));
    return fail(new AwsFault('UnknownOperationException', `No route for ${raw.method} ${url.pathname}`, 404));
  }

  const visible = env.world.visibleScenarios(scope.accessKeyId, scope.region);
  const scenarioId = visible.length === 1 ? visible[0]?.id : undefined;
  const req: SimRequest = {
    method: raw.method,
    path: url.pathname,
    query: url.searchParams,
    headers: raw.headers,
    body: raw.body,
    accessKeyId: scope.accessKeyId,
    region: scope.region,
    signingService: scope.service,
  };
  const account = visible[0]?.account ?? DEFAULT_ACCOUNT;
  const ctx: SimContext = {
    req,
    world: env.world,
    visible,
    now: env.now(),
    requestId,
    state: env.state,
    account,
    authorize(action, owners = []) {
      const denied = owners.length > 0 ? owners.some((s) => denies(s, action)) : visible.length > 0 && visible.every((s) => denies(s, action));
      if (denied) throw accessDenied(protocol, action, { account, req });
      // Account-wide throttling, like account-wide denials, applies only to a scenario seen alone.
      const rule = (owners.length > 0 ? owners : visible.length === 1 ? visible : [])
        .flatMap((s) => s.throttled.map((t) => ({ s, t })))
        .find(({ t }) => actionMatches(t.action, action));
      if (rule && env.state.takeThrottle(`${rule.s.id}|${rule.t.action}`, rule.t.times)) throw throttled(protocol);
    },
  };

  try {
    if (identified.kind === 'json') {
      let input: Record<string, unknown>;
      try {
        const parsed: unknown = identified.input.trim() === '' ? {} : JSON.parse(identified.input);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        input = parsed as Record<string, unknown>;
      } catch {
        return fail(new AwsFault('SerializationException', 'Request body is not a JSON object'), scenarioId);
      }
      const handler = (identified.service as Extract<SimService, { protocol: 'json' }>).operations[identified.operation];
      const output = handler?.(input, ctx);
      const version = (identified.service as Extract<SimService, { protocol: 'json' }>).jsonVersion;
      return ok(identified, 200, { 'content-type': `application/x-amz-json-${version}` }, JSON.stringify(output ?? {}), requestId, scenarioId);
    }
    if (identified.kind === 'query') {
      const svc = identified.service as Extract<SimService, { protocol: 'query' }>;
      const result = svc.operations[identified.operation]?.(identified.params, ctx);
      const op = identified.operation;
      const body =
        `<${op}Response xmlns="${svc.xmlNamespace}"><${op}Result>${toXml(result)}</${op}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op}Response>`;
      return ok(identified, 200, { 'content-type': 'text/xml' }, body, requestId, scenarioId);
    }
    const out = identified.handle(ctx);
    return ok(identified, out.status ?? 200, { 'content-type': 'application/json' }, JSON.stringify(out.body ?? {}), requestId, scenarioId);
  } catch (error) {
    if (error instanceof AwsFault) return fail(error, scenarioId);
    env.log(`handler failed for ${serviceName}.${operation}: ${(error as Error).stack ?? String(error)}`);
    const code = protocol === 'rest-json' ? 'ServiceException' : 'InternalFailure';
    return fail(new AwsFault(code, 'The simulator failed to handle this request.', 500), scenarioId);
  }
}

function ok(
  identified: { service: SimService; operation: string },
  status: number,
  headers: Record<string, string>,
  body: string,
  requestId: string,
  scenarioId?: string,
): HandledRequest {
  return {
    reply: { status, headers: { ...headers, 'x-amzn-requestid': requestId }, body },
    service: identified.service.name,
    operation: identified.operation,
    scenarioId,
  };
}

function identify(raw: RawRequest, url: URL): Identified {
  const target = headerValue(raw.headers, 'x-amz-target');
  if (target) {
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, dot);
    const operation = target.slice(dot + 1);
    const service = JSON_TARGETS[prefix];
    if (service?.protocol !== 'json' || !service.operations[operation]) return { kind: 'unknown', protocol: 'json', service, label: target };
    return { kind: 'json', service, operation, input: raw.body };
  }
  const contentType = headerValue(raw.headers, 'content-type') ?? '';
  if (raw.method === 'POST' && (contentType.includes('x-www-form-urlencoded') || /(^|&)Action=/.test(raw.body))) {
    const params = new URLSearchParams(raw.body);
    for (const [k, v] of url.searchParams) if (!params.has(k)) params.set(k, v);
    const action = params.get('Action') ?? '';
    const scopeService = credentialScope(raw.headers, url.searchParams)?.service ?? '';
    const service = QUERY_VERSIONS[params.get('Version') ?? ''] ?? QUERY_SIGNING_NAMES[scopeService];
    if (service?.protocol !== 'query' || !service.operations[action]) return { kind: 'unknown', protocol: 'query', service, label: action || '(no Action)' };
    return { kind: 'query', service, operation: action, params };
  }
  for (const service of REST_SERVICES) {
    if (service.protocol !== 'rest-json') continue;
    for (const route of service.routes) {
      if (route.method !== raw.method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const params = match.slice(1).map((p) => decodeURIComponent(p));
      return { kind: 'rest', service, operation: route.operation, handle: (ctx) => route.handle(params, ctx) };
    }
  }
  const service = url.pathname.startsWith('/2015-03-31/') ? lambdaService : url.pathname.startsWith('/v2/') ? apiGatewayV2Service : apiGatewayService;
  return { kind: 'unknown', protocol: 'rest-json', service, label: `${raw.method} ${url.pathname}` };
}

/** The SigV4 credential scope: `Credential=AKID/20261122/us-east-1/logs/aws4_request`. */
function credentialScope(headers: RequestHeaders, query: URLSearchParams): { accessKeyId: string; region: string; service: string } | undefined {
  const auth = headerValue(headers, 'authorization');
  const credential = auth ? /Credential=([^,\s]+)/.exec(auth)?.[1] : (query.get('X-Amz-Credential') ?? undefined);
  if (!credential) return undefined;
  const [accessKeyId = '', , region = 'us-east-1', service = ''] = credential.split('/');
  return { accessKeyId, region, service };
}

function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The throttling error each protocol uses; the SDK retries these with backoff. */
function throttled(protocol: SimService['protocol']): AwsFault {
  if (protocol === 'query') return new AwsFault('Throttling', 'Rate exceeded', 400);
  if (protocol === 'rest-json') return new AwsFault('TooManyRequestsException', 'Too Many Requests', 429);
  return new AwsFault('ThrottlingException', 'Rate exceeded', 400, 'Throttling');
}

function denies(s: Scenario, action: string): boolean {
  return s.denied.some((pattern) => actionMatches(pattern, action));
}

/** `logs:*`, `cloudtrail:LookupEvents`, `*:*`: IAM-style, case-insensitive. */
function actionMatches(pattern: string, action: string): boolean {
  const [service = '', name = ''] = action.toLowerCase().split(':');
  const [ps = '', pn = ''] = pattern.toLowerCase().split(':');
  const glob = (p: string, v: string) =>
    new RegExp(
      `^${p
        .split('*')
        .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    ).test(v);
  return glob(ps, service) && glob(pn, name);
}
