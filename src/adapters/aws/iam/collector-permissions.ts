/**
 * Every IAM action diagnose-502 calls, by the collector that calls it: the one list the Lambda
 * role, the cross-account policy (`npm run iam-policy`) and the doctor are all built from. Keep
 * it in step with the code: test/iam/collector-permissions.test.ts fails when a collector sends
 * an SDK command this list does not name.
 *
 * Resources: API Gateway and Lambda support resource-level permissions, so those statements
 * name the resource types read (and nothing else in those services). CloudWatch GetMetricData,
 * CloudTrail LookupEvents and the ELB Describe calls do not, so they need "*"; they only read.
 */

/** Who needs a permission: the four evidence collectors, resolving the API itself, and finding it (scan, names, domains). */
export type PermissionUser = 'api' | 'metrics' | 'logs' | 'changes' | 'config' | 'discovery';

export interface CollectorPermission {
  user: PermissionUser;
  /** IAM action, e.g. `cloudtrail:LookupEvents`. */
  action: string;
  /** SDK operations (client.Operation) that need the action. */
  operations: string[];
  /** Resource ARN patterns; `{partition}`, `{region}` and `{account}` are filled in per policy. */
  resources: string[];
  why: string;
}

const APIGW = 'arn:{partition}:apigateway:{region}::';

export const COLLECTOR_PERMISSIONS: readonly CollectorPermission[] = [
  {
    user: 'api',
    action: 'apigateway:GET',
    operations: [
      'APIGateway.GetRestApi',
      'APIGateway.GetStage',
      'APIGateway.GetStages',
      'APIGateway.GetResources',
      'ApiGatewayV2.GetApi',
      'ApiGatewayV2.GetStage',
      'ApiGatewayV2.GetStages',
      'ApiGatewayV2.GetIntegrations',
      'ApiGatewayV2.GetRoutes',
    ],
    resources: [`${APIGW}/restapis/*`, `${APIGW}/apis/*`],
    why: 'read the API, its stage settings, resources, routes and integrations',
  },
  {
    user: 'discovery',
    action: 'apigateway:GET',
    operations: ['APIGateway.GetRestApis', 'ApiGatewayV2.GetApis'],
    resources: [`${APIGW}/restapis`, `${APIGW}/apis`],
    why: 'find an API by name, and name the APIs a scan finds failing',
  },
  {
    user: 'discovery',
    action: 'apigateway:GET',
    operations: ['APIGateway.GetBasePathMappings', 'ApiGatewayV2.GetDomainName', 'ApiGatewayV2.GetApiMappings', 'ApiGatewayV2.ListRoutingRules'],
    resources: [`${APIGW}/domainnames/*`],
    why: "follow a custom domain's routing rules and API mappings to the API behind a URL",
  },
  {
    user: 'discovery',
    action: 'cloudwatch:GetMetricData',
    operations: ['CloudWatch.GetMetricData'],
    resources: ['*'],
    why: 'scan every API stage for 5xx with one metric search per region',
  },
  {
    user: 'metrics',
    action: 'cloudwatch:GetMetricData',
    operations: ['CloudWatch.GetMetricData'],
    resources: ['*'],
    why: 'read 5xx, latency and Lambda metrics for the window',
  },
  {
    user: 'logs',
    action: 'logs:FilterLogEvents',
    operations: ['CloudWatchLogs.FilterLogEvents'],
    // Access-log groups can have any name, so the log-group type is as narrow as it gets.
    resources: ['arn:{partition}:logs:{region}:{account}:log-group:*'],
    why: 'read failure lines from the execution and access logs',
  },
  {
    user: 'logs',
    action: 'logs:FilterLogEvents',
    operations: ['CloudWatchLogs.FilterLogEvents'],
    // /aws/lambda/<name>; the execution- and access-log grant above already covers it.
    resources: ['arn:{partition}:logs:{region}:{account}:log-group:*'],
    why: "read the Lambda functions' own failure lines: timeouts, out-of-memory kills, init failures, unhandled errors",
  },
  {
    user: 'changes',
    action: 'cloudtrail:LookupEvents',
    operations: ['CloudTrail.LookupEvents'],
    resources: ['*'],
    why: 'find recent changes to the API, its Lambda functions and the network',
  },
  {
    user: 'config',
    action: 'lambda:GetFunctionConfiguration',
    operations: ['Lambda.GetFunctionConfiguration'],
    resources: ['arn:{partition}:lambda:{region}:{account}:function:*'],
    why: "read the integration function's timeout, state and VPC settings",
  },
  {
    user: 'config',
    action: 'lambda:GetPolicy',
    operations: ['Lambda.GetPolicy'],
    resources: ['arn:{partition}:lambda:{region}:{account}:function:*'],
    why: 'check that API Gateway may invoke the function',
  },
  {
    user: 'config',
    action: 'apigateway:GET',
    operations: ['APIGateway.GetVpcLink', 'ApiGatewayV2.GetVpcLink'],
    resources: [`${APIGW}/vpclinks/*`],
    why: 'read the VPC link behind a private integration',
  },
  {
    user: 'config',
    action: 'elasticloadbalancing:DescribeLoadBalancers',
    operations: ['ElasticLoadBalancingV2.DescribeLoadBalancers'],
    resources: ['*'],
    why: 'read the load balancer behind a VPC link',
  },
  {
    user: 'config',
    action: 'elasticloadbalancing:DescribeTargetGroups',
    operations: ['ElasticLoadBalancingV2.DescribeTargetGroups'],
    resources: ['*'],
    why: "list the load balancer's target groups",
  },
  {
    user: 'config',
    action: 'elasticloadbalancing:DescribeTargetHealth',
    operations: ['ElasticLoadBalancingV2.DescribeTargetHealth'],
    resources: ['*'],
    why: 'see whether the targets behind the load balancer are healthy',
  },
];

/** Every distinct action, sorted. */
export function collectorActions(): string[] {
  return [...new Set(COLLECTOR_PERMISSIONS.map((p) => p.action))].sort();
}
