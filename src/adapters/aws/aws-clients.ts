import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** The read-only AWS clients the collectors use, built once per region and account. */
export interface AwsClients {
  region: string;
  apiGateway: APIGatewayClient;
  apiGatewayV2: ApiGatewayV2Client;
  cloudWatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  cloudTrail: CloudTrailClient;
  lambda: LambdaClient;
  elb: ElasticLoadBalancingV2Client;
}

export interface AwsClientOptions {
  region: string;
  /** Omit to use the SDK's default credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per-attempt HTTP timeout; a hung connection must not eat a collector's whole budget. */
  requestTimeoutMs?: number;
  maxAttempts?: number;
}

/**
 * Builds every client with the SDK's standard configuration (credential chain, AWS_REGION,
 * AWS_ENDPOINT_URL[_SERVICE]) plus adaptive retries, whose client-side rate limiter backs off
 * when CloudTrail or CloudWatch Logs throttle us.
 */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  const config = {
    region: options.region,
    credentials: options.credentials,
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? 4,
    requestHandler: {
      connectionTimeout: 2_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      throwOnRequestTimeout: true,
    },
  } as const;
  return buildAwsClients(config);
}

/** Every collector client from one configuration: the single place the set of clients is listed. */
export function buildAwsClients<C extends { region: string }>(config: C): AwsClients {
  return {
    region: config.region,
    apiGateway: new APIGatewayClient(config),
    apiGatewayV2: new ApiGatewayV2Client(config),
    cloudWatch: new CloudWatchClient(config),
    logs: new CloudWatchLogsClient(config),
    cloudTrail: new CloudTrailClient(config),
    lambda: new LambdaClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
  };
}
