import { describe, expect, it } from 'vitest';
import type { ApiDescriptor, IntegrationInfo } from '../../../src/core/api/api-descriptor.ts';
import { judgeConfigRisks, stageVariableRisks, timeoutCeilingRisks } from '../../../src/core/diagnosis/judge-config-risks.ts';

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
});
