/**
 * What the benchmark corpus needs from the simulator: isolated accounts per access key, throttled
 * actions, VPC links V2 (also on REST APIs), application load balancers, response streaming, WAF,
 * per-version Lambda policies and alias-level Lambda metrics.
 */
import { APIGatewayClient, GetIntegrationCommand, GetResourcesCommand, GetStageCommand, GetVpcLinkCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetVpcLinkCommand as GetVpcLinkV2Command } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../src/tools/sim/load-scenarios.ts';
import { DEFAULT_SCENARIO_DIR, startSimulatedAws, type SimulatedAws } from '../../../src/tools/sim/start-simulated-aws.ts';
import { fixedNow, NOW, rejection, simConfig } from './sim-test-clients.ts';

let sim: SimulatedAws;
const clients = (key: string) => {
  const config = simConfig(sim.url, key);
  return {
    apigw: new APIGatewayClient(config),
    v2: new ApiGatewayV2Client(config),
    cw: new CloudWatchClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    lambda: new LambdaClient(config),
  };
};
const load = (name: string) => loadScenarioFile(`${DEFAULT_SCENARIO_DIR}${name}.yaml`);

beforeAll(async () => {
  sim = await startSimulatedAws({ now: fixedNow, log: () => {} });
});
afterAll(async () => {
  await sim?.close();
});

async function resourceId(c: ReturnType<typeof clients>, apiId: string, path: string): Promise<string> {
  const out = await c.apigw.send(new GetResourcesCommand({ restApiId: apiId, limit: 500 }));
  return out.items?.find((r) => r.path === path)?.id ?? '';
}

describe('scenario extensions', () => {
  it('serves a variant in an account of its own to its access key, beside the shared one', async () => {
    const base = await load('timeout');
    const variant = { ...base, api: { ...base.api, name: 'orders-api-variant' }, throttled: [{ action: 'apigateway:GET', times: 1 }] };
    const remove = sim.isolate('variant-key', [variant]);
    const c = clients('variant-key');
    // The first call is throttled, the second answers from the variant, not the shared account.
    expect((await rejection(c.apigw.send(new GetStageCommand({ restApiId: base.api.id, stageName: 'prod' })))).name).toBe('TooManyRequestsException');
    expect((await c.apigw.send(new GetStageCommand({ restApiId: base.api.id, stageName: 'prod' }))).stageName).toBe('prod');
    remove();
    // Gone with its key: the same key now sees the shared account, unthrottled.
    expect((await c.apigw.send(new GetStageCommand({ restApiId: base.api.id, stageName: 'prod' }))).stageName).toBe('prod');
  });

  it('gives a REST API a VPC link V2 to an application load balancer', async () => {
    const s = await load('rest-vpc-link-v2-deregistered');
    const c = clients(s.id);
    const integration = await c.apigw.send(
      new GetIntegrationCommand({ restApiId: s.api.id, resourceId: await resourceId(c, s.api.id, '/bookings'), httpMethod: 'POST' }),
    );
    expect(integration).toMatchObject({ connectionType: 'VPC_LINK', connectionId: 'ev12lnkv2' });
    expect(integration.integrationTarget).toMatch(/:loadbalancer\/app\/booking-alb\//);
    // A V2 link lives in apigatewayv2, not in the REST API's v1 VPC links.
    expect((await rejection(c.apigw.send(new GetVpcLinkCommand({ vpcLinkId: 'ev12lnkv2' })))).name).toBe('NotFoundException');
    expect((await c.v2.send(new GetVpcLinkV2Command({ VpcLinkId: 'ev12lnkv2' }))).VpcLinkVersion).toBe('V2');
    const lbs = await c.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [integration.integrationTarget ?? ''] }));
    expect(lbs.LoadBalancers?.[0]?.Type).toBe('application');
  });

  it('shows response streaming on the integration and the web ACL on the stage', async () => {
    const streaming = await load('streaming-long-latency');
    const c = clients(streaming.id);
    const integration = await c.apigw.send(
      new GetIntegrationCommand({ restApiId: streaming.api.id, resourceId: await resourceId(c, streaming.api.id, '/exports/{id}'), httpMethod: 'GET' }),
    );
    expect(integration.responseTransferMode).toBe('STREAM');
    expect(integration.uri).toContain('/2021-11-15/functions/');
    const waf = await load('waf-block-4xx');
    const stage = await clients(waf.id).apigw.send(new GetStageCommand({ restApiId: waf.api.id, stageName: 'prod' }));
    expect(stage.webAclArn).toMatch(/^arn:aws:wafv2:/);
  });

  it("reads a version's own policy and an alias's own metrics", async () => {
    const s = await load('version-permission');
    const c = clients(s.id);
    expect((await rejection(c.lambda.send(new GetPolicyCommand({ FunctionName: 'ledger-post', Qualifier: '7' })))).name).toBe('ResourceNotFoundException');
    expect((await c.lambda.send(new GetPolicyCommand({ FunctionName: 'ledger-post', Qualifier: '6' }))).Policy).toContain('apigw-v6');
    const alias = await load('alias-shift-backend-error');
    const out = await clients(alias.id).cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW.getTime() - 30 * 60_000),
        EndTime: NOW,
        MetricDataQueries: [
          {
            Id: 'errors',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/Lambda',
                MetricName: 'Errors',
                Dimensions: [
                  { Name: 'FunctionName', Value: 'billing-engine' },
                  { Name: 'Resource', Value: 'billing-engine:live' },
                ],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    expect(out.MetricDataResults?.[0]?.Values?.some((v) => v > 0)).toBe(true);
  });
});
