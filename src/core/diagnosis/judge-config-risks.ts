/**
 * Configuration risks, judged in core from the facts the config collector reports (the collector
 * judges nothing): an integration timeout at the API type's ceiling, a stage variable the stage
 * does not define, a Lambda URI whose function cannot be read; the function's own timeout, state,
 * failed update, absence and missing invoke permission; a VPC link that is not AVAILABLE and the
 * targets behind its load balancer. The machine applies judgeConfigRisks when the config findings
 * arrive, so every channel shows the same risks.
 */
import type { ApiDescriptor, IntegrationInfo } from '../api/api-descriptor.ts';
import { looksLikeLambdaUri } from '../api/parse-lambda-uri.ts';
import { resolveStageVariables } from '../api/resolve-stage-variables.ts';
import type { ConfigFindings, IntegrationConfigFinding, VpcLinkFinding } from '../evidence/types.ts';

const REST_MAX_TIMEOUT_MS = 29_000;
const HTTP_MAX_TIMEOUT_MS = 30_000;

/** The findings with their risks: the API-level ones first, then those of the target behind the integration. */
export function judgeConfigRisks(api: ApiDescriptor, findings: ConfigFindings): ConfigFindings {
  return {
    ...findings,
    integrations: findings.integrations.map((finding) => {
      const judged = [
        ...stageVariableRisks(api, finding.integration),
        ...(finding.timeoutMs !== undefined ? timeoutCeilingRisks(api, finding.timeoutMs) : []),
        ...lambdaRisks(api, finding),
        ...(finding.vpcLink ? vpcLinkRisks(finding.vpcLink) : []),
      ];
      // Risks already on the finding (from an earlier judgement or a recorded report) are kept, once.
      const risks = [...new Set([...judged, ...finding.risks])];
      return risks.length > 0 ? { ...finding, risks } : finding;
    }),
  };
}

export function stageVariableRisks(api: ApiDescriptor, integration: IntegrationInfo): string[] {
  const unresolved = [
    ...resolveStageVariables(integration.uri ?? '', api.stage.variables).unresolved,
    ...resolveStageVariables(integration.vpcLinkId ?? '', api.stage.variables).unresolved,
  ];
  if (unresolved.length > 0) {
    return [
      `the integration for ${integration.route} uses stage variable(s) ${unresolved.join(', ')} that stage ` +
        `${api.stage.name} does not define: API Gateway cannot tell where to send the request`,
    ];
  }
  if (integration.uri && !integration.lambdaArn && looksLikeLambdaUri(integration.uri) && !integration.uri.includes('${')) {
    return [`the integration for ${integration.route} has a Lambda URI whose function ARN could not be read: ${integration.uri}`];
  }
  return [];
}

export function timeoutCeilingRisks(api: ApiDescriptor, timeoutMs: number): string[] {
  if (api.type === 'rest' && timeoutMs === REST_MAX_TIMEOUT_MS) {
    const raise =
      api.endpointType === 'EDGE' ? 'edge-optimized APIs cannot raise it' : 'Regional and private APIs can ask for a higher limit through a quota increase';
    return [`integration timeout is 29 s, the REST API default maximum: a backend that needs longer gets 504 "Endpoint request timed out" (${raise})`];
  }
  if (api.type === 'http' && timeoutMs === HTTP_MAX_TIMEOUT_MS) {
    return ['integration timeout is 30 s, the most an HTTP API allows: a backend that needs longer gets a 504, and the limit cannot be raised'];
  }
  return [];
}

/** What the function's configuration says about the requests API Gateway sends it. */
export function lambdaRisks(api: ApiDescriptor, finding: IntegrationConfigFinding): string[] {
  const lambda = finding.lambda;
  if (!lambda) return [];
  const label = lambda.qualifier ? `${lambda.functionName}:${lambda.qualifier}` : lambda.functionName;
  const risks: string[] = [];
  if (lambda.timeoutSeconds !== undefined && finding.timeoutMs !== undefined && lambda.timeoutSeconds * 1000 > finding.timeoutMs) {
    risks.push(
      `function timeout ${lambda.timeoutSeconds} s exceeds the integration timeout ${seconds(finding.timeoutMs)} s: requests that run ` +
        'longer are cut off by API Gateway with 504 while the function keeps running',
    );
  }
  if (lambda.state && lambda.state !== 'Active') {
    risks.push(`function ${label} is ${lambda.state}${lambda.stateReason ? ` (${lambda.stateReason})` : ''}: invocations fail or wait until it is Active`);
  }
  if (lambda.lastUpdateStatus === 'Failed') {
    risks.push(
      `the last update of function ${label} failed${lambda.lastUpdateStatusReason ? ` (${lambda.lastUpdateStatusReason})` : ''}: ` +
        'it may be running an older configuration than intended',
    );
  }
  if (lambda.exists === false) {
    const arn = finding.integration.lambdaArn ?? lambda.functionName;
    risks.push(`function ${label} does not exist (${arn}): API Gateway cannot invoke it, so every request to ${routesText(api, arn)} fails`);
  }
  if (lambda.invokePermission === 'missing') {
    risks.push(
      `API Gateway lacks permission to invoke function ${label}: requests fail with 500 "Invalid permissions on Lambda function" (${lambda.invokePermissionDetail})`,
    );
  }
  return risks;
}

/** What the VPC link and the health of the targets behind its load balancer say. */
export function vpcLinkRisks(link: VpcLinkFinding): string[] {
  const risks: string[] = [];
  if (link.status && link.status !== 'AVAILABLE') {
    risks.push(
      `VPC link ${link.id} is ${link.status}${link.statusMessage ? ` (${link.statusMessage})` : ''}: API Gateway cannot reach the load balancer through it`,
    );
  }
  if (link.unhealthy > 0) {
    const reasons = [...new Set(link.targets.flatMap((t) => (t.state !== 'healthy' && t.reason ? [t.reason] : [])))];
    risks.push(
      `${link.unhealthy} of ${link.targets.length} targets behind the load balancer are unhealthy` +
        (reasons.length > 0 ? ` (${reasons.join(', ')})` : '') +
        (link.healthy === 0 ? ': none is healthy, so requests through the VPC link cannot be served' : ''),
    );
  } else if (link.targetsComplete === true && link.targets.length === 0) {
    risks.push('no targets are registered behind the load balancer: requests through the VPC link have nowhere to go');
  }
  return risks;
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** The routes that invoke the function, at most three by name. */
function routesText(api: ApiDescriptor, lambdaArn: string): string {
  const routes = api.integrations.filter((i) => i.lambdaArn === lambdaArn).map((i) => i.route);
  return routes.length <= 3 ? routes.join(', ') : `${routes.slice(0, 3).join(', ')} and ${routes.length - 3} more routes`;
}
