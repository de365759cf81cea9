import 'aws-sdk-client-mock-vitest/extend';
import { GetVpcLinkCommand as GetRestVpcLinkCommand } from '@aws-sdk/client-api-gateway';
import { GetVpcLinkCommand as GetHttpVpcLinkCommand } from '@aws-sdk/client-apigatewayv2';
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetFunctionConfigurationCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiDescriptor, IntegrationInfo } from '../../../src/core/api/api-descriptor.ts';
import { collectConfig } from '../../../src/adapters/aws/collect-config.ts';
import { judgeConfigRisks } from '../../../src/core/diagnosis/judge-config-risks.ts';
import type { CollectorInput, CollectorResult, ConfigFindings, IntegrationConfigFinding } from '../../../src/core/evidence/types.ts';
import { awsError, mockAwsClients, onlyReads } from './mock-aws-clients.ts';

const ACCOUNT = '123456789012';
const API_ARN = `arn:aws:execute-api:us-east-1:${ACCOUNT}:a1b2c3d4e5`;
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`;
const NLB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/orders-nlb/50dc6c495c0c9188`;
const TG1 = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/orders-a/73e2d6bc24d8a067`;
const TG2 = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/orders-b/83e2d6bc24d8a068`;
const window = { start: '2026-03-01T10:00:00Z', end: '2026-03-01T11:00:00Z', baselineStart: '2026-03-01T08:00:00Z' };

function lambdaIntegration(route: string, overrides: Partial<IntegrationInfo> = {}): IntegrationInfo {
  return {
    route,
    type: 'AWS_PROXY',
    connectionType: 'INTERNET',
    timeoutMs: 29_000,
    uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`,
    lambdaArn: FN,
    lambdaFunctionName: 'orders',
    ...overrides,
  };
}

/** What the diagnosis shows: the collector's facts with the risks core judges from them. */
function judged(result: CollectorResult<ConfigFindings>, input: CollectorInput): IntegrationConfigFinding[] {
  return result.findings ? judgeConfigRisks(input.api, result.findings).integrations : [];
}

function api(integrations: IntegrationInfo[], overrides: Partial<ApiDescriptor> = {}): CollectorInput {
  return {
    window,
    api: {
      id: 'a1b2c3d4e5',
      type: 'rest',
      name: 'orders-api',
      region: 'us-east-1',
      accountId: ACCOUNT,
      endpointType: 'REGIONAL',
      stage: {
        name: 'prod',
        executionLogging: 'ERROR',
        dataTraceEnabled: false,
        tracingEnabled: false,
        detailedMetricsEnabled: false,
        variables: {},
      },
      integrations,
      ...overrides,
    },
  };
}

function policyAllowing(sourceArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'apigw-invoke',
        Effect: 'Allow',
        Principal: { Service: 'apigateway.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: FN,
        Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
      },
    ],
  });
}

let aws: ReturnType<typeof mockAwsClients>;
let signal: AbortSignal;
beforeEach(() => {
  aws = mockAwsClients();
  signal = new AbortController().signal;
});

describe('collectConfig for Lambda integrations', () => {
  it('reports the function settings and the timeout risks', async () => {
    // Prepare
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({
      FunctionName: 'orders',
      Timeout: 60,
      MemorySize: 512,
      State: 'Active',
      LastUpdateStatus: 'Successful',
      LastModified: '2026-02-28T09:00:00.000+0000',
    });
    aws.mocks.lambda.on(GetPolicyCommand).resolves({ Policy: policyAllowing(`${API_ARN}/*/*/*`) });

    // Act
    const result = await collectConfig({ clients: aws.clients, signal }, api([lambdaIntegration('GET /orders')]));

    // Assess
    expect(result.missing).toEqual([]);
    const [finding] = result.findings?.integrations ?? [];
    expect(finding?.lambda).toEqual({
      functionName: 'orders',
      timeoutSeconds: 60,
      memoryMb: 512,
      state: 'Active',
      lastUpdateStatus: 'Successful',
      lastModified: '2026-02-28T09:00:00.000+0000',
      invokePermission: 'allowed',
      invokePermissionDetail: `statement "apigw-invoke" allows apigateway.amazonaws.com to invoke for ${API_ARN}/prod/GET/orders (matches ArnLike AWS:SourceArn "${API_ARN}/*/*/*")`,
    });
    // The collector reports the timeout as a fact; the ceiling risk is judged in core.
    expect(finding?.timeoutMs).toBe(29_000);
    expect(judged(result, api([lambdaIntegration('GET /orders')]))[0]?.risks).toEqual([
      'integration timeout is 29 s, the REST API default maximum: a backend that needs longer gets 504 "Endpoint request timed out" ' +
        '(Regional and private APIs can ask for a higher limit through a quota increase)',
      'function timeout 60 s exceeds the integration timeout 29 s: requests that run longer are cut off by API Gateway with 504 while the function keeps running',
    ]);
    expect(aws.mocks.lambda).toHaveReceivedCommandWith(GetFunctionConfigurationCommand, { FunctionName: FN });
    expect(aws.mocks.lambda.commandCalls(GetPolicyCommand)[0]?.args[0].input).toEqual({ FunctionName: FN });
    for (const options of aws.sendOptions()) expect(options).toEqual({ abortSignal: signal });
    expect(onlyReads(aws.sentCommands())).toEqual([]);
  });

  it('asks for the qualified function and its own policy when the URI names an alias', async () => {
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({ Timeout: 10, State: 'Active' });
    aws.mocks.lambda.on(GetPolicyCommand).resolves({ Policy: policyAllowing(`${API_ARN}/prod/POST/checkout`) });
    const integration = lambdaIntegration('POST /checkout', { lambdaArn: `${FN}:live`, lambdaQualifier: 'live', timeoutMs: 15_000 });

    const input = api([integration]);
    const result = await collectConfig({ clients: aws.clients, signal }, input);

    expect(aws.mocks.lambda.commandCalls(GetFunctionConfigurationCommand)[0]?.args[0].input).toEqual({ FunctionName: FN, Qualifier: 'live' });
    expect(aws.mocks.lambda.commandCalls(GetPolicyCommand)[0]?.args[0].input).toEqual({ FunctionName: FN, Qualifier: 'live' });
    const finding = result.findings?.integrations[0];
    expect(finding?.lambda).toMatchObject({ functionName: 'orders', qualifier: 'live', timeoutSeconds: 10, invokePermission: 'allowed' });
    // 10 s fits in 15 s, and 15 s is below the ceiling: nothing to warn about.
    expect(judged(result, input)[0]?.risks).toEqual([]);
  });

  it('says the permission is missing when the function has no policy', async () => {
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({ Timeout: 3, State: 'Active' });
    aws.mocks.lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException', 'The resource you requested does not exist.'));
    const input = api([lambdaIntegration('GET /orders', { timeoutMs: 5_000 })]);

    const result = await collectConfig({ clients: aws.clients, signal }, input);

    expect(result.missing).toEqual([]);
    const finding = result.findings?.integrations[0];
    expect(finding?.lambda?.invokePermission).toBe('missing');
    expect(finding?.lambda?.invokePermissionDetail).toBe(
      'the function has no resource policy, so API Gateway is not allowed to invoke it (no statement for apigateway.amazonaws.com)',
    );
    // The collector reports the fact; core judges it a risk.
    expect(finding?.risks).toEqual([]);
    expect(judged(result, input)[0]?.risks).toEqual([
      'API Gateway lacks permission to invoke function orders: requests fail with 500 "Invalid permissions on Lambda function" ' +
        '(the function has no resource policy, so API Gateway is not allowed to invoke it (no statement for apigateway.amazonaws.com))',
    ]);
  });

  it('does not blame the resource policy when the integration calls the function through an execution role', async () => {
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({ Timeout: 3, State: 'Active' });
    aws.mocks.lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException', 'The resource you requested does not exist.'));
    const role = `arn:aws:iam::${ACCOUNT}:role/apigw-invoke-orders`;

    const input = api([lambdaIntegration('GET /orders', { timeoutMs: 5_000, credentialsArn: role })]);
    const result = await collectConfig({ clients: aws.clients, signal }, input);

    const finding = result.findings?.integrations[0];
    expect(finding?.lambda?.invokePermission).toBe('unknown');
    expect(finding?.lambda?.invokePermissionDetail).toContain(role);
    expect(judged(result, input)[0]?.risks.some((r) => r.includes('lacks permission'))).toBe(false);
  });

  it('answers unknown and records the gap when the policy cannot be read', async () => {
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({ Timeout: 3 });
    aws.mocks.lambda.on(GetPolicyCommand).rejects(awsError('AccessDeniedException'));

    const result = await collectConfig({ clients: aws.clients, signal }, api([lambdaIntegration('GET /orders')]));

    expect(result.findings?.integrations[0]?.lambda).toMatchObject({
      timeoutSeconds: 3,
      invokePermission: 'unknown',
      invokePermissionDetail: 'the resource policy could not be read: access denied to lambda:GetPolicy',
    });
    expect(result.missing).toEqual([
      {
        source: 'config',
        reason: 'access denied to lambda:GetPolicy',
        fix: 'allow lambda:GetPolicy for the role diagnose-502 runs as (see `npm run iam-policy`)',
      },
    ]);
  });

  it('keeps the policy verdict when only the configuration call fails', async () => {
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).rejects(awsError('ThrottlingException'));
    aws.mocks.lambda.on(GetPolicyCommand).resolves({ Policy: policyAllowing(`${API_ARN}/*`) });

    const result = await collectConfig({ clients: aws.clients, signal }, api([lambdaIntegration('GET /orders')]));

    expect(result.findings?.integrations[0]?.lambda?.invokePermission).toBe('allowed');
    expect(result.findings?.integrations[0]?.lambda?.timeoutSeconds).toBeUndefined();
    expect(result.missing.map((m) => m.reason)).toEqual(['lambda:GetFunctionConfiguration was throttled and retries ran out']);
  });

  it('flags a function that is not Active or whose last update failed', async () => {
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({
      Timeout: 3,
      State: 'Inactive',
      StateReason: 'The function is inactive',
      LastUpdateStatus: 'Failed',
      LastUpdateStatusReason: 'Subnet has no free IPs',
    });
    aws.mocks.lambda.on(GetPolicyCommand).resolves({ Policy: policyAllowing(`${API_ARN}/*`) });

    const input = api([lambdaIntegration('GET /orders', { timeoutMs: 5_000 })]);
    const result = await collectConfig({ clients: aws.clients, signal }, input);

    expect(result.findings?.integrations[0]?.lambda).toMatchObject({
      state: 'Inactive',
      stateReason: 'The function is inactive',
      lastUpdateStatus: 'Failed',
      lastUpdateStatusReason: 'Subnet has no free IPs',
    });
    expect(judged(result, input)[0]?.risks).toEqual([
      'function orders is Inactive (The function is inactive): invocations fail or wait until it is Active',
      'the last update of function orders failed (Subnet has no free IPs): it may be running an older configuration than intended',
    ]);
  });

  it('says so when the function does not exist', async () => {
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).rejects(awsError('ResourceNotFoundException', `Function not found: ${FN}`));
    aws.mocks.lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException', `Function not found: ${FN}`));

    const input = api([lambdaIntegration('GET /orders', { timeoutMs: 5_000 })]);
    const result = await collectConfig({ clients: aws.clients, signal }, input);

    const finding = result.findings?.integrations[0];
    expect(finding?.lambda).toMatchObject({ exists: false, invokePermission: 'unknown' });
    expect(judged(result, input)[0]?.risks).toEqual([
      `function orders does not exist (${FN}): API Gateway cannot invoke it, so every request to GET /orders fails`,
    ]);
    expect(result.missing).toEqual([]);
  });

  it('reads a function shared by several routes once and checks the permission of each route', async () => {
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({ Timeout: 3 });
    aws.mocks.lambda.on(GetPolicyCommand).resolves({ Policy: policyAllowing(`${API_ARN}/*/GET/*`) });
    const input = api([
      lambdaIntegration('GET /orders', { timeoutMs: 5_000 }),
      lambdaIntegration('POST /orders', { timeoutMs: 5_000 }),
      lambdaIntegration('GET /orders/{id}', { timeoutMs: 5_000 }),
      { route: 'OPTIONS /orders', type: 'MOCK', connectionType: 'INTERNET', timeoutMs: 29_000 },
    ]);

    const result = await collectConfig({ clients: aws.clients, signal }, input);

    expect(aws.mocks.lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(1);
    expect(aws.mocks.lambda.commandCalls(GetPolicyCommand)).toHaveLength(1);
    expect(result.findings?.integrations).toHaveLength(1);
    const lambda = result.findings?.integrations[0]?.lambda;
    expect(lambda?.invokePermission).toBe('missing');
    expect(lambda?.invokePermissionDetail).toMatch(/^missing for 1 of 3 routes; for POST \/orders: none of the 1 policy statement/);
  });

  it('names a stage variable the stage does not define', async () => {
    const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:\${stageVariables.fn}/invocations`;
    const integration: IntegrationInfo = { route: 'GET /x', type: 'AWS_PROXY', connectionType: 'INTERNET', timeoutMs: 10_000, uri };

    const result = await collectConfig({ clients: aws.clients, signal }, api([integration]));

    expect(result.findings?.integrations[0]?.risks).toEqual([]);
    expect(judged(result, api([integration]))[0]?.risks).toEqual([
      'the integration for GET /x uses stage variable(s) fn that stage prod does not define: API Gateway cannot tell where to send the request',
    ]);
    expect(aws.sentCommands()).toEqual([]);
  });

  it('checks at most ten distinct targets and says so', async () => {
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({ Timeout: 3 });
    aws.mocks.lambda.on(GetPolicyCommand).resolves({ Policy: policyAllowing(`${API_ARN}/*`) });
    const integrations = Array.from({ length: 12 }, (_, i) =>
      lambdaIntegration(`GET /f${i}`, { lambdaArn: `${FN}${i}`, lambdaFunctionName: `orders${i}`, timeoutMs: 5_000 }),
    );

    const result = await collectConfig({ clients: aws.clients, signal }, api(integrations));

    expect(result.findings?.integrations).toHaveLength(10);
    expect(aws.mocks.lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(10);
    expect(result.missing).toEqual([{ source: 'config', reason: 'checked the first 10 of 12 distinct integration targets' }]);
  });
});

describe('collectConfig for VPC link integrations', () => {
  const restLink: IntegrationInfo = {
    route: 'ANY /legacy/{proxy+}',
    type: 'HTTP_PROXY',
    connectionType: 'VPC_LINK',
    timeoutMs: 10_000,
    uri: 'http://orders-nlb.internal/{proxy}',
    vpcLinkId: 'vl0abc',
  };

  function targetGroupsWithOneUnhealthy() {
    aws.mocks.elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG1 }, { TargetGroupArn: TG2 }] });
    aws.mocks.elb
      .on(DescribeTargetHealthCommand, { TargetGroupArn: TG1 })
      .resolves({
        TargetHealthDescriptions: [
          { Target: { Id: 'i-0aaa', Port: 8080 }, TargetHealth: { State: 'healthy' } },
          {
            Target: { Id: 'i-0bbb', Port: 8080 },
            TargetHealth: { State: 'unhealthy', Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' },
          },
        ],
      })
      .on(DescribeTargetHealthCommand, { TargetGroupArn: TG2 })
      .resolves({ TargetHealthDescriptions: [{ Target: { Id: '10.0.1.7', Port: 443 }, TargetHealth: { State: 'healthy' } }] });
    aws.mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: NLB, SecurityGroups: ['sg-nlb'] }] });
  }

  it('follows a REST VPC link to its NLB and counts unhealthy targets', async () => {
    // Prepare
    aws.mocks.apiGateway.on(GetRestVpcLinkCommand).resolves({ id: 'vl0abc', status: 'AVAILABLE', statusMessage: 'Your VPC link is ready', targetArns: [NLB] });
    targetGroupsWithOneUnhealthy();

    // Act
    const result = await collectConfig({ clients: aws.clients, signal }, api([restLink]));

    // Assess
    expect(result.missing).toEqual([]);
    const finding = result.findings?.integrations[0];
    expect(finding?.vpcLink).toEqual({
      id: 'vl0abc',
      status: 'AVAILABLE',
      statusMessage: 'Your VPC link is ready',
      loadBalancerArns: [NLB],
      targetGroupArns: [TG1, TG2],
      securityGroups: ['sg-nlb'],
      targets: [
        { id: 'i-0aaa', targetGroupArn: TG1, port: 8080, state: 'healthy' },
        {
          id: 'i-0bbb',
          targetGroupArn: TG1,
          port: 8080,
          state: 'unhealthy',
          reason: 'Target.FailedHealthChecks',
          description: 'Health checks failed',
        },
        { id: '10.0.1.7', targetGroupArn: TG2, port: 443, state: 'healthy' },
      ],
      targetsComplete: true,
      healthy: 2,
      unhealthy: 1,
    });
    expect(judged(result, api([restLink]))[0]?.risks).toEqual(['1 of 3 targets behind the load balancer are unhealthy (Target.FailedHealthChecks)']);
    expect(aws.mocks.apiGateway).toHaveReceivedCommandWith(GetRestVpcLinkCommand, { vpcLinkId: 'vl0abc' });
    expect(aws.mocks.elb).toHaveReceivedCommandWith(DescribeTargetGroupsCommand, { LoadBalancerArn: NLB });
    expect(aws.mocks.elb).toHaveReceivedCommandWith(DescribeLoadBalancersCommand, { LoadBalancerArns: [NLB] });
    expect(aws.mocks.elb.commandCalls(DescribeTargetHealthCommand)).toHaveLength(2);
    for (const options of aws.sendOptions()) expect(options).toEqual({ abortSignal: signal });
    expect(onlyReads(aws.sentCommands())).toEqual([]);
  });

  it('says when no target is healthy', async () => {
    aws.mocks.apiGateway.on(GetRestVpcLinkCommand).resolves({ status: 'AVAILABLE', targetArns: [NLB] });
    aws.mocks.elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG1 }] });
    aws.mocks.elb.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: 'i-0aaa' }, TargetHealth: { State: 'unhealthy', Reason: 'Target.FailedHealthChecks' } },
        { Target: { Id: 'i-0bbb' }, TargetHealth: { State: 'unhealthy', Reason: 'Target.FailedHealthChecks' } },
      ],
    });
    aws.mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });

    const result = await collectConfig({ clients: aws.clients, signal }, api([restLink]));

    expect(result.findings?.integrations[0]?.vpcLink).toMatchObject({ healthy: 0, unhealthy: 2 });
    expect(judged(result, api([restLink]))[0]?.risks).toEqual([
      '2 of 2 targets behind the load balancer are unhealthy (Target.FailedHealthChecks): none is healthy, so requests through the VPC link cannot be served',
    ]);
  });

  it('says when nothing is registered behind the load balancer', async () => {
    aws.mocks.apiGateway.on(GetRestVpcLinkCommand).resolves({ status: 'AVAILABLE', targetArns: [NLB] });
    aws.mocks.elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG1 }] });
    aws.mocks.elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
    aws.mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });

    const result = await collectConfig({ clients: aws.clients, signal }, api([restLink]));

    expect(result.findings?.integrations[0]?.vpcLink).toMatchObject({ targetGroupArns: [TG1], targets: [], targetsComplete: true });
    expect(result.findings?.integrations[0]?.risks).toEqual([]);
    expect(judged(result, api([restLink]))[0]?.risks).toEqual([
      'no targets are registered behind the load balancer: requests through the VPC link have nowhere to go',
    ]);
  });

  it('keeps what it learned when target health cannot be read', async () => {
    aws.mocks.apiGateway.on(GetRestVpcLinkCommand).resolves({ status: 'FAILED', statusMessage: 'NLB not found', targetArns: [NLB] });
    aws.mocks.elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG1 }] });
    aws.mocks.elb.on(DescribeTargetHealthCommand).rejects(awsError('AccessDenied'));
    aws.mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ SecurityGroups: ['sg-1'] }] });

    const result = await collectConfig({ clients: aws.clients, signal }, api([restLink]));

    const finding = result.findings?.integrations[0];
    expect(finding?.vpcLink).toMatchObject({ status: 'FAILED', securityGroups: ['sg-1'], targets: [], targetsComplete: false, healthy: 0, unhealthy: 0 });
    // A group whose health was not read is not reported as read (nor, later, as empty).
    expect(finding?.vpcLink?.targetGroupArns).toBeUndefined();
    // Unread health is a gap, not "no targets registered".
    expect(judged(result, api([restLink]))[0]?.risks).toEqual([
      'VPC link vl0abc is FAILED (NLB not found): API Gateway cannot reach the load balancer through it',
    ]);
    expect(result.missing.map((m) => m.reason)).toEqual(['access denied to elasticloadbalancing:DescribeTargetHealth']);
  });

  it('reads an HTTP API VPC link and the load balancer behind the listener at the same time', async () => {
    // Prepare
    const listener = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/net/orders-nlb/50dc6c495c0c9188/f2f7dc8efc522ab2`;
    const httpLink: IntegrationInfo = {
      route: 'ANY /{proxy+}',
      type: 'HTTP_PROXY',
      connectionType: 'VPC_LINK',
      timeoutMs: 30_000,
      uri: listener,
      vpcLinkId: 'vlink1',
    };
    aws.mocks.apiGatewayV2.on(GetHttpVpcLinkCommand).resolves({
      VpcLinkId: 'vlink1',
      VpcLinkStatus: 'INACTIVE',
      VpcLinkStatusMessage: 'VPC link is inactive',
      SecurityGroupIds: ['sg-link'],
      SubnetIds: ['subnet-1'],
    });
    targetGroupsWithOneUnhealthy();

    // Act
    const result = await collectConfig({ clients: aws.clients, signal }, api([httpLink], { type: 'http', endpointType: undefined }));

    // Assess
    const finding = result.findings?.integrations[0];
    expect(finding?.vpcLink).toMatchObject({
      id: 'vlink1',
      status: 'INACTIVE',
      loadBalancerArns: [NLB],
      securityGroups: ['sg-link', 'sg-nlb'],
      healthy: 2,
      unhealthy: 1,
    });
    expect(judged(result, api([httpLink], { type: 'http', endpointType: undefined }))[0]?.risks).toEqual([
      'integration timeout is 30 s, the most an HTTP API allows: a backend that needs longer gets a 504, and the limit cannot be raised',
      'VPC link vlink1 is INACTIVE (VPC link is inactive): API Gateway cannot reach the load balancer through it',
      '1 of 3 targets behind the load balancer are unhealthy (Target.FailedHealthChecks)',
    ]);
    expect(aws.mocks.apiGatewayV2).toHaveReceivedCommandWith(GetHttpVpcLinkCommand, { VpcLinkId: 'vlink1' });
    expect(aws.mocks.elb).toHaveReceivedCommandWith(DescribeTargetGroupsCommand, { LoadBalancerArn: NLB });
    expect(aws.mocks.apiGateway.calls()).toHaveLength(0);
    expect(onlyReads(aws.sentCommands())).toEqual([]);
  });

  it('reads a REST VPC link V2 through apigatewayv2 and the load balancer the integration names, together', async () => {
    const alb = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/booking-alb/60dc6c495c0c9188`;
    const v2Link: IntegrationInfo = { ...restLink, vpcLinkId: 'vlv2abc', loadBalancerArn: alb };
    aws.mocks.apiGatewayV2.on(GetHttpVpcLinkCommand).resolves({ VpcLinkId: 'vlv2abc', VpcLinkStatus: 'AVAILABLE', SecurityGroupIds: ['sg-link'] });
    aws.mocks.elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG1 }] });
    aws.mocks.elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
    aws.mocks.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: alb, SecurityGroups: ['sg-alb'] }] });

    const result = await collectConfig({ clients: aws.clients, signal }, api([v2Link]));

    expect(result.missing).toEqual([]);
    expect(result.findings?.integrations[0]?.vpcLink).toMatchObject({
      id: 'vlv2abc',
      status: 'AVAILABLE',
      loadBalancerArns: [alb],
      targetGroupArns: [TG1],
      securityGroups: ['sg-link', 'sg-alb'],
      targets: [],
      targetsComplete: true,
    });
    expect(aws.mocks.apiGatewayV2).toHaveReceivedCommandWith(GetHttpVpcLinkCommand, { VpcLinkId: 'vlv2abc' });
    expect(aws.mocks.apiGateway.commandCalls(GetRestVpcLinkCommand)).toHaveLength(0);
    expect(aws.mocks.elb).toHaveReceivedCommandWith(DescribeTargetGroupsCommand, { LoadBalancerArn: alb });
    expect(judged(result, api([v2Link]))[0]?.risks).toEqual([
      'no targets are registered behind the load balancer: requests through the VPC link have nowhere to go',
    ]);
  });

  it('records a VPC link it cannot read without losing the other integrations', async () => {
    aws.mocks.apiGateway.on(GetRestVpcLinkCommand).rejects(awsError('NotFoundException', 'Invalid VPC link identifier'));
    aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({ Timeout: 3 });
    aws.mocks.lambda.on(GetPolicyCommand).resolves({ Policy: policyAllowing(`${API_ARN}/*`) });

    const result = await collectConfig({ clients: aws.clients, signal }, api([restLink, lambdaIntegration('GET /orders', { timeoutMs: 5_000 })]));

    expect(result.findings?.integrations.map((f) => f.integration.route)).toEqual(['ANY /legacy/{proxy+}', 'GET /orders']);
    expect(result.findings?.integrations[0]?.vpcLink).toEqual({
      id: 'vl0abc',
      loadBalancerArns: [],
      securityGroups: [],
      targets: [],
      targetsComplete: false,
      healthy: 0,
      unhealthy: 0,
    });
    expect(result.findings?.integrations[1]?.lambda?.invokePermission).toBe('allowed');
    expect(result.missing).toEqual([{ source: 'config', reason: 'apigateway:GET failed: NotFoundException: Invalid VPC link identifier' }]);
  });
});
