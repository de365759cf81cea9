/**
 * Turns one CloudTrail event, as LookupEvents returns it, into a ChangeEvent: its kind, who made
 * it, the resources it names, whether it touches this API, and a one-line summary. Pure: the
 * fetch lives in the AWS adapter (collect-changes.ts).
 */
import type { ApiDescriptor } from '../../api/api-descriptor.ts';
import { classifyChange } from '../classify-change.ts';
import type { ChangeEvent, ChangeKind } from '../types.ts';
import { summariseChange } from './describe-change.ts';
import { field, items, obj, paramScopes, str, type Json } from './trail-json.ts';

/** The fields of a LookupEvents result this reads (the SDK's `Event` fits it). */
export interface TrailEventRecord {
  EventId?: string | undefined;
  EventName?: string | undefined;
  EventSource?: string | undefined;
  EventTime?: Date | undefined;
  ReadOnly?: string | undefined;
  Username?: string | undefined;
  Resources?: Array<{ ResourceName?: string | undefined }> | undefined;
  /** The full record as a JSON string. */
  CloudTrailEvent?: string | undefined;
}

/** Null for a read, an unparseable time or a kind of change that cannot break an integration. */
export function toChangeEvent(event: TrailEventRecord, api: ApiDescriptor): ChangeEvent | null {
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
    summary: summariseChange({ eventName, kind, params, resources, who, errorCode }),
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

function resourcesOf(event: TrailEventRecord, params: Json): string[] {
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
  if (kind === 'access-rule') {
    // `arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`: the stage's web ACL, by ARN or name.
    const acl = api.stage.webAclArn;
    const name = acl ? /\/webacl\/([^/]+)\//.exec(acl)?.[1] : undefined;
    return acl !== undefined && resources.some((resource) => resource === acl || resource === name);
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
