import { describe, expect, it } from 'vitest';
import type { ApiDescriptor, IntegrationInfo } from '../../../src/core/api/api-descriptor.ts';
import { judgeConfigRisks, lambdaRisks, stageVariableRisks, timeoutCeilingRisks, vpcLinkRisks } from '../../../src/core/diagnosis/judge-config-risks.ts';

const api = (overrides: Partial<ApiDescriptor> = {}): ApiDescriptor => ({
  id: 'a1b2c3d4e5',
  type: 'rest',
  name: 'shop',
  region: 'us-east-1',
  endpointType: 'REGIONAL',
  stage: { name: 'prod', executionLogging: 'ERROR', dataTraceEnabled: false, tracingEnabled: false, detailedMetricsEnabled: false, variables: { env: 'live' } },
  integrations: [],
  ...overrides,
});
const lambda: IntegrationInfo = {
  route: 'GET /orders',
  type: 'AWS_PROXY',
  connectionType: 'INTERNET',
  timeoutMs: 29_000,
  lambdaArn: 'arn:aws:lambda:us-east-1:1:function:orders',
};

describe('judging configuration risks', () => {
  it('flags a timeout at the ceiling of the API type, and says whether it can be raised', () => {
    expect(timeoutCeilingRisks(api(), 29_000)[0]).toMatch(/^integration timeout is 29 s, the REST API default maximum.*quota increase\)$/);
    expect(timeoutCeilingRisks(api({ endpointType: 'EDGE' }), 29_000)[0]).toMatch(/edge-optimized APIs cannot raise it/);
    expect(timeoutCeilingRisks(api({ type: 'http' }), 30_000)[0]).toMatch(/^integration timeout is 30 s, the most an HTTP API allows/);
    expect(timeoutCeilingRisks(api(), 10_000)).toEqual([]);
    expect(timeoutCeilingRisks(api({ type: 'http' }), 29_000)).toEqual([]);
  });

  it('names stage variables the stage does not define, and unreadable Lambda URIs', () => {
    const undefinedVariable = { ...lambda, lambdaArn: undefined, uri: 'https://${stageVariables.host}/orders' };
    expect(stageVariableRisks(api(), undefinedVariable)).toEqual([
      'the integration for GET /orders uses stage variable(s) host that stage prod does not define: API Gateway cannot tell where to send the request',
    ]);
    expect(stageVariableRisks(api(), { ...undefinedVariable, uri: 'https://${stageVariables.env}.example.com/' })).toEqual([]);
    const garbled = { ...lambda, lambdaArn: undefined, uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/garbled/invocations' };
    expect(stageVariableRisks(api(), garbled)[0]).toMatch(/has a Lambda URI whose function ARN could not be read/);
  });

  it('puts the API-level risks before what the collector found at the target, and judges only reported facts', () => {
    const findings = {
      integrations: [
        { integration: lambda, timeoutMs: 29_000, risks: ['function timeout 60 s exceeds the integration timeout 29 s'] },
        { integration: lambda, risks: [] },
      ],
    };
    const [first, second] = judgeConfigRisks(api(), findings).integrations;
    expect(first?.risks).toHaveLength(2);
    expect(first?.risks[0]).toMatch(/^integration timeout is 29 s/);
    expect(first?.risks[1]).toBe('function timeout 60 s exceeds the integration timeout 29 s');
    // No timeout reported, nothing judged about it.
    expect(second?.risks).toEqual([]);
    expect(findings.integrations[0]?.risks).toHaveLength(1);
  });

  it('judges the function from the facts the collector reports, naming every route that invokes it', () => {
    const arn = lambda.lambdaArn as string;
    const routes = ['GET /orders', 'POST /orders', 'GET /orders/{id}', 'DELETE /orders/{id}'].map((route) => ({ ...lambda, route }));
    const gone = {
      integration: lambda,
      timeoutMs: 10_000,
      risks: [],
      lambda: { functionName: 'orders', qualifier: 'live', exists: false, invokePermission: 'unknown' as const, invokePermissionDetail: '' },
    };
    expect(lambdaRisks(api({ integrations: routes }), gone)).toEqual([
      `function orders:live does not exist (${arn}): API Gateway cannot invoke it, so every request to GET /orders, POST /orders, GET /orders/{id} and 1 more routes fails`,
    ]);
    const slow = {
      ...gone,
      lambda: { functionName: 'orders', timeoutSeconds: 15, invokePermission: 'missing' as const, invokePermissionDetail: 'no statement' },
    };
    expect(lambdaRisks(api(), slow)).toEqual([
      'function timeout 15 s exceeds the integration timeout 10 s: requests that run longer are cut off by API Gateway with 504 while the function keeps running',
      'API Gateway lacks permission to invoke function orders: requests fail with 500 "Invalid permissions on Lambda function" (no statement)',
    ]);
    // A function that fits in the integration timeout and may be invoked carries no risk.
    expect(lambdaRisks(api(), { ...slow, lambda: { ...slow.lambda, timeoutSeconds: 10, invokePermission: 'allowed' as const } })).toEqual([]);
  });

  it('calls a load balancer empty only when every target group was read', () => {
    const link = { id: 'vl0abc', loadBalancerArns: ['nlb'], securityGroups: [], targets: [], healthy: 0, unhealthy: 0 };
    expect(vpcLinkRisks({ ...link, targetsComplete: true })).toEqual([
      'no targets are registered behind the load balancer: requests through the VPC link have nowhere to go',
    ]);
    expect(vpcLinkRisks({ ...link, targetsComplete: false })).toEqual([]);
    expect(vpcLinkRisks(link)).toEqual([]);
  });

  it('does not repeat a risk already recorded on the finding', () => {
    const recorded = 'API Gateway lacks permission to invoke function orders: requests fail with 500 "Invalid permissions on Lambda function" (no statement)';
    const finding = {
      integration: lambda,
      timeoutMs: 10_000,
      risks: [recorded],
      lambda: { functionName: 'orders', invokePermission: 'missing' as const, invokePermissionDetail: 'no statement' },
    };
    expect(judgeConfigRisks(api(), { integrations: [finding] }).integrations[0]?.risks).toEqual([recorded]);
  });
});
