import { describe, expect, it } from 'vitest';
import { loadBalancerArnFromListener } from '../../../src/core/api/load-balancer-arn-from-listener.ts';

describe('loadBalancerArnFromListener', () => {
  it.each([
    [
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/api-nlb/50dc6c495c0c9188/f2f7dc8efc522ab2',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/api-nlb/50dc6c495c0c9188',
    ],
    [
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0467ef3c8400ae65/aaaa',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0467ef3c8400ae65',
    ],
  ])('derives the load balancer of %s', (listener, lb) => {
    expect(loadBalancerArnFromListener(listener)).toBe(lb);
  });

  it.each([
    'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-abc',
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/api-nlb/50dc6c495c0c9188',
    'http://internal.example',
  ])('returns undefined for %s', (uri) => {
    expect(loadBalancerArnFromListener(uri)).toBeUndefined();
  });
});
