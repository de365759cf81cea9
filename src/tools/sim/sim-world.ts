import { restMetricApiName } from '../../core/api/api-descriptor.ts';
import { executionLogGroupName } from '../../core/api/api-descriptor.ts';
import { ScenarioValidationError } from '../../core/errors/diagnose-error.ts';
import type { IntegrationSpec, LambdaSpec, LogEntrySpec, Scenario, SeriesSpec, StageSpec, VpcLinkSpec } from './scenario-schema.ts';
import { hexFor } from './seeded-random.ts';
import { EMPTY_DIRECTORY, type SimDirectory } from './sim-directory.ts';

/**
 * The simulated account: every scenario's resources indexed by the ids AWS APIs look them up
 * with. Several scenarios can be served at once because their ids must not collide; a request
 * only sees the scenarios visible to it (see `visibleScenarios`).
 */

export type LoadBalancerSpec = NonNullable<VpcLinkSpec['loadBalancer']>;
export type TargetGroupSpec = LoadBalancerSpec['targetGroups'][number];

export interface RestResource {
  id: string;
  parentId?: string;
  path: string;
  pathPart?: string;
  methods: Record<string, { authorization: string; integration: IntegrationSpec }>;
}

export interface HttpRoute {
  routeId: string;
  key: string;
  integrationId: string;
  integration: IntegrationSpec;
}

export interface LogGroup {
  name: string;
  scenario: Scenario;
  kind: 'execution' | 'access' | 'lambda' | 'custom';
  entries: Array<{ entry: LogEntrySpec; index: number }>;
}

export interface MetricSeries {
  scenario: Scenario;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  spec: SeriesSpec;
  /** Counters count events; their SampleCount is the number of requests (or invocations). */
  counter: boolean;
  /** Series giving SampleCount per minute (API Count or Lambda Invocations), when there is one. */
  samples?: { spec: SeriesSpec; seedKey: string };
  /** Key used to seed the jitter, the same whichever dimension set the series is read through. */
  seedKey: string;
}

export interface OwnedLoadBalancer {
  scenario: Scenario;
  link: VpcLinkSpec;
  lb: LoadBalancerSpec;
  arn: string;
}

export interface OwnedTargetGroup extends OwnedLoadBalancer {
  tg: TargetGroupSpec;
  tgArn: string;
}

const COUNTERS = new Set([
  'Count',
  '4XXError',
  '5XXError',
  '4xx',
  '5xx',
  'CacheHitCount',
  'CacheMissCount',
  'Invocations',
  'Errors',
  'Throttles',
  'DataProcessed',
]);

export class SimWorld {
  readonly scenarios: Scenario[];
  private readonly apis = new Map<string, Scenario>();
  private readonly lambdas = new Map<string, { scenario: Scenario; fn: LambdaSpec }>();
  private readonly vpcLinks = new Map<string, { scenario: Scenario; link: VpcLinkSpec }>();
  private readonly loadBalancers: OwnedLoadBalancer[] = [];
  private readonly targetGroups: OwnedTargetGroup[] = [];
  private readonly logGroups = new Map<string, LogGroup>();
  private readonly series: MetricSeries[] = [];
  private readonly restResources = new Map<string, RestResource[]>();
  private readonly httpRoutes = new Map<string, HttpRoute[]>();

  constructor(
    scenarios: Scenario[],
    /** Custom domains and alarms of the account (see sim-directory.ts). */
    readonly directory: SimDirectory = EMPTY_DIRECTORY,
  ) {
    this.scenarios = scenarios;
    const ids = new Set<string>();
    const restNames = new Map<string, string>();
    for (const s of scenarios) {
      claim(ids, `scenario id "${s.id}"`, s.id);
      claimMap(this.apis, `API id "${s.api.id}"`, s.api.id, s, s);
      if (s.api.type === 'rest') {
        const metricName = `${s.region}/${restMetricApiName(s.api)}`;
        const other = restNames.get(metricName);
        // Real CloudWatch would silently merge two same-named REST APIs into one series.
        if (other)
          throw new ScenarioValidationError(
            `scenario ${s.id}: REST API name "${s.api.name}" is also used by scenario ${other}; metrics are keyed by name, so names must differ`,
          );
        restNames.set(metricName, s.id);
        this.restResources.set(s.api.id, buildRestResources(s));
      } else {
        this.httpRoutes.set(s.api.id, buildHttpRoutes(s));
      }
      for (const fn of s.lambdas) claimMap(this.lambdas, `function name "${fn.name}"`, `${s.region}/${fn.name}`, { scenario: s, fn }, s);
      for (const link of s.vpcLinks) {
        claimMap(this.vpcLinks, `VPC link id "${link.id}"`, link.id, { scenario: s, link }, s);
        if (link.loadBalancer) {
          const lb = link.loadBalancer;
          const owned: OwnedLoadBalancer = { scenario: s, link, lb, arn: loadBalancerArn(s, lb.name, lb.type) };
          if (this.loadBalancers.some((o) => o.arn === owned.arn))
            throw new ScenarioValidationError(`scenario ${s.id}: load balancer "${lb.name}" is defined twice`);
          this.loadBalancers.push(owned);
          for (const tg of lb.targetGroups) {
            const tgArn = targetGroupArn(s, tg.name);
            if (this.targetGroups.some((o) => o.tgArn === tgArn))
              throw new ScenarioValidationError(`scenario ${s.id}: target group "${tg.name}" is defined twice`);
            this.targetGroups.push({ ...owned, tg, tgArn });
          }
        }
      }
      this.indexLogGroups(s);
      this.indexMetrics(s);
    }
  }

  /**
   * Which scenarios a request sees: those in the request's region and, when the access key id
   * names a scenario (AWS_ACCESS_KEY_ID=timeout), that scenario alone, so that one shared
   * server can play each incident in isolation.
   */
  visibleScenarios(accessKeyId: string, region: string): Scenario[] {
    const inRegion = this.scenarios.filter((s) => s.region === region);
    const named = inRegion.find((s) => s.id === accessKeyId.toLowerCase());
    return named ? [named] : inRegion;
  }

  api(id: string, visible: Scenario[]): Scenario | undefined {
    const s = this.apis.get(id);
    return s && visible.includes(s) ? s : undefined;
  }

  restResourcesOf(apiId: string): RestResource[] {
    return this.restResources.get(apiId) ?? [];
  }

  httpRoutesOf(apiId: string): HttpRoute[] {
    return this.httpRoutes.get(apiId) ?? [];
  }

  lambda(name: string, region: string, visible: Scenario[]): { scenario: Scenario; fn: LambdaSpec } | undefined {
    const found = this.lambdas.get(`${region}/${name}`);
    return found && visible.includes(found.scenario) ? found : undefined;
  }

  vpcLink(id: string, visible: Scenario[]): { scenario: Scenario; link: VpcLinkSpec } | undefined {
    const found = this.vpcLinks.get(id);
    return found && visible.includes(found.scenario) ? found : undefined;
  }

  loadBalancersIn(visible: Scenario[]): OwnedLoadBalancer[] {
    return this.loadBalancers.filter((o) => visible.includes(o.scenario));
  }

  targetGroupsIn(visible: Scenario[]): OwnedTargetGroup[] {
    return this.targetGroups.filter((o) => visible.includes(o.scenario));
  }

  logGroup(name: string, visible: Scenario[]): LogGroup | undefined {
    const found = this.logGroups.get(name);
    return found && visible.includes(found.scenario) ? found : undefined;
  }

  logGroupsIn(visible: Scenario[]): LogGroup[] {
    return [...this.logGroups.values()].filter((g) => visible.includes(g.scenario)).sort((a, b) => a.name.localeCompare(b.name));
  }

  metricSeriesIn(visible: Scenario[]): MetricSeries[] {
    return this.series.filter((m) => visible.includes(m.scenario));
  }

  private indexLogGroups(s: Scenario): void {
    const add = (name: string, kind: LogGroup['kind']) => {
      const existing = this.logGroups.get(name);
      if (existing && existing.scenario !== s)
        throw new ScenarioValidationError(`scenario ${s.id}: log group "${name}" also belongs to scenario ${existing.scenario.id}`);
      if (!existing) this.logGroups.set(name, { name, scenario: s, kind, entries: [] });
      return this.logGroups.get(name) as LogGroup;
    };
    for (const stage of s.api.stages) {
      // API Gateway creates the execution-log group once logging is on; OFF means no group at all.
      if (s.api.type === 'rest' && stage.executionLogging !== 'OFF') add(executionLogGroupName(s.api.id, stage.name), 'execution');
      if (stage.accessLog) add(logGroupNameFromArn(stage.accessLog.destinationArn), 'access');
    }
    for (const fn of s.lambdas) add(`/aws/lambda/${fn.name}`, 'lambda');
    s.logs.forEach((entry, index) => {
      const group = add(...resolveLogGroup(s, entry));
      group.entries.push({ entry, index });
    });
  }

  private indexMetrics(s: Scenario): void {
    const stage = s.metrics.stage ?? s.api.stages[0]?.name ?? '';
    const apiDimensionSets: Array<Record<string, string>> =
      s.api.type === 'rest'
        ? [{ ApiName: restMetricApiName(s.api) }, { ApiName: restMetricApiName(s.api), Stage: stage }]
        : [{ ApiId: s.api.id }, { ApiId: s.api.id, Stage: stage }];
    const countSpec = s.metrics.api['Count'];
    const count = countSpec ? { spec: countSpec, seedKey: 'api/Count' } : undefined;
    for (const [metricName, spec] of Object.entries(s.metrics.api)) {
      for (const dimensions of apiDimensionSets)
        this.series.push({
          scenario: s,
          namespace: 'AWS/ApiGateway',
          metricName,
          dimensions,
          spec,
          counter: COUNTERS.has(metricName),
          samples: count,
          seedKey: `api/${metricName}`,
        });
    }
    for (const [key, metrics] of Object.entries(s.metrics.lambda)) {
      // `name:qualifier` is an alias's or version's own series, published with a Resource dimension.
      const [fn = key, qualifier] = key.split(':');
      const dimensions: Record<string, string> = qualifier === undefined ? { FunctionName: fn } : { FunctionName: fn, Resource: key };
      const invocations = metrics.Invocations ? { spec: metrics.Invocations, seedKey: `lambda/${key}/Invocations` } : undefined;
      for (const [metricName, spec] of Object.entries(metrics)) {
        if (!spec) continue;
        this.series.push({
          scenario: s,
          namespace: 'AWS/Lambda',
          metricName,
          dimensions,
          spec,
          counter: COUNTERS.has(metricName),
          samples: invocations,
          seedKey: `lambda/${key}/${metricName}`,
        });
      }
    }
  }
}

function claim(set: Set<string>, label: string, key: string): void {
  if (set.has(key)) throw new ScenarioValidationError(`${label} is used by two scenarios; it must be unique`);
  set.add(key);
}

function claimMap<V>(map: Map<string, V>, label: string, key: string, value: V, s: Scenario): void {
  if (map.has(key)) throw new ScenarioValidationError(`scenario ${s.id}: ${label} is already used by another scenario; it must be unique`);
  map.set(key, value);
}

export function resolveLogGroup(s: Scenario, entry: LogEntrySpec): [string, LogGroup['kind']] {
  const stageName = entry.stage ?? s.api.stages[0]?.name ?? '';
  if (entry.group === 'execution') return [executionLogGroupName(s.api.id, stageName), 'execution'];
  if (entry.group === 'access') {
    const stage = s.api.stages.find((st) => st.name === stageName);
    return [logGroupNameFromArn(stage?.accessLog?.destinationArn ?? ''), 'access'];
  }
  if (entry.group.startsWith('lambda:')) return [`/aws/lambda/${entry.group.slice(7)}`, 'lambda'];
  return [entry.group, 'custom'];
}

/** `arn:aws:logs:us-east-1:123456789012:log-group:/my/group:*` → `/my/group`. */
export function logGroupNameFromArn(arn: string): string {
  const match = /:log-group:(.+?)(:\*)?$/.exec(arn);
  return match?.[1] ?? arn;
}

export function logGroupArn(s: Scenario, name: string): string {
  return `arn:aws:logs:${s.region}:${s.account}:log-group:${name}`;
}

export function lambdaArn(s: Scenario, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${s.region}:${s.account}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

export function loadBalancerArn(s: Scenario, name: string, type: LoadBalancerSpec['type'] = 'network'): string {
  return `arn:aws:elasticloadbalancing:${s.region}:${s.account}:loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/${hexFor(16, 'lb', s.id, name)}`;
}

/** V1 for REST APIs and V2 for HTTP APIs unless the scenario says otherwise. */
export function vpcLinkVersion(s: Scenario, link: VpcLinkSpec): 'V1' | 'V2' {
  return link.version ?? (s.api.type === 'rest' ? 'V1' : 'V2');
}

export function targetGroupArn(s: Scenario, name: string): string {
  return `arn:aws:elasticloadbalancing:${s.region}:${s.account}:targetgroup/${name}/${hexFor(16, 'tg', s.id, name)}`;
}

export function loadBalancerDns(s: Scenario, lb: LoadBalancerSpec): string {
  return `${lb.name}-${hexFor(16, 'dns', s.id, lb.name)}.elb.${s.region}.amazonaws.com`;
}

/** The URI AWS stores for an integration; Lambda shorthand expands the way the console writes it. */
export function integrationUri(s: Scenario, integration: IntegrationSpec): string | undefined {
  if (integration.uri !== undefined) return integration.uri;
  if (integration.lambda === undefined) return undefined;
  const [name = '', qualifier] = integration.lambda.split(':');
  const fnArn = lambdaArn(s, name, qualifier);
  // HTTP APIs store the bare function ARN; REST APIs the apigateway "lambda:path" form.
  if (s.api.type === 'http') return fnArn;
  return `arn:aws:apigateway:${s.region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`;
}

export function defaultTimeoutMs(s: Scenario, integration: IntegrationSpec): number {
  return integration.timeoutMs ?? (s.api.type === 'http' ? 30_000 : 29_000);
}

export function stageOf(s: Scenario, name: string): StageSpec | undefined {
  return s.api.stages.find((st) => st.name === name);
}

/** Short lowercase ids, stable per scenario and key, like API Gateway's resource ids. */
export function shortId(length: number, ...parts: string[]): string {
  const hex = hexFor(length * 2, ...parts);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}

function buildRestResources(s: Scenario): RestResource[] {
  const byPath = new Map<string, RestResource>();
  const ensure = (path: string): RestResource => {
    const existing = byPath.get(path);
    if (existing) return existing;
    const resource: RestResource = { id: shortId(10, 'resource', s.api.id, path), path, methods: {} };
    if (path !== '/') {
      const parentPath = path.slice(0, path.lastIndexOf('/')) || '/';
      resource.parentId = ensure(parentPath).id;
      resource.pathPart = path.slice(path.lastIndexOf('/') + 1);
    }
    byPath.set(path, resource);
    return resource;
  };
  ensure('/');
  for (const r of s.api.resources ?? []) {
    const resource = ensure(r.path.length > 1 ? r.path.replace(/\/$/, '') : r.path);
    for (const [method, spec] of Object.entries(r.methods)) if (spec) resource.methods[method] = spec;
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function buildHttpRoutes(s: Scenario): HttpRoute[] {
  return (s.api.routes ?? []).map((r) => ({
    routeId: shortId(7, 'route', s.api.id, r.key),
    key: r.key,
    integrationId: shortId(7, 'integration', s.api.id, r.key),
    integration: r.integration,
  }));
}
