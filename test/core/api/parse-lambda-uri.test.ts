import { describe, expect, it } from 'vitest';
import { looksLikeLambdaUri, parseLambdaUri } from '../../../src/core/api/parse-lambda-uri.ts';

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api_v2';
const wrap = (arn: string) => `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${arn}/invocations`;

describe('parseLambdaUri', () => {
  it('reads the function from an API Gateway invocation URI', () => {
    expect(parseLambdaUri(wrap(FN))).toEqual({
      arn: FN,
      functionArn: FN,
      functionName: 'orders-api_v2',
      region: 'eu-west-1',
      accountId: '123456789012',
    });
  });

  it.each([
    ['live', 'live'],
    ['42', '42'],
    ['$LATEST', '$LATEST'],
  ])('keeps the qualifier %s apart from the function ARN', (qualifier, expected) => {
    const parsed = parseLambdaUri(wrap(`${FN}:${qualifier}`));
    expect(parsed?.arn).toBe(`${FN}:${qualifier}`);
    expect(parsed?.functionArn).toBe(FN);
    expect(parsed?.qualifier).toBe(expected);
  });

  it('accepts the bare function ARN HTTP APIs allow', () => {
    expect(parseLambdaUri(`${FN}:prod`)).toMatchObject({ functionName: 'orders-api_v2', qualifier: 'prod' });
  });

  it('understands other partitions', () => {
    const arn = 'arn:aws-cn:lambda:cn-north-1:123456789012:function:f';
    expect(parseLambdaUri(`arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/${arn}/invocations`)?.functionArn).toBe(arn);
  });

  it.each([
    ['an unresolved stage variable', wrap('arn:aws:lambda:eu-west-1:123456789012:function:${stageVariables.fn}')],
    ['an HTTP URL', 'https://example.com/orders'],
    ['an SQS service integration', 'arn:aws:apigateway:eu-west-1:sqs:path/123456789012/queue'],
    ['a layer ARN', 'arn:aws:lambda:eu-west-1:123456789012:layer:deps:3'],
  ])('returns undefined for %s', (_, uri) => {
    expect(parseLambdaUri(uri)).toBeUndefined();
  });

  it('still recognises an unresolvable Lambda URI as one', () => {
    expect(looksLikeLambdaUri(wrap('arn:aws:lambda:eu-west-1:123456789012:function:${stageVariables.fn}'))).toBe(true);
    expect(looksLikeLambdaUri('https://example.com')).toBe(false);
  });
});
