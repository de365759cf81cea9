import type { ChangeKind } from './types.ts';

/** The two fields of a CloudTrail event that decide whether it is a change worth showing. */
export interface ClassifiableEvent {
  EventName?: string | undefined;
  EventSource?: string | undefined;
}

const EC2 = 'ec2.amazonaws.com';
const ELB = 'elasticloadbalancing.amazonaws.com';
const LAMBDA = 'lambda.amazonaws.com';
const API_GATEWAY = 'apigateway.amazonaws.com';
const WAF = 'wafv2.amazonaws.com';

// Exact event names per event source. Names are only meaningful with their source: CodeDeploy
// also has a CreateDeployment, and HTTP APIs have their own DeleteRoute.
const EXACT: Record<string, Record<string, ChangeKind>> = {
  [EC2]: {
    AuthorizeSecurityGroupIngress: 'security-group',
    AuthorizeSecurityGroupEgress: 'security-group',
    RevokeSecurityGroupIngress: 'security-group',
    RevokeSecurityGroupEgress: 'security-group',
    ModifySecurityGroupRules: 'security-group',
    CreateSecurityGroup: 'security-group',
    DeleteSecurityGroup: 'security-group',
    // Swapping the security groups of an ENI (e.g. a VPC link's) changes what can reach it.
    ModifyNetworkInterfaceAttribute: 'security-group',
    CreateNetworkAclEntry: 'network-acl',
    ReplaceNetworkAclEntry: 'network-acl',
    DeleteNetworkAclEntry: 'network-acl',
    ReplaceNetworkAclAssociation: 'network-acl',
    CreateRoute: 'route',
    ReplaceRoute: 'route',
    DeleteRoute: 'route',
    ReplaceRouteTableAssociation: 'route',
    DisassociateRouteTable: 'route',
  },
  [ELB]: {
    RegisterTargets: 'load-balancer',
    DeregisterTargets: 'load-balancer',
    ModifyTargetGroup: 'load-balancer',
    ModifyTargetGroupAttributes: 'load-balancer',
    ModifyListener: 'load-balancer',
    SetSecurityGroups: 'load-balancer',
    DeleteLoadBalancer: 'load-balancer',
    DeleteTargetGroup: 'load-balancer',
  },
  [API_GATEWAY]: {
    CreateVpcLink: 'vpc-link',
    UpdateVpcLink: 'vpc-link',
    DeleteVpcLink: 'vpc-link',
    CreateDeployment: 'api-deployment',
    CreateStage: 'api-stage',
    UpdateStage: 'api-stage',
    DeleteStage: 'api-stage',
    CreateIntegration: 'api-integration',
    PutIntegration: 'api-integration',
    UpdateIntegration: 'api-integration',
    DeleteIntegration: 'api-integration',
    PutIntegrationResponse: 'api-integration',
    UpdateIntegrationResponse: 'api-integration',
    PutMethodResponse: 'api-integration',
    UpdateMethod: 'api-integration',
    ImportRestApi: 'api-integration',
    PutRestApi: 'api-integration',
    ReimportApi: 'api-integration',
    // Replaces the resource policy, among other API-wide settings.
    UpdateRestApi: 'api-integration',
  },
  [WAF]: {
    UpdateWebACL: 'access-rule',
    AssociateWebACL: 'access-rule',
    DisassociateWebACL: 'access-rule',
    UpdateRuleGroup: 'access-rule',
  },
};

// Lambda records its actions with an API version suffix (AddPermission20150331v2), so these are
// base names matched as prefixes.
const LAMBDA_PREFIXES: ReadonlyArray<readonly [string, ChangeKind]> = [
  ['AddPermission', 'lambda-permission'],
  ['RemovePermission', 'lambda-permission'],
  ['UpdateFunctionCode', 'lambda-code'],
  ['PublishVersion', 'lambda-code'],
  ['CreateAlias', 'lambda-code'],
  ['UpdateAlias', 'lambda-code'],
  ['DeleteAlias', 'lambda-code'],
  ['DeleteFunction', 'lambda-code'],
  ['UpdateFunctionConfiguration', 'lambda-config'],
  ['PutFunctionConcurrency', 'lambda-config'],
  ['DeleteFunctionConcurrency', 'lambda-config'],
  ['PutProvisionedConcurrencyConfig', 'lambda-config'],
  ['DeleteProvisionedConcurrencyConfig', 'lambda-config'],
];

/**
 * Which kind of change a CloudTrail event is, or null when it cannot affect an API Gateway
 * integration (or is not a change at all).
 *
 * @example
 * classifyChange({ EventName: 'RemovePermission20150331v2', EventSource: 'lambda.amazonaws.com' }); // 'lambda-permission'
 */
export function classifyChange(event: ClassifiableEvent): ChangeKind | null {
  const name = event.EventName;
  const source = event.EventSource;
  if (!name || !source) return null;
  if (source === LAMBDA) return classifyLambda(name);
  return EXACT[source]?.[name] ?? null;
}

function classifyLambda(name: string): ChangeKind | null {
  for (const [base, kind] of LAMBDA_PREFIXES) {
    if (hasVersionSuffix(name, base)) return kind;
  }
  return null;
}

/**
 * `name` is `base` itself or `base` followed by a version such as 20150331 or 20150331v2. A bare
 * prefix test would read DeleteFunctionConcurrency20171031 or DeleteFunctionUrlConfig20211031
 * as DeleteFunction.
 */
function hasVersionSuffix(name: string, base: string): boolean {
  if (!name.startsWith(base)) return false;
  const rest = name.slice(base.length);
  return rest === '' || /^\d/.test(rest);
}
