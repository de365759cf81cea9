/**
 * Configuration risks that follow from the API's own settings, judged in core from the facts the
 * config collector reports: an integration timeout at the API type's ceiling, a stage variable
 * the stage does not define, a Lambda URI whose function cannot be read. The machine applies
 * judgeConfigRisks when the config findings arrive, so every channel shows the same risks.
 */
import type { ApiDescriptor, IntegrationInfo } from '../api/api-descriptor.ts';
import { looksLikeLambdaUri } from '../api/parse-lambda-uri.ts';
import { resolveStageVariables } from '../api/resolve-stage-variables.ts';
import type { ConfigFindings } from '../evidence/types.ts';

const REST_MAX_TIMEOUT_MS = 29_000;
const HTTP_MAX_TIMEOUT_MS = 30_000;

/** The findings with the API-level risks put before what the collector found at the target. */
export function judgeConfigRisks(api: ApiDescriptor, findings: ConfigFindings): ConfigFindings {
  return {
    ...findings,
    integrations: findings.integrations.map((finding) => {
      const judged = [...stageVariableRisks(api, finding.integration), ...(finding.timeoutMs !== undefined ? timeoutCeilingRisks(api, finding.timeoutMs) : [])];
      return judged.length > 0 ? { ...finding, risks: [...judged, ...finding.risks] } : finding;
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
