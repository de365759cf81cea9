import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetFunctionConfigurationCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { NOW, rejection, simConfig, useSimulator } from '../sim-test-clients.ts';

function simClients(endpoint: string, accessKeyId = 'sim') {
  const config = simConfig(endpoint, accessKeyId);
  return {
    lambda: new LambdaClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    sts: new STSClient(config),
  };
}
const world = useSimulator((endpoint) => simClients(endpoint));

interface Statement {
  Sid: string;
  Principal: { Service?: string };
  Action: string;
  Resource: string;
  Condition?: { ArnLike: { 'AWS:SourceArn': string } };
}

describe('Lambda', () => {
  it('returns the resource policy as a JSON string with API Gateway statements', async () => {
    // Act
    const out = await world.aws.lambda.send(new GetPolicyCommand({ FunctionName: 'orders-list' }));

    // Assess
    const policy = JSON.parse(out.Policy ?? '{}') as { Statement: Statement[] };
    expect(policy.Statement).toEqual([
      {
        Sid: 'apigw-orders-list',
        Effect: 'Allow',
        Principal: { Service: 'apigateway.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:orders-list',
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:k7x2m9q4ta/*/GET/orders*' } },
      },
    ]);
    expect(out.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows the permission scenario without a statement for its own API', async () => {
    const out = await world.aws.lambda.send(new GetPolicyCommand({ FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:payments-handler' }));
    const statements = (JSON.parse(out.Policy ?? '{}') as { Statement: Statement[] }).Statement;
    expect(statements).toHaveLength(2);
    expect(statements.some((s) => s.Condition?.ArnLike['AWS:SourceArn'].includes(':p9r4m1s6xc/'))).toBe(false);
    expect(statements.some((s) => s.Principal.Service === 'apigateway.amazonaws.com')).toBe(true);
  });

  it('answers ResourceNotFoundException for an alias without policy and for an unknown function', async () => {
    const noPolicy = await rejection(world.aws.lambda.send(new GetPolicyCommand({ FunctionName: 'orders-list', Qualifier: '7' })));
    expect(noPolicy.name).toBe('ResourceNotFoundException');
    const unknown = await rejection(world.aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'no-such-function' })));
    expect(unknown.name).toBe('ResourceNotFoundException');
    expect(unknown.message).toContain('Function not found');
  });

  it('returns the configuration with timeout, memory and a recent LastModified after a deploy', async () => {
    const config = await world.aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'catalog-read' }));
    expect(config).toMatchObject({
      FunctionName: 'catalog-read',
      Timeout: 6,
      MemorySize: 256,
      State: 'Active',
      LastUpdateStatus: 'Successful',
      Version: '$LATEST',
    });
    const modified = Date.parse((config.LastModified ?? '').replace('+0000', 'Z'));
    expect(Math.round((NOW.getTime() - modified) / 60_000)).toBe(31);
  });
});

describe('ELBv2 (Query protocol, XML)', () => {
  it('describes the NLB, its target group and unhealthy targets', async () => {
    // Act
    const lbs = await world.aws.elb.send(new DescribeLoadBalancersCommand({ Names: ['inventory-nlb'] }));
    const lbArn = lbs.LoadBalancers?.[0]?.LoadBalancerArn;
    const tgs = await world.aws.elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lbArn }));
    const health = await world.aws.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgs.TargetGroups?.[0]?.TargetGroupArn }));

    // Assess
    expect(lbs.LoadBalancers?.[0]).toMatchObject({ Type: 'network', Scheme: 'internal', SecurityGroups: ['sg-0c4f5e6a7b8c9d0e1'], State: { Code: 'active' } });
    expect(lbs.LoadBalancers?.[0]?.CreatedTime).toBeInstanceOf(Date);
    expect(tgs.TargetGroups?.[0]).toMatchObject({ TargetGroupName: 'inventory-tg', Protocol: 'TCP', Port: 8443, LoadBalancerArns: [lbArn] });
    expect(health.TargetHealthDescriptions).toHaveLength(3);
    expect(health.TargetHealthDescriptions?.[0]).toEqual({
      Target: { Id: 'i-0a1b2c3d4e5f60718', Port: 8443 },
      HealthCheckPort: '8443',
      TargetHealth: { State: 'unhealthy', Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' },
    });
  });

  it('answers TargetGroupNotFoundException in the Query error shape', async () => {
    const error = await rejection(
      world.aws.elb.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0123456789abcdef' }),
      ),
    );
    expect(error.name).toBe('TargetGroupNotFoundException');
  });
});

describe('STS', () => {
  it('tells the account id', async () => {
    const id = await world.aws.sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe('123456789012');
    expect(id.Arn).toBe('arn:aws:sts::123456789012:assumed-role/diagnose-502/sim');
  });
});
