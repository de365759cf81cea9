/**
 * One line for people per CloudTrail change: `action on resource by who: detail`. The detail comes
 * from the describer registered for the change's kind; add a kind by adding a describer here.
 */
import type { ChangeKind } from '../types.ts';
import { describeApiDeploymentChange } from './describe-api-deployment-change.ts';
import { describeApiIntegrationChange } from './describe-api-integration-change.ts';
import { describeApiStageChange } from './describe-api-stage-change.ts';
import { describeLambdaCodeChange } from './describe-lambda-code-change.ts';
import { describeLambdaConfigChange } from './describe-lambda-config-change.ts';
import { describeLambdaPermissionChange } from './describe-lambda-permission-change.ts';
import { describeLoadBalancerChange } from './describe-load-balancer-change.ts';
import { describeNetworkAclChange } from './describe-network-acl-change.ts';
import { describeRouteChange } from './describe-route-change.ts';
import { describeSecurityGroupChange } from './describe-security-group-change.ts';
import { describeVpcLinkChange } from './describe-vpc-link-change.ts';
import { paramScopes, shortArn, str, field, type Json } from './trail-json.ts';

/** Describes what a request changed, from its event name and request parameters; undefined when it cannot say. */
export type ChangeDescriber = (eventName: string, params: Json) => string | undefined;

export const CHANGE_DESCRIBERS: Readonly<Record<ChangeKind, ChangeDescriber>> = {
  'security-group': describeSecurityGroupChange,
  'network-acl': describeNetworkAclChange,
  route: describeRouteChange,
  'load-balancer': describeLoadBalancerChange,
  'vpc-link': describeVpcLinkChange,
  'lambda-permission': describeLambdaPermissionChange,
  'lambda-code': describeLambdaCodeChange,
  'lambda-config': describeLambdaConfigChange,
  'api-deployment': describeApiDeploymentChange,
  'api-stage': describeApiStageChange,
  'api-integration': describeApiIntegrationChange,
  'access-rule': describeAccessRuleChange,
};

/** `web ACL storefront-acl, rules login-rate-limit (block)`: the rules and what each does with a match. */
function describeAccessRuleChange(_eventName: string, params: Json): string | undefined {
  const rules = field(params, 'rules');
  if (!Array.isArray(rules) || rules.length === 0) return undefined;
  const names = rules.slice(0, 5).map((rule) => {
    const r = (rule ?? {}) as Json;
    const name = str(field(r, 'name')) ?? '?';
    const action = field(r, 'action');
    const verb = action && typeof action === 'object' ? Object.keys(action as object)[0] : undefined;
    return verb ? `${name} (${verb})` : name;
  });
  const acl = str(field(params, 'name'));
  return `${acl ? `web ACL ${acl}, ` : ''}rules ${names.join(', ')}${rules.length > 5 ? ` and ${rules.length - 5} more` : ''}`;
}

const MAX_SUMMARY = 240;

export interface ChangeToSummarise {
  eventName: string;
  kind: ChangeKind;
  /** The event's requestParameters (an empty object when CloudTrail recorded none). */
  params: Json;
  resources: string[];
  who: string;
  errorCode?: string | undefined;
}

/** `RevokeSecurityGroupIngress on sg-0abc by alice: tcp 443 from 10.0.0.0/16`, at most 240 characters. */
export function summariseChange({ eventName, kind, params, resources, who, errorCode }: ChangeToSummarise): string {
  const target = mainResource(params, resources);
  // People know Lambda's actions without the API version CloudTrail appends (20150331v2).
  const action = eventName.replace(/\d{8}(v\d+)?$/, '') || eventName;
  let line = `${action}${target ? ` on ${target}` : ''} by ${who}`;
  const detail = describeChangeRequest(eventName, kind, params);
  if (detail) line += `: ${detail}`;
  if (errorCode) line += ` (failed with ${errorCode}, so nothing changed)`;
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}

/** The describer's detail for one request; an unexpected request shape loses its detail, never the change itself. */
export function describeChangeRequest(eventName: string, kind: ChangeKind, params: Json): string | undefined {
  try {
    return CHANGE_DESCRIBERS[kind](eventName, params) || undefined;
  } catch {
    return undefined;
  }
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
