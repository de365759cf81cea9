import { describe, expect, it } from 'vitest';
import { logGroupFromArn } from '../../../src/core/evidence/log-group-from-arn.ts';

describe('logGroupFromArn', () => {
  it.each([
    ['arn:aws:logs:eu-west-1:111122223333:log-group:/aws/http/orders', '/aws/http/orders'],
    ['arn:aws:logs:eu-west-1:111122223333:log-group:/aws/http/orders:*', '/aws/http/orders'],
    ['arn:aws-cn:logs:cn-north-1:111122223333:log-group:api-access', 'api-access'],
    ['arn:aws:firehose:eu-west-1:111122223333:deliverystream/amazon-apigateway-orders', undefined],
    ['arn:aws:logs:eu-west-1:111122223333:log-group:', undefined],
    ['not an arn', undefined],
  ])('%s → %s', (arn, expected) => {
    expect(logGroupFromArn(arn)).toBe(expected);
  });
});
