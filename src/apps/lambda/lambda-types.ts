/**
 * The Lambda event and result shapes the handlers use, under the names the handlers read: the
 * API Gateway HTTP API (payload format 2.0) and SQS with partial batch responses. The shapes come
 * from @types/aws-lambda (types only: nothing of it reaches a bundle).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type HttpApiEvent = APIGatewayProxyEventV2;
export type HttpApiResult = APIGatewayProxyStructuredResultV2;
export type SqsRecord = SQSRecord;
export type SqsEvent = SQSEvent;
/** ReportBatchItemFailures: the ids listed are retried, the rest are deleted from the queue. */
export type SqsBatchResponse = SQSBatchResponse;
/** The bits of the Lambda context the handlers read; tests and local runs pass only these. */
export type LambdaContext = Partial<Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>>;
