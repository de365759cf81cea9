import { GetVpcLinkCommand as GetRestVpcLinkCommand } from '@aws-sdk/client-api-gateway';
import { GetVpcLinkCommand as GetHttpVpcLinkCommand } from '@aws-sdk/client-apigatewayv2';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetFunctionConfigurationCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import type { ApiDescriptor, IntegrationInfo } from '../../core/api/api-descriptor.ts';
import { loadBalancerArnFromListener } from '../../core/api/load-balancer-arn-from-listener.ts';
import { parseLambdaUri, type LambdaTarget } from '../../core/api/parse-lambda-uri.ts';
import { checkInvokePermission, type InvokePermissionDecision } from '../../core/evidence/check-invoke-permission.ts';
import type { Collector, CollectorContext } from './collector.ts';
import { describeAwsFailure, errorName } from './describe-aws-failure.ts';
import type {
  ConfigFindings,
  IntegrationConfigFinding,
  LambdaConfigFinding,
  MissingEvidence,
  TargetHealthFinding,
  VpcLinkFinding,
} from '../../core/evidence/types.ts';

// Bounds keep one diagnosis to a few dozen read calls however large the API is.
const MAX_TARGETS = 10;
const MAX_LOAD_BALANCERS = 3;
const MAX_TARGET_GROUPS = 10;

/** Integrations that send requests to the same place, checked once. */
interface TargetGroupOfIntegrations {
  key: string;
  integrations: [IntegrationInfo, ...IntegrationInfo[]];
}

interface Inspection {
  missing: MissingEvidence[];
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Reads the configuration behind each distinct integration target: the Lambda function's timeout,
 * state and resource policy, or the VPC link and the health of the targets behind its load
 * balancer. Reports facts only: core's judgeConfigRisks turns them into plain-language risks.
 * Read-only; every failed call becomes a missing record and the rest carries on.
 */
export const collectConfig: Collector<ConfigFindings> = async (ctx, input) => {
  const { api } = input;
  const groups = groupByTarget(api);
  const missing: MissingEvidence[] = [];
  if (groups.length > MAX_TARGETS) {
    missing.push({
      source: 'config',
      reason: `checked the first ${MAX_TARGETS} of ${groups.length} distinct integration targets`,
    });
  }
  const vpcLinks = new Map<string, Promise<Settled<VpcLinkRecord>>>();
  const results = await Promise.all(groups.slice(0, MAX_TARGETS).map((group) => inspectGroup(ctx, api, group, vpcLinks)));
  return {
    findings: { integrations: results.map((r) => r.finding) },
    missing: dedupe([...missing, ...results.flatMap((r) => r.missing)]),
  };
};

function groupByTarget(api: ApiDescriptor): TargetGroupOfIntegrations[] {
  const groups = new Map<string, TargetGroupOfIntegrations>();
  for (const integration of api.integrations) {
    if (integration.type === 'MOCK') continue;
    const key = targetKey(api, integration);
    const group = groups.get(key);
    if (group) group.integrations.push(integration);
    else groups.set(key, { key, integrations: [integration] });
  }
  return [...groups.values()];
}

function targetKey(api: ApiDescriptor, integration: IntegrationInfo): string {
  if (integration.lambdaArn) return `lambda:${integration.lambdaArn}`;
  if (integration.connectionType === 'VPC_LINK') {
    // A REST VPC link always leads to the same NLBs; an HTTP API's URI names the listener.
    return `vpc:${integration.vpcLinkId ?? '?'}${api.type === 'http' ? `:${integration.uri ?? ''}` : integration.loadBalancerArn ? `:${integration.loadBalancerArn}` : ''}`;
  }
  return `${integration.type}:${integration.uri ?? integration.route}`;
}

async function inspectGroup(
  ctx: CollectorContext,
  api: ApiDescriptor,
  group: TargetGroupOfIntegrations,
  vpcLinks: Map<string, Promise<Settled<VpcLinkRecord>>>,
): Promise<{ finding: IntegrationConfigFinding; missing: MissingEvidence[] }> {
  const [integration] = group.integrations;
  const timeoutMs = Math.min(...group.integrations.map((i) => i.timeoutMs));
  // Risks are judged in core (judgeConfigRisks) from the facts reported here.
  const missing: MissingEvidence[] = [];
  const finding: IntegrationConfigFinding = { integration, timeoutMs, risks: [] };

  const lambda = integration.lambdaArn ? parseLambdaUri(integration.lambdaArn) : undefined;
  if (lambda) {
    const result = await inspectLambda(ctx, api, group, lambda);
    finding.lambda = result.lambda;
    missing.push(...result.missing);
  } else if (integration.connectionType === 'VPC_LINK' && integration.vpcLinkId && !integration.vpcLinkId.includes('${')) {
    const result = await inspectVpcLink(ctx, api, integration, integration.vpcLinkId, vpcLinks);
    finding.vpcLink = result.vpcLink;
    missing.push(...result.missing);
  }
  return { finding, missing };
}

// ---------------------------------------------------------------------------------------------
// Lambda

async function inspectLambda(
  ctx: CollectorContext,
  api: ApiDescriptor,
  group: TargetGroupOfIntegrations,
  target: LambdaTarget,
): Promise<Inspection & { lambda: LambdaConfigFinding }> {
  const options = { abortSignal: ctx.signal };
  const qualifier = target.qualifier ? { Qualifier: target.qualifier } : {};
  const [config, policy] = await Promise.all([
    settle(ctx.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: target.functionArn, ...qualifier }), options)),
    settle(ctx.clients.lambda.send(new GetPolicyCommand({ FunctionName: target.functionArn, ...qualifier }), options)),
  ]);
  const missing: MissingEvidence[] = [];
  const functionMissing = !config.ok && errorName(config.error) === 'ResourceNotFoundException';

  const lambda: LambdaConfigFinding = {
    functionName: target.functionName,
    ...(target.qualifier ? { qualifier: target.qualifier } : {}),
    invokePermission: 'unknown',
    invokePermissionDetail: '',
  };
  if (config.ok) {
    const c = config.value;
    if (c.Timeout !== undefined) lambda.timeoutSeconds = c.Timeout;
    if (c.MemorySize !== undefined) lambda.memoryMb = c.MemorySize;
    if (c.State) lambda.state = c.State;
    if (c.LastUpdateStatus) lambda.lastUpdateStatus = c.LastUpdateStatus;
    if (c.LastModified) lambda.lastModified = c.LastModified;
    if (c.StateReason) lambda.stateReason = c.StateReason;
    if (c.LastUpdateStatusReason) lambda.lastUpdateStatusReason = c.LastUpdateStatusReason;
  } else if (functionMissing) {
    lambda.exists = false;
  } else {
    missing.push(describeAwsFailure('config', 'lambda:GetFunctionConfiguration', config.error));
  }

  let decision: InvokePermissionDecision;
  const role = group.integrations.find((i) => i.credentialsArn)?.credentialsArn;
  if (role) {
    // With an execution role API Gateway calls Lambda as that role; the resource policy is not consulted.
    decision = {
      verdict: 'unknown',
      detail: `the integration invokes the function as role ${role}, so its resource policy does not apply; check that this role allows lambda:InvokeFunction on ${target.arn}`,
    };
  } else if (functionMissing) {
    decision = { verdict: 'unknown', detail: `the function ${target.arn} was not found, so there is no policy to check` };
  } else if (policy.ok || errorName(policy.error) === 'ResourceNotFoundException') {
    decision = decideForRoutes(policy.ok ? policy.value.Policy : undefined, api, group, target);
  } else {
    const failure = describeAwsFailure('config', 'lambda:GetPolicy', policy.error);
    missing.push(failure);
    decision = { verdict: 'unknown', detail: `the resource policy could not be read: ${failure.reason}` };
  }
  lambda.invokePermission = decision.verdict;
  lambda.invokePermissionDetail = decision.detail;
  return { lambda, missing };
}

/** One verdict for all routes that share the function: any route without permission is a problem. */
function decideForRoutes(policyJson: string | undefined, api: ApiDescriptor, group: TargetGroupOfIntegrations, target: LambdaTarget): InvokePermissionDecision {
  const decisions = group.integrations.map((integration) => {
    const { method, resourcePath } = splitRoute(integration.route);
    const decision = checkInvokePermission(policyJson, {
      region: api.region,
      accountId: api.accountId ?? target.accountId,
      apiId: api.id,
      stage: api.stage.name,
      method,
      resourcePath,
    });
    return { route: integration.route, ...decision };
  });
  const worst = decisions.find((d) => d.verdict === 'missing') ?? decisions.find((d) => d.verdict === 'unknown') ?? decisions[0];
  if (!worst) return { verdict: 'unknown', detail: 'no route to check' };
  if (decisions.length === 1) return { verdict: worst.verdict, detail: worst.detail };
  const same = decisions.filter((d) => d.verdict === worst.verdict).length;
  return {
    verdict: worst.verdict,
    detail: `${worst.verdict} for ${same} of ${decisions.length} routes; for ${worst.route}: ${worst.detail}`,
  };
}

function splitRoute(route: string): { method: string; resourcePath: string } {
  const space = route.indexOf(' ');
  if (space < 0) return { method: route, resourcePath: '' };
  return { method: route.slice(0, space), resourcePath: route.slice(space + 1) };
}

// ---------------------------------------------------------------------------------------------
// VPC link

interface VpcLinkRecord {
  status?: string;
  statusMessage?: string;
  loadBalancerArns: string[];
  securityGroups: string[];
}

async function inspectVpcLink(
  ctx: CollectorContext,
  api: ApiDescriptor,
  integration: IntegrationInfo,
  vpcLinkId: string,
  vpcLinks: Map<string, Promise<Settled<VpcLinkRecord>>>,
): Promise<Inspection & { vpcLink: VpcLinkFinding }> {
  let link: Settled<VpcLinkRecord>;
  let balancers: LoadBalancerHealth;
  if (api.type === 'rest' && integration.loadBalancerArn) {
    // A REST integration through a VPC link V2 names its load balancer itself; the link is a V2
    // link, read through apigatewayv2 (the REST GetVpcLink knows V1 links only).
    const lbArn = integration.loadBalancerArn;
    [link, balancers] = await Promise.all([memo(vpcLinks, `v2:${vpcLinkId}`, () => fetchHttpVpcLink(ctx, vpcLinkId)), inspectLoadBalancers(ctx, [lbArn])]);
  } else if (api.type === 'rest') {
    // A REST VPC link V1 names its NLBs itself, so their health has to wait for it.
    link = await memo(vpcLinks, `rest:${vpcLinkId}`, () => fetchRestVpcLink(ctx, vpcLinkId));
    balancers = await inspectLoadBalancers(ctx, link.ok ? link.value.loadBalancerArns : []);
  } else {
    // An HTTP API integration names the listener, so link and load balancer can be read together.
    const lbArn = integration.uri ? loadBalancerArnFromListener(integration.uri) : undefined;
    [link, balancers] = await Promise.all([
      memo(vpcLinks, `http:${vpcLinkId}`, () => fetchHttpVpcLink(ctx, vpcLinkId)),
      inspectLoadBalancers(ctx, lbArn ? [lbArn] : []),
    ]);
  }

  const missing = [...balancers.missing];
  if (!link.ok) missing.push(describeAwsFailure('config', 'apigateway:GET', link.error));
  const record = link.ok ? link.value : undefined;
  const healthy = balancers.targets.filter((t) => t.state === 'healthy').length;
  const unhealthy = balancers.targets.filter((t) => t.state === 'unhealthy' || t.state === 'unavailable').length;
  const vpcLink: VpcLinkFinding = {
    id: vpcLinkId,
    ...(record?.status ? { status: record.status } : {}),
    ...(record?.statusMessage ? { statusMessage: record.statusMessage } : {}),
    loadBalancerArns: balancers.arns,
    ...(balancers.targetGroupArns.length > 0 ? { targetGroupArns: balancers.targetGroupArns } : {}),
    securityGroups: [...new Set([...(record?.securityGroups ?? []), ...balancers.securityGroups])],
    targets: balancers.targets,
    targetsComplete: balancers.targetsComplete,
    healthy,
    unhealthy,
  };

  return { vpcLink, missing };
}

async function fetchRestVpcLink(ctx: CollectorContext, vpcLinkId: string): Promise<Settled<VpcLinkRecord>> {
  const out = await settle(ctx.clients.apiGateway.send(new GetRestVpcLinkCommand({ vpcLinkId }), { abortSignal: ctx.signal }));
  if (!out.ok) return out;
  return {
    ok: true,
    value: {
      ...(out.value.status ? { status: out.value.status } : {}),
      ...(out.value.statusMessage ? { statusMessage: out.value.statusMessage } : {}),
      loadBalancerArns: out.value.targetArns ?? [],
      securityGroups: [],
    },
  };
}

async function fetchHttpVpcLink(ctx: CollectorContext, vpcLinkId: string): Promise<Settled<VpcLinkRecord>> {
  const out = await settle(ctx.clients.apiGatewayV2.send(new GetHttpVpcLinkCommand({ VpcLinkId: vpcLinkId }), { abortSignal: ctx.signal }));
  if (!out.ok) return out;
  return {
    ok: true,
    value: {
      ...(out.value.VpcLinkStatus ? { status: out.value.VpcLinkStatus } : {}),
      ...(out.value.VpcLinkStatusMessage ? { statusMessage: out.value.VpcLinkStatusMessage } : {}),
      loadBalancerArns: [],
      securityGroups: out.value.SecurityGroupIds ?? [],
    },
  };
}

interface LoadBalancerHealth {
  arns: string[];
  /** The target groups whose health was read. */
  targetGroupArns: string[];
  securityGroups: string[];
  targets: TargetHealthFinding[];
  /** True when every target group and its health could be read, so "no targets" is a fact rather than a gap. */
  targetsComplete: boolean;
  missing: MissingEvidence[];
}

async function inspectLoadBalancers(ctx: CollectorContext, allArns: string[]): Promise<LoadBalancerHealth> {
  const arns = allArns.slice(0, MAX_LOAD_BALANCERS);
  if (arns.length === 0) return { arns, targetGroupArns: [], securityGroups: [], targets: [], targetsComplete: false, missing: [] };
  const options = { abortSignal: ctx.signal };
  const [described, groupLists] = await Promise.all([
    settle(ctx.clients.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: arns }), options)),
    Promise.all(arns.map((arn) => settle(ctx.clients.elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: arn }), options)))),
  ]);
  const missing: MissingEvidence[] = [];
  if (!described.ok) missing.push(describeAwsFailure('config', 'elasticloadbalancing:DescribeLoadBalancers', described.error));
  const targetGroups: TargetGroup[] = [];
  for (const list of groupLists) {
    if (list.ok) targetGroups.push(...(list.value.TargetGroups ?? []));
    else missing.push(describeAwsFailure('config', 'elasticloadbalancing:DescribeTargetGroups', list.error));
  }
  const groupArns = [...new Set(targetGroups.flatMap((g) => (g.TargetGroupArn ? [g.TargetGroupArn] : [])))];
  if (groupArns.length > MAX_TARGET_GROUPS) {
    missing.push({ source: 'config', reason: `read target health for ${MAX_TARGET_GROUPS} of ${groupArns.length} target groups` });
  }
  const readGroups = groupArns.slice(0, MAX_TARGET_GROUPS);
  const healths = await Promise.all(
    readGroups.map((TargetGroupArn) => settle(ctx.clients.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn }), options))),
  );
  const targets: TargetHealthFinding[] = [];
  for (const [i, health] of healths.entries()) {
    const targetGroupArn = readGroups[i] as string;
    if (!health.ok) {
      missing.push(describeAwsFailure('config', 'elasticloadbalancing:DescribeTargetHealth', health.error));
      continue;
    }
    for (const d of health.value.TargetHealthDescriptions ?? []) {
      targets.push({
        id: d.Target?.Id ?? 'unknown',
        targetGroupArn,
        ...(d.Target?.Port !== undefined ? { port: d.Target.Port } : {}),
        state: d.TargetHealth?.State ?? 'unknown',
        ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
        ...(d.TargetHealth?.Description ? { description: d.TargetHealth.Description } : {}),
      });
    }
  }
  return {
    arns,
    targetGroupArns: readGroups.filter((_, i) => healths[i]?.ok),
    securityGroups: described.ok ? (described.value.LoadBalancers ?? []).flatMap((lb) => lb.SecurityGroups ?? []) : [],
    targets,
    targetsComplete: groupLists.every((l) => l.ok) && healths.every((h) => h.ok),
    missing,
  };
}

// ---------------------------------------------------------------------------------------------
// helpers

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let pending = cache.get(key);
  if (!pending) {
    pending = load();
    cache.set(key, pending);
  }
  return pending;
}

function dedupe(missing: MissingEvidence[]): MissingEvidence[] {
  const seen = new Set<string>();
  return missing.filter((m) => {
    const key = `${m.source}|${m.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
