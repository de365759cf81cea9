import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import type { ApiDescriptor } from '../../core/api/api-descriptor.ts';
import { classifyChange } from '../../core/evidence/classify-change.ts';
import type { CollectorContext } from './collector.ts';
import { describeAwsFailure } from './describe-aws-failure.ts';
import type { ChangeEvent, ChangeKind, ChangesFindings, CollectorInput, CollectorResult, MissingEvidence } from '../../core/evidence/types.ts';

export interface CollectChangesOptions {
  /** Pages of 50 events to read at most; the newest come first. */
  maxPages?: number;
  /** Current time; injectable so tests can check the "recent window" note. */
  now?: () => Date;
}

const ACTION = 'cloudtrail:LookupEvents';
const PAGE_SIZE = 50;
const DEFAULT_MAX_PAGES = 6;
// A change made shortly before the window can be the cause, so look back further than the window.
const LOOKBACK_MS = 2 * 60 * 60 * 1000;
const RECENT_MS = 15 * 60 * 1000;
const HISTORY_MS = 90 * 24 * 60 * 60 * 1000;
const MAX_SUMMARY = 240;
const MAX_LISTED = 3;

/**
 * Reads the account's recent write events from CloudTrail and keeps those that can break an API
 * Gateway integration: security groups, NACLs, routes, load balancers, VPC links, Lambda
 * permissions, code and configuration, and API deployments, stages and integrations.
 *
 * One LookupEvents filter per call is all CloudTrail allows, so the call asks for write events
 * only (the fewest pages) and the kind of change is decided here.
 *
 * @example
 * const { findings, missing } = await collectChanges({ clients, signal, cloudTrailLimiter }, { api, window });
 */
export async function collectChanges(
  ctx: CollectorContext,
  input: CollectorInput,
  options: CollectChangesOptions = {},
): Promise<CollectorResult<ChangesFindings>> {
  const maxPages = Math.max(1, options.maxPages ?? DEFAULT_MAX_PAGES);
  const nowMs = (options.now?.() ?? new Date()).getTime();
  const startMs = Date.parse(input.window.start);
  const endMs = Date.parse(input.window.end);
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) {
    return {
      findings: null,
      missing: [{ source: 'changes', reason: `the diagnosis window ${input.window.start} – ${input.window.end} is not a valid time range` }],
    };
  }
  const lookedAt = { start: new Date(startMs - LOOKBACK_MS).toISOString(), end: new Date(endMs).toISOString() };
  const missing: MissingEvidence[] = [];

  const changes = new Map<string, ChangeEvent>();
  let pages = 0;
  let truncated = false;
  let hitPageBound = false;
  let nextToken: string | undefined;
  try {
    do {
      if (pages >= maxPages) {
        truncated = true;
        hitPageBound = true;
        break;
      }
      await ctx.cloudTrailLimiter?.acquire(ctx.signal);
      const page = await ctx.clients.cloudTrail.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
          StartTime: new Date(lookedAt.start),
          EndTime: new Date(lookedAt.end),
          MaxResults: PAGE_SIZE,
          NextToken: nextToken,
        }),
        { abortSignal: ctx.signal },
      );
      pages += 1;
      for (const event of page.Events ?? []) {
        const change = toChangeEvent(event, input.api);
        if (change) changes.set(event.EventId ?? `${pages}:${changes.size}`, change);
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  } catch (error) {
    const failure = describeAwsFailure('changes', ACTION, error);
    if (pages === 0) return { findings: null, missing: [failure] };
    // Later pages hold older events; what was read so far is still worth showing.
    truncated = true;
    missing.push(failure);
  }

  if (hitPageBound) {
    missing.push({
      source: 'changes',
      reason: `CloudTrail holds more write events between ${lookedAt.start} and ${lookedAt.end} than the ${pages * PAGE_SIZE} read (newest first), so the oldest changes of that range may be missing`,
      fix: 'narrow the diagnosis window, or look the older events up in the CloudTrail console',
    });
  }
  if (nowMs - endMs < RECENT_MS) {
    missing.push({
      source: 'changes',
      reason: 'CloudTrail delivers events about 5 minutes after the call (not guaranteed), so the last minutes may be incomplete',
      fix: 'run the diagnosis again in a few minutes to see the latest changes',
    });
  }
  if (startMs - LOOKBACK_MS < nowMs - HISTORY_MS) {
    missing.push({
      source: 'changes',
      reason: 'CloudTrail event history covers only the last 90 days; older changes cannot be looked up',
    });
  }

  // CloudTrail answers newest first; people read a timeline oldest first.
  const timeline = [...changes.values()].reverse().sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return { findings: { lookedAt, pages, truncated, changes: timeline }, missing };
}

// ---------------------------------------------------------------------------------------------
// one event

type Json = Record<string, unknown>;

function toChangeEvent(event: TrailEvent, api: ApiDescriptor): ChangeEvent | null {
  const detail = parseDetail(event.CloudTrailEvent);
  const eventName = event.EventName ?? str(detail?.eventName);
  const eventSource = event.EventSource ?? str(detail?.eventSource);
  // Asked for write events only, but a read that slips through is noise.
  if (event.ReadOnly === 'true' || detail?.readOnly === true) return null;
  const kind = classifyChange({ EventName: eventName, EventSource: eventSource });
  if (!kind || !eventName || !eventSource) return null;
  const time = event.EventTime ?? parseTime(detail?.eventTime);
  if (!time) return null;

  const params = obj(detail?.requestParameters) ?? {};
  const who = whoDidIt(detail, event.Username);
  const resources = resourcesOf(event, params);
  const errorCode = str(detail?.errorCode);
  const change: ChangeEvent = {
    time: time.toISOString(),
    eventName,
    eventSource,
    kind,
    who,
    resources,
    relatedToApi: isRelatedToApi(kind, resources, api),
    summary: summarise(eventName, kind, params, resources, who, errorCode),
  };
  if (errorCode) change.errorCode = errorCode;
  return change;
}

function parseDetail(raw: string | undefined): Json | undefined {
  if (!raw) return undefined;
  try {
    return obj(JSON.parse(raw));
  } catch {
    // A truncated or garbled record still has the top-level fields LookupEvents returned.
    return undefined;
  }
}

function parseTime(value: unknown): Date | undefined {
  const text = str(value);
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A user name, or `role/session` for an assumed role, as CloudTrail recorded the caller. */
function whoDidIt(detail: Json | undefined, username: string | undefined): string {
  const identity = obj(detail?.userIdentity);
  const userName = str(identity?.userName);
  if (userName) return userName;
  const arn = str(identity?.arn);
  const issuer = str(obj(obj(identity?.sessionContext)?.sessionIssuer)?.userName);
  if (arn?.includes(':assumed-role/')) {
    const [, role, session] = arn.split('/');
    const roleName = issuer ?? role;
    if (roleName && session) return `${roleName}/${session}`;
  }
  if (identity?.type === 'Root') return 'root';
  if (identity?.type === 'AWSService') return str(identity.invokedBy) ?? 'an AWS service';
  if (username) return username;
  if (issuer) return issuer;
  return arn?.split(/[/:]/).pop() || 'unknown';
}

// requestParameters fields that name what the call changed; EC2's newer actions capitalise them.
const RESOURCE_KEYS = [
  'groupId',
  'networkAclId',
  'routeTableId',
  'associationId',
  'networkInterfaceId',
  'functionName',
  'restApiId',
  'apiId',
  'vpcLinkId',
  'targetGroupArn',
  'loadBalancerArn',
  'listenerArn',
];

function resourcesOf(event: TrailEvent, params: Json): string[] {
  const found = new Set<string>();
  for (const resource of event.Resources ?? []) {
    if (resource.ResourceName) found.add(resource.ResourceName);
  }
  for (const scope of paramScopes(params)) {
    for (const key of RESOURCE_KEYS) {
      const value = str(field(scope, key));
      if (value) found.add(value);
    }
    for (const group of items(field(scope, 'groupSet'))) {
      const id = str(field(obj(group), 'groupId'));
      if (id) found.add(id);
    }
    for (const group of items(field(scope, 'securityGroups'))) {
      const id = str(group);
      if (id) found.add(id);
    }
    for (const target of items(field(scope, 'targets'))) {
      const id = str(field(obj(target), 'id'));
      if (id) found.add(id);
    }
  }
  return [...found];
}

/** The request itself, plus the `XxxRequest` object some EC2 actions wrap their fields in. */
function paramScopes(params: Json): Json[] {
  const scopes = [params];
  for (const [key, value] of Object.entries(params)) {
    const nested = obj(value);
    if (nested && key.endsWith('Request')) scopes.push(nested);
  }
  return scopes;
}

function isRelatedToApi(kind: ChangeKind, resources: string[], api: ApiDescriptor): boolean {
  if (kind.startsWith('lambda-')) {
    const names = new Set<string>();
    for (const integration of api.integrations) {
      if (integration.lambdaFunctionName) names.add(lambdaName(integration.lambdaFunctionName));
      if (integration.lambdaArn) names.add(lambdaName(integration.lambdaArn));
    }
    return resources.some((resource) => names.has(lambdaName(resource)));
  }
  if (kind.startsWith('api-') || kind === 'vpc-link') {
    const ids = new Set([api.id, ...api.integrations.flatMap((i) => (i.vpcLinkId ? [i.vpcLinkId] : []))]);
    return resources.some((resource) => ids.has(resource) || idsInArn(resource).some((id) => ids.has(id)));
  }
  // Security groups, NACLs, routes and target groups are tied to the API through the config findings.
  return false;
}

/** `arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod` names API a1b2c3d4e5. */
function idsInArn(resource: string): string[] {
  const segments = resource.split('/');
  return segments.filter((_, i) => i > 0 && ['restapis', 'apis', 'vpclinks'].includes(segments[i - 1] ?? ''));
}

/** `fn`, `fn:alias`, `123456789012:function:fn` and full ARNs all name the function `fn`. */
function lambdaName(ref: string): string {
  const match = /(?:^|:)function:([^:]+)/.exec(ref);
  return match?.[1] ?? ref.split(':')[0] ?? ref;
}

// ---------------------------------------------------------------------------------------------
// summary

function summarise(eventName: string, kind: ChangeKind, params: Json, resources: string[], who: string, errorCode: string | undefined): string {
  const target = mainResource(params, resources);
  // People know Lambda's actions without the API version CloudTrail appends (20150331v2).
  const action = eventName.replace(/\d{8}(v\d+)?$/, '') || eventName;
  let line = `${action}${target ? ` on ${target}` : ''} by ${who}`;
  const detail = safeDetail(eventName, kind, params);
  if (detail) line += `: ${detail}`;
  if (errorCode) line += ` (failed with ${errorCode}, so nothing changed)`;
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}

function mainResource(params: Json, resources: string[]): string | undefined {
  const scopes = paramScopes(params);
  const pick = (key: string): string | undefined => {
    for (const scope of scopes) {
      const value = str(field(scope, key));
      if (value) return value;
    }
    return undefined;
  };
  const fn = pick('functionName');
  if (fn) {
    const qualifier = pick('qualifier');
    const name = fn.includes(':function:') || fn.startsWith('function:') ? fn.replace(/^.*function:/, '') : fn;
    return qualifier && !name.includes(':') ? `${name}:${qualifier}` : name;
  }
  const apiId = pick('restApiId') ?? pick('apiId');
  if (apiId) {
    const stage = pick('stageName');
    return stage ? `${apiId}/${stage}` : apiId;
  }
  for (const key of ['groupId', 'networkAclId', 'routeTableId', 'vpcLinkId', 'networkInterfaceId']) {
    const value = pick(key);
    if (value) return value;
  }
  for (const key of ['targetGroupArn', 'loadBalancerArn', 'listenerArn']) {
    const value = pick(key);
    if (value) return shortArn(value);
  }
  const first = resources[0];
  return first ? shortArn(first) : undefined;
}

/** `arn:aws:elasticloadbalancing:…:targetgroup/web/73e2…` reads better as `targetgroup/web/73e2…`. */
function shortArn(value: string): string {
  return value.startsWith('arn:') ? value.split(':').slice(5).join(':') || value : value;
}

function safeDetail(eventName: string, kind: ChangeKind, params: Json): string | undefined {
  try {
    const detail = describeRequest(eventName, kind, params);
    return detail || undefined;
  } catch {
    // An unexpected request shape loses its detail, never the change itself.
    return undefined;
  }
}

function describeRequest(eventName: string, kind: ChangeKind, params: Json): string | undefined {
  switch (kind) {
    case 'security-group':
      return describeSecurityGroupChange(eventName, params);
    case 'network-acl':
      return describeNaclChange(params);
    case 'route':
      return describeRouteChange(params);
    case 'load-balancer':
      return describeLoadBalancerChange(params);
    case 'vpc-link':
      return (
        listed([str(params.name) && `name ${str(params.name)}`, ...items(params.targetArns).map((arn) => `target ${shortArn(String(arn))}`)]) ??
        describePatch(params)
      );
    case 'lambda-permission':
      return describePermissionChange(params);
    case 'lambda-code':
      return describeCodeChange(params);
    case 'lambda-config':
      return describeFunctionConfigChange(eventName, params);
    case 'api-deployment':
      return listed([str(params.stageName) && `to stage ${str(params.stageName)}`, str(params.description) && `"${str(params.description)}"`]);
    case 'api-stage':
      return describePatch(params) ?? listed([str(params.deploymentId) && `deployment ${str(params.deploymentId)}`]);
    case 'api-integration':
      return describeIntegrationChange(params);
  }
}

function describeSecurityGroupChange(eventName: string, params: Json): string | undefined {
  if (eventName === 'CreateSecurityGroup') {
    return listed([str(params.groupName) && `name ${str(params.groupName)}`, str(params.vpcId) && `in ${str(params.vpcId)}`]);
  }
  if (eventName === 'ModifyNetworkInterfaceAttribute') {
    const groups = items(params.groupSet)
      .map((g) => str(field(obj(g), 'groupId')))
      .filter(isText);
    if (groups.length > 0) return `security groups now ${groups.join(', ')}`;
    const changed = Object.keys(params).filter((key) => key !== 'networkInterfaceId');
    return changed.length > 0 ? `changed ${changed.join(', ')}` : undefined;
  }
  if (eventName === 'ModifySecurityGroupRules') {
    const scope = paramScopes(params).at(-1) ?? params;
    const rules = items(field(scope, 'securityGroupRule')).map((item) => {
      const rule = obj(item);
      const id = str(field(rule, 'securityGroupRuleId'));
      const body = obj(field(rule, 'securityGroupRule'));
      const what = body
        ? renderRule(field(body, 'ipProtocol'), field(body, 'fromPort'), field(body, 'toPort'), [
            field(body, 'cidrIpv4'),
            field(body, 'cidrIpv6'),
            field(body, 'referencedGroupId'),
            field(body, 'prefixListId'),
          ])
        : undefined;
      return [id, what].filter(isText).join(' now ');
    });
    return listed(rules.filter(isText).map((rule) => `rule ${rule}`));
  }
  const way = eventName.includes('Egress') ? 'to' : 'from';
  const permissions = items(params.ipPermissions);
  // Older callers send one flat permission instead of a list.
  if (permissions.length === 0 && params.ipProtocol !== undefined) permissions.push(params);
  const rendered = permissions.map((permission) => renderPermission(obj(permission) ?? {}, way));
  const ruleIds = items(params.securityGroupRuleIds)
    .map((item) => str(item) ?? str(field(obj(item), 'securityGroupRuleId')))
    .filter(isText);
  return listed([...rendered, ...(ruleIds.length > 0 ? [`rules ${ruleIds.join(', ')}`] : [])]);
}

/** `tcp 443 from 10.0.0.0/16, sg-0def` for one item of `ipPermissions`. */
function renderPermission(permission: Json, way: string): string {
  const peers = [
    ...items(permission.ipRanges).map((r) => field(obj(r), 'cidrIp')),
    ...items(permission.ipv6Ranges).map((r) => field(obj(r), 'cidrIpv6')),
    ...items(permission.groups).map((g) => field(obj(g), 'groupId')),
    ...items(permission.prefixListIds).map((p) => field(obj(p), 'prefixListId')),
  ];
  const rule = renderRule(permission.ipProtocol, permission.fromPort, permission.toPort, []);
  const names = peers.map(str).filter(isText);
  return names.length > 0 ? `${rule} ${way} ${names.join(', ')}` : rule;
}

function renderRule(protocol: unknown, fromPort: unknown, toPort: unknown, peers: unknown[]): string {
  const proto = protocolName(protocol);
  const ports = portRange(fromPort, toPort, proto);
  const names = peers.map(str).filter(isText);
  return [proto, ports, names.join(', ')].filter(isText).join(' ');
}

function protocolName(protocol: unknown): string {
  const value = str(protocol) ?? (typeof protocol === 'number' ? String(protocol) : undefined);
  switch (value) {
    case undefined:
      return 'any protocol';
    case '-1':
    case 'all':
      return 'all traffic';
    case '6':
      return 'tcp';
    case '17':
      return 'udp';
    case '1':
      return 'icmp';
    default:
      return value;
  }
}

function portRange(fromPort: unknown, toPort: unknown, proto: string): string | undefined {
  if (proto === 'all traffic') return undefined;
  const from = num(fromPort);
  const to = num(toPort);
  if (from === undefined && to === undefined) return undefined;
  if (from === -1 || (from === 0 && to === 65535)) return 'all ports';
  if (from === undefined || to === undefined || from === to) return String(from ?? to);
  return `${from}-${to}`;
}

function describeNaclChange(params: Json): string | undefined {
  const ruleNumber = num(params.ruleNumber);
  if (ruleNumber === undefined) {
    const association = str(params.associationId);
    return association ? `association ${association}` : undefined;
  }
  const egress = params.egress === true || params.egress === 'true';
  const range = obj(params.portRange);
  const rule = renderRule(params.aclProtocol ?? params.protocol, field(range, 'from'), field(range, 'to'), []);
  const cidr = str(params.cidrBlock) ?? str(params.ipv6CidrBlock);
  const action = str(params.ruleAction);
  const parts = [`${egress ? 'outbound' : 'inbound'} rule ${ruleNumber}`];
  if (action) parts.push(`${action} ${rule}${cidr ? ` ${egress ? 'to' : 'from'} ${cidr}` : ''}`);
  return parts.join(' ');
}

const ROUTE_TARGETS = [
  'gatewayId',
  'natGatewayId',
  'transitGatewayId',
  'networkInterfaceId',
  'vpcPeeringConnectionId',
  'vpcEndpointId',
  'instanceId',
  'egressOnlyInternetGatewayId',
  'localGatewayId',
  'carrierGatewayId',
];

function describeRouteChange(params: Json): string | undefined {
  const destination = str(params.destinationCidrBlock) ?? str(params.destinationIpv6CidrBlock) ?? str(params.destinationPrefixListId);
  if (!destination) {
    const association = str(params.associationId);
    return association ? `association ${association}` : undefined;
  }
  const target = ROUTE_TARGETS.map((key) => str(params[key])).find(isText);
  return target ? `${destination} → ${target}` : destination;
}

function describeLoadBalancerChange(params: Json): string | undefined {
  const targets = items(params.targets).map((item) => {
    const target = obj(item);
    const id = str(field(target, 'id'));
    const port = num(field(target, 'port'));
    return id && port !== undefined ? `${id}:${port}` : id;
  });
  if (targets.length > 0) return listed(targets.filter(isText).map((t) => `target ${t}`));
  const groups = items(params.securityGroups).map(str).filter(isText);
  if (groups.length > 0) return `security groups now ${groups.join(', ')}`;
  const attributes = items(params.attributes).map((item) => {
    const attribute = obj(item);
    const key = str(field(attribute, 'key'));
    return key ? `${key}=${str(field(attribute, 'value')) ?? ''}` : undefined;
  });
  if (attributes.length > 0) return listed(attributes);
  return listed(scalarSettings(params, ['targetGroupArn', 'loadBalancerArn', 'listenerArn']));
}

function describePermissionChange(params: Json): string | undefined {
  const statement = str(params.statementId);
  const principal = str(params.principal);
  const source = str(params.sourceArn);
  return listed([statement && `statement ${statement}`, principal && `for ${principal}`, source && `from ${shortArn(source)}`], ' ');
}

function describeCodeChange(params: Json): string | undefined {
  const alias = str(params.name);
  const version = str(params.functionVersion);
  if (alias && version) return `alias ${alias} → version ${version}`;
  if (alias) return `alias ${alias}`;
  return listed([str(params.description) && `"${str(params.description)}"`, params.publish === true ? 'published' : undefined]);
}

function describeFunctionConfigChange(eventName: string, params: Json): string | undefined {
  const reserved = num(params.reservedConcurrentExecutions);
  if (reserved !== undefined) {
    return reserved === 0 ? 'reserved concurrency 0 (every invocation is throttled)' : `reserved concurrency ${reserved}`;
  }
  if (eventName.startsWith('DeleteFunctionConcurrency')) return 'reserved concurrency removed';
  const provisioned = num(params.provisionedConcurrentExecutions);
  if (provisioned !== undefined) return `provisioned concurrency ${provisioned}`;
  const timeout = num(params.timeout);
  const memory = num(params.memorySize);
  const named = ['handler', 'runtime', 'environment', 'vpcConfig', 'layers', 'role'].filter((key) => key in params);
  return listed([
    timeout !== undefined ? `timeout ${timeout} s` : undefined,
    memory !== undefined ? `memory ${memory} MB` : undefined,
    ...named.map((key) => `${key} changed`),
  ]);
}

function describeIntegrationChange(params: Json): string | undefined {
  const method = str(params.httpMethod);
  const resource = str(params.resourceId);
  const where = method && `${method}${resource ? ` on resource ${resource}` : ''}`;
  const patch = describePatch(params);
  if (patch) return where ? `${where}: ${patch}` : patch;
  const type = str(params.type) ?? str(params.integrationType);
  const uri = str(params.uri) ?? str(params.integrationUri);
  const timeout = num(params.timeoutInMillis);
  return listed([
    where,
    type,
    uri && describeUri(uri),
    timeout !== undefined ? `timeout ${timeout} ms` : undefined,
    str(params.payloadFormatVersion) && `payload ${str(params.payloadFormatVersion)}`,
  ]);
}

/** Lambda integration URIs bury the function ARN in a longer path; the function is what matters. */
function describeUri(uri: string): string {
  const match = /:function:([^/]+)/.exec(uri);
  return match ? `function ${match[1]}` : uri;
}

/** REST API updates carry JSON-patch operations: `replace /timeoutInMillis=5000`. */
function describePatch(params: Json): string | undefined {
  const operations = items(params.patchOperations ?? params.patchOperationsList).map((item) => {
    const op = obj(item);
    const path = str(field(op, 'path'));
    if (!path) return undefined;
    const value = field(op, 'value');
    const shown = str(value) ?? (typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);
    return `${str(field(op, 'op')) ?? 'change'} ${path}${shown !== undefined ? `=${shown}` : ''}`;
  });
  return listed(operations);
}

function scalarSettings(params: Json, skip: string[]): string[] {
  return Object.entries(params)
    .filter(([key, value]) => !skip.includes(key) && ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => `${key}=${String(value)}`);
}

/** Joins the present parts, showing a few and counting the rest. */
function listed(parts: Array<string | undefined | false | null | ''>, separator = '; '): string | undefined {
  const present = parts.filter(isText);
  if (present.length === 0) return undefined;
  const shown = present.slice(0, MAX_LISTED).join(separator);
  return present.length > MAX_LISTED ? `${shown}${separator}and ${present.length - MAX_LISTED} more` : shown;
}

// ---------------------------------------------------------------------------------------------
// defensive JSON access

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** CloudTrail writes EC2 lists as `{ items: [...] }`, other services as plain arrays. */
function items(value: unknown): unknown[] {
  if (Array.isArray(value)) return [...value];
  const inner = obj(value)?.items;
  if (Array.isArray(inner)) return [...inner];
  // A single object where a list was expected, e.g. one SecurityGroupRule; `{}` is an empty list.
  const single = obj(value);
  return single && !('items' in single) && Object.keys(single).length > 0 ? [single] : [];
}

/** Reads `groupId` or `GroupId`: EC2's newer actions record capitalised field names. */
function field(value: Json | undefined, key: string): unknown {
  if (!value) return undefined;
  if (key in value) return value[key];
  const capitalised = key.charAt(0).toUpperCase() + key.slice(1);
  return value[capitalised];
}
