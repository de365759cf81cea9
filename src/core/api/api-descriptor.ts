/**
 * What diagnose-502 knows about the API under diagnosis once it has been resolved:
 * its kind, the stage's logging and tracing settings, and the integrations behind it.
 * Plain data: collectors, the machine and the renderers all read it, none of them fetch it.
 */

/** REST APIs (API Gateway v1) and HTTP APIs (v2) use different metric names, dimensions and logs. */
export type ApiType = 'rest' | 'http';

export type IntegrationType = 'AWS_PROXY' | 'AWS' | 'HTTP' | 'HTTP_PROXY' | 'MOCK';

export interface IntegrationInfo {
  /** Where the integration is attached, e.g. `GET /users/{id}` or an HTTP API route key. */
  route: string;
  type: IntegrationType;
  connectionType: 'INTERNET' | 'VPC_LINK';
  /** The effective integration timeout in milliseconds (defaults applied). */
  timeoutMs: number;
  uri?: string;
  /** For Lambda integrations: the function ARN parsed from the integration URI, stage variables resolved. */
  lambdaArn?: string;
  /** Function name (not ARN), as used in the AWS/Lambda metric dimension. */
  lambdaFunctionName?: string;
  /** Alias or version when the URI targets a qualified ARN; permissions must exist on that qualifier. */
  lambdaQualifier?: string;
  /** VPC link id when connectionType is VPC_LINK. */
  vpcLinkId?: string;
  /**
   * A REST integration through a VPC link V2 names its load balancer (`integrationTarget`); V1
   * links name their NLBs on the link itself, and HTTP APIs name a listener in the URI.
   */
  loadBalancerArn?: string;
  /**
   * IAM role API Gateway assumes to call the integration. With one, API Gateway invokes Lambda
   * with the role's rights and the function's resource policy does not matter.
   */
  credentialsArn?: string;
  /**
   * REST response streaming: a streamed response may run up to 15 minutes, so a long integration
   * latency on such a route is not a timeout.
   */
  responseTransferMode?: 'STREAM';
  /** HTTP API payload format version (1.0 or 2.0). */
  payloadFormatVersion?: string;
}

export interface StageInfo {
  name: string;
  /** REST execution-logging level from methodSettings `*\/*`; HTTP APIs have none. */
  executionLogging: 'OFF' | 'ERROR' | 'INFO';
  dataTraceEnabled: boolean;
  /** CloudWatch Logs group ARN of the access log, when access logging is configured. */
  accessLogDestinationArn?: string;
  accessLogFormat?: string;
  tracingEnabled: boolean;
  detailedMetricsEnabled: boolean;
  variables: Record<string, string>;
  deploymentId?: string;
  lastUpdated?: string;
  /** The WAF web ACL associated with a REST stage, whose rules may refuse requests (403). */
  webAclArn?: string;
}

export interface ApiDescriptor {
  id: string;
  type: ApiType;
  name: string;
  region: string;
  /** Account id when it could be learned (from an ARN); undefined otherwise. */
  accountId?: string;
  /** Edge-optimized, Regional or private (REST only); edge APIs cannot raise the 29 s timeout. */
  endpointType?: string;
  stage: StageInfo;
  integrations: IntegrationInfo[];
}

/** The REST metric dimension is the API *name* with non-ASCII stripped; with nothing left, the id. */
export function restMetricApiName(api: Pick<ApiDescriptor, 'id' | 'name'>): string {
  const ascii = api.name.replace(/[^\x20-\x7e]/g, '');
  return ascii.length > 0 ? ascii : api.id;
}

/** Log group API Gateway writes REST execution logs to. */
export function executionLogGroupName(apiId: string, stage: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stage}`;
}
