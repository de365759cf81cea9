import type { IntegrationInfo } from './api-descriptor.ts';
import { parseLambdaUri } from './parse-lambda-uri.ts';
import { resolveStageVariables } from './resolve-stage-variables.ts';

/**
 * The parts of an IntegrationInfo that say where requests go: the URI as configured, the Lambda
 * function it names (stage variables resolved) and the VPC link id (which may also come from a
 * stage variable).
 */
export function integrationTarget(
  uri: string | undefined,
  connectionId: string | undefined,
  variables: Record<string, string>,
): Pick<IntegrationInfo, 'uri' | 'lambdaArn' | 'lambdaFunctionName' | 'lambdaQualifier' | 'vpcLinkId'> {
  const lambda = uri ? parseLambdaUri(resolveStageVariables(uri, variables).value) : undefined;
  const vpcLinkId = connectionId ? resolveStageVariables(connectionId, variables).value : undefined;
  return {
    ...(uri ? { uri } : {}),
    ...(lambda
      ? {
          lambdaArn: lambda.arn,
          lambdaFunctionName: lambda.functionName,
          ...(lambda.qualifier ? { lambdaQualifier: lambda.qualifier } : {}),
        }
      : {}),
    ...(vpcLinkId ? { vpcLinkId } : {}),
  };
}
