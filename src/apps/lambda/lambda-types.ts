/**
 * The parts of the Lambda event and result shapes the handlers use: API Gateway HTTP API
 * (payload format 2.0) and SQS with partial batch responses. Written out here rather than pulling
 * in @types/aws-lambda for a handful of fields.
 */

export interface HttpApiEvent {
  version: string;
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: { http?: { method?: string; path?: string } & Record<string, unknown>; requestId?: string; timeEpoch?: number } & Record<string, unknown>;
  cookies?: string[];
  queryStringParameters?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  stageVariables?: Record<string, string | undefined>;
}

export interface HttpApiResult {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  body: string;
  isBase64Encoded?: boolean;
}

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: { ApproximateReceiveCount?: string } & Record<string, string | undefined>;
  messageAttributes: Record<string, unknown>;
  eventSource: string;
  eventSourceARN: string;
  awsRegion: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** ReportBatchItemFailures: the ids listed are retried, the rest are deleted from the queue. */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** The bits of the Lambda context the handlers read. */
export interface LambdaContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}
