/**
 * Where to act, as structured fields: the failing routes with their share of the 5xx, the backend
 * behind them, the change that most plausibly started it, and one line really read. Built only
 * from evidence that was collected; a field with nothing behind it is left out. Pure.
 */
import type { ApiDescriptor, IntegrationInfo } from '../api/api-descriptor.ts';
import { relateChangesToOnset } from '../evidence/relate-changes-to-onset.ts';
import type { ChangeEvent, ChangeKind, Evidence, LogCategory, VpcLinkFinding } from '../evidence/types.ts';
import { LOG_SIGNALS } from './log-signals.ts';
import type { RouteBreakdown } from './route-breakdown.ts';
import type { BackendRef, ChangeRef, QuoteRef, RouteShare, VerdictCause, VerdictWhere } from './types.ts';
import { CHANGE_HORIZON_MINUTES, isOnPath, pathResources } from './weigh-evidence.ts';

/** Routes listed in `where.routes`; the rest rarely matter. */
const MAX_ROUTES = 5;

/** Which changes can start an incident of each cause. */
const CHANGE_KINDS: Record<VerdictCause, readonly ChangeKind[]> = {
  timeout: ['lambda-config', 'lambda-code', 'api-integration', 'api-deployment', 'api-stage'],
  network: ['security-group', 'network-acl', 'route', 'load-balancer', 'vpc-link', 'api-integration', 'api-deployment', 'api-stage'],
  permission: ['lambda-permission', 'api-stage', 'api-deployment', 'api-integration', 'lambda-config'],
  format: ['lambda-code', 'api-integration', 'api-deployment', 'api-stage'],
  'backend-error': ['lambda-code', 'lambda-config'],
  none: ['access-rule', 'api-deployment', 'api-stage', 'api-integration', 'lambda-permission', 'lambda-code', 'lambda-config'],
  inconclusive: [],
};

/**
 * `standing`: the causes still standing after weighing. A route whose own lines speak for a cause
 * the weighing explained away (timeouts behind an unreachable VPC link) is put down to the verdict's cause.
 */
export function buildWhere(
  api: ApiDescriptor | undefined,
  evidence: Evidence,
  cause: VerdictCause,
  routes: RouteBreakdown[],
  standing?: ReadonlySet<VerdictCause>,
): VerdictWhere {
  const attributed = routes.map(
    (r): RouteBreakdown => (standing && r.cause && !standing.has(r.cause) && cause !== 'inconclusive' && cause !== 'none' ? { ...r, cause } : r),
  );
  const where: VerdictWhere = { routes: attributed.slice(0, MAX_ROUTES).map(toRouteShare) };
  if (cause === 'inconclusive' && routes.length === 0) return where;
  const focus = attributed.find((r) => r.cause === cause) ?? attributed[0];
  const backend = api ? backendFor(api, evidence, cause, focus?.route) : undefined;
  if (backend) where.backend = backend;
  if (where.routes.length === 0 && api && backend && cause !== 'none') {
    const inferred = onlyRouteOf(api, backend, evidence);
    if (inferred) where.routes = [inferred];
  }
  const change = changeFor(evidence, cause);
  if (change) where.change = change;
  const quote = quoteFor(evidence, cause, backend);
  if (quote) where.quote = quote;
  return where;
}

/**
 * Without logs to count routes, the route is still known when only one route reaches the backend
 * at fault: it is named, with every 5xx the metrics counted, and says it was inferred.
 */
function onlyRouteOf(api: ApiDescriptor, backend: BackendRef, evidence: Evidence): RouteShare | undefined {
  const serving = api.integrations.filter((i) => {
    if (i.type === 'MOCK') return false;
    if (backend.kind === 'lambda') return i.lambdaFunctionName === backend.functionName && (i.lambdaQualifier ?? '') === (backend.qualifier ?? '');
    if (backend.kind === 'vpc-link') return i.vpcLinkId === backend.vpcLinkId;
    return backend.kind === 'http' && i.uri === backend.uri;
  });
  const [only] = serving;
  if (!only || serving.length !== 1) return undefined;
  const what = backend.kind === 'lambda' ? `function ${backend.functionName}` : backend.kind === 'vpc-link' ? `VPC link ${backend.vpcLinkId}` : 'this backend';
  return {
    route: only.route,
    errors5xx: evidence.metrics?.totals.errors5xx ?? 0,
    share: 1,
    evidence: [{ source: 'config', summary: `the only route that reaches ${what}; no log was read to count its requests` }],
  };
}

function toRouteShare(r: RouteBreakdown): RouteShare {
  const evidence = Object.entries(r.classes)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([category, n]) => ({ source: 'logs' as const, summary: `${n} ${n === 1 ? 'request' : 'requests'}: ${labelOf(category as LogCategory)}` }));
  return {
    route: r.route,
    ...(r.requests !== undefined ? { requests: r.requests } : {}),
    errors5xx: r.errors5xx,
    share: r.share,
    ...(r.cause ? { cause: r.cause } : {}),
    ...(evidence.length > 0 ? { evidence } : {}),
  };
}

function labelOf(category: LogCategory): string {
  return LOG_SIGNALS[category]?.label ?? '5xx without a recognised failure line';
}

// ---------------------------------------------------------------------------------------------
// backend

function backendFor(api: ApiDescriptor, evidence: Evidence, cause: VerdictCause, route: string | undefined): BackendRef | undefined {
  const backends = distinct(api.integrations.filter((i) => i.type !== 'MOCK'));
  const onRoute = route ? api.integrations.find((i) => i.route === route) : undefined;
  const suspect = suspectIntegration(api, evidence, cause);
  const chosen =
    onRoute ?? (suspect && api.integrations.find((i) => i.route === suspect.route)) ?? suspect ?? (backends.length === 1 ? backends[0] : undefined);
  return chosen ? toBackend(api, evidence, chosen) : undefined;
}

/** Without a route to go by, the integration the evidence points at for this cause. */
function suspectIntegration(api: ApiDescriptor, evidence: Evidence, cause: VerdictCause): IntegrationInfo | undefined {
  const byFunction = (name: string | undefined) => (name ? api.integrations.find((i) => i.lambdaFunctionName === name) : undefined);
  const configs = evidence.config?.integrations ?? [];
  switch (cause) {
    case 'permission':
      return configs.find((c) => c.lambda?.invokePermission === 'missing')?.integration;
    case 'network':
      return configs.find((c) => c.vpcLink && (c.vpcLink.unhealthy > 0 || (c.vpcLink.status && c.vpcLink.status !== 'AVAILABLE')))?.integration;
    case 'timeout': {
      const fn = (evidence.functionLogs?.functions ?? []).find((f) => f.timeouts > 0)?.functionName;
      const slow = [...(evidence.metrics?.lambda ?? [])].sort((a, b) => (b.durationMax ?? 0) - (a.durationMax ?? 0))[0]?.functionName;
      return byFunction(fn ?? slow);
    }
    case 'backend-error':
    case 'format': {
      const logged = [...(evidence.functionLogs?.functions ?? [])].sort((a, b) => failures(b) - failures(a))[0];
      const worst = [...(evidence.metrics?.lambda ?? [])].sort((a, b) => b.errors + b.throttles - (a.errors + a.throttles))[0];
      return byFunction(logged && failures(logged) > 0 ? logged.functionName : worst && worst.errors + worst.throttles > 0 ? worst.functionName : undefined);
    }
    default:
      return undefined;
  }
}

const failures = (f: { timeouts: number; outOfMemory: number; initFailures: number; errors: { count: number }[] }) =>
  f.timeouts + f.outOfMemory + f.initFailures + f.errors.reduce((n, e) => n + e.count, 0);

function toBackend(api: ApiDescriptor, evidence: Evidence, integration: IntegrationInfo): BackendRef | undefined {
  if (integration.lambdaFunctionName) {
    return {
      kind: 'lambda',
      functionName: integration.lambdaFunctionName,
      ...(integration.lambdaQualifier ? { qualifier: integration.lambdaQualifier } : {}),
      ...(integration.lambdaArn ? { arn: integration.lambdaArn } : {}),
    };
  }
  if (integration.connectionType === 'VPC_LINK' && integration.vpcLinkId) {
    const link = (evidence.config?.integrations ?? []).find((c) => c.vpcLink?.id === integration.vpcLinkId)?.vpcLink;
    return vpcLinkBackend(api, integration, integration.vpcLinkId, link);
  }
  return integration.uri ? { kind: 'http', uri: integration.uri } : undefined;
}

function vpcLinkBackend(api: ApiDescriptor, integration: IntegrationInfo, id: string, link: VpcLinkFinding | undefined): BackendRef {
  const loadBalancerArn = link?.loadBalancerArns[0] ?? integration.loadBalancerArn;
  // HTTP APIs only have V2 links; a REST integration that names its load balancer uses a V2 link,
  // and so does a REST link to an ALB (V1 links reach NLBs only).
  const version = api.type === 'http' || integration.loadBalancerArn !== undefined || (loadBalancerArn?.includes(':loadbalancer/app/') ?? false) ? 'V2' : 'V1';
  const unhealthy = (link?.targets ?? []).filter((t) => t.state !== 'healthy');
  const targetGroupArn = targetGroupOf(link, unhealthy);
  return {
    kind: 'vpc-link',
    vpcLinkId: id,
    version,
    ...(loadBalancerArn ? { loadBalancerArn } : {}),
    ...(targetGroupArn ? { targetGroupArn } : {}),
    ...(unhealthy.length > 0
      ? { unhealthyTargets: unhealthy.map((t) => ({ id: t.id, ...(t.port !== undefined ? { port: t.port } : {}), ...(t.reason ? { reason: t.reason } : {}) })) }
      : {}),
    ...(link && link.securityGroups.length > 0 ? { securityGroups: [...link.securityGroups] } : {}),
  };
}

/** The target group to look at: the one with unhealthy targets, else one left empty, else the only one read. */
function targetGroupOf(link: VpcLinkFinding | undefined, unhealthy: { targetGroupArn?: string }[]): string | undefined {
  const withUnhealthy = unhealthy.find((t) => t.targetGroupArn)?.targetGroupArn;
  if (withUnhealthy) return withUnhealthy;
  const groups = link?.targetGroupArns ?? [];
  const empty = groups.find((arn) => !link?.targets.some((t) => t.targetGroupArn === arn));
  return empty ?? groups[0];
}

function distinct(integrations: IntegrationInfo[]): IntegrationInfo[] {
  const seen = new Map<string, IntegrationInfo>();
  for (const i of integrations) {
    const key = i.lambdaArn ?? (i.vpcLinkId ? `vpc:${i.vpcLinkId}` : (i.uri ?? i.route));
    if (!seen.has(key)) seen.set(key, i);
  }
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// change

/**
 * The change that fits the cause, was made before the onset (or within 5 minutes after it, as
 * CloudTrail times can lag) and is closest to it; one on this API's path is preferred.
 */
function changeFor(evidence: Evidence, cause: VerdictCause): ChangeRef | undefined {
  const kinds = CHANGE_KINDS[cause];
  if (kinds.length === 0) return undefined;
  const onset = cause === 'none' ? (evidence.metrics?.clientErrors?.onset ?? evidence.metrics?.onset) : evidence.metrics?.onset;
  const onPath = pathResources(evidence);
  const changes = relateChangesToOnset(evidence.changes?.changes ?? [], onset ?? evidence.changes?.lookedAt.end).map((c) =>
    c.relatedToApi || !c.resources.some((r) => isOnPath(onPath, r)) ? c : { ...c, relatedToApi: true },
  );
  const candidates = changes.filter(
    (c) =>
      !c.errorCode &&
      kinds.includes(c.kind) &&
      c.minutesBeforeOnset !== undefined &&
      c.minutesBeforeOnset >= -5 &&
      c.minutesBeforeOnset <= CHANGE_HORIZON_MINUTES &&
      (c.relatedToApi || cause === 'network'),
  );
  const rank = (c: ChangeEvent) => (c.relatedToApi ? 0 : 1000) + kinds.indexOf(c.kind) * 10 + Math.abs(c.minutesBeforeOnset ?? 0) / 100;
  const best = candidates.sort((a, b) => rank(a) - rank(b))[0];
  if (!best) return undefined;
  return {
    eventName: best.eventName,
    resource: best.resources[0] ?? '',
    who: best.who,
    time: best.time,
    ...(best.minutesBeforeOnset !== undefined ? { minutesBeforeOnset: best.minutesBeforeOnset } : {}),
    detail: best.summary,
  };
}

// ---------------------------------------------------------------------------------------------
// quote

/** The categories whose lines show each cause best, most telling first. */
const QUOTE_CATEGORIES: Record<VerdictCause, readonly LogCategory[]> = {
  timeout: ['function-timeout', 'integration-timeout'],
  network: ['network', 'tls'],
  permission: ['permission'],
  format: ['malformed-proxy-response', 'mapping-template'],
  'backend-error': ['function-error', 'lambda-throttle'],
  none: [],
  inconclusive: [],
};

/** A line that was read, verbatim: the function's own log first when it tells the story, else the API's. */
function quoteFor(evidence: Evidence, cause: VerdictCause, backend: BackendRef | undefined): QuoteRef | undefined {
  const fnName = backend?.kind === 'lambda' ? backend.functionName : undefined;
  const functions = (evidence.functionLogs?.functions ?? []).filter((f) => !fnName || f.functionName === fnName);
  const fnSample = (wanted: RegExp) => functions.flatMap((f) => f.samples).find((s) => wanted.test(s.message));
  if (cause === 'timeout') {
    const line = fnSample(/Task timed out|Status: timeout/);
    if (line) return { source: 'logs', text: line.message };
  }
  const classes = evidence.logs?.classes ?? [];
  if (cause === 'backend-error') {
    // The API's own line, in its own wording, when it already carries the function's error;
    // otherwise the function's log says what failed.
    const errors = functions.flatMap((f) => f.errors);
    const apiLine = classes.find((c) => c.category === 'function-error' && c.samples.length > 0)?.samples[0];
    if (apiLine && errors.some((e) => apiLine.message.includes(e.errorMessage) || apiLine.message.includes(e.errorType))) {
      return { source: 'logs', text: apiLine.message };
    }
    const line = fnSample(/./);
    if (line) return { source: 'logs', text: line.message };
  }
  for (const category of QUOTE_CATEGORIES[cause]) {
    const sample = classes.find((c) => c.category === category && c.samples.length > 0)?.samples[0];
    if (sample) return { source: 'logs', text: sample.message };
  }
  return undefined;
}
