/** The Lambda function an integration invokes, as read from its URI. */
export interface LambdaTarget {
  /** The ARN exactly as the integration invokes it, alias or version included when present. */
  arn: string;
  /** The same ARN without the qualifier. */
  functionArn: string;
  functionName: string;
  /** Alias, version number or `$LATEST` when the integration targets a qualified ARN. */
  qualifier?: string;
  region: string;
  accountId: string;
}

const LAMBDA_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9_$-]{1,128}))?$/;
// REST integrations (and some HTTP ones) wrap the function ARN in an API Gateway service URI.
const INVOCATION_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/[0-9-]+\/functions\/(.+)\/invocations$/;

/**
 * Reads the function ARN out of an integration URI: either the API Gateway form
 * `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations` or, as HTTP APIs
 * allow, the bare function ARN. Stage variables must already be resolved. Returns undefined for
 * anything that is not a Lambda function ARN.
 */
export function parseLambdaUri(uri: string): LambdaTarget | undefined {
  const inner = INVOCATION_URI.exec(uri)?.[1] ?? uri;
  const match = LAMBDA_ARN.exec(inner);
  if (!match) return undefined;
  const [, partition, region, accountId, functionName, qualifier] = match;
  if (!partition || !region || !accountId || !functionName) return undefined;
  const functionArn = `arn:${partition}:lambda:${region}:${accountId}:function:${functionName}`;
  return {
    arn: inner,
    functionArn,
    functionName,
    ...(qualifier ? { qualifier } : {}),
    region,
    accountId,
  };
}

/** True when the URI has the shape of a Lambda integration, whether or not it can be resolved. */
export function looksLikeLambdaUri(uri: string): boolean {
  return INVOCATION_URI.test(uri) || /^arn:aws[a-z-]*:lambda:/.test(uri);
}
