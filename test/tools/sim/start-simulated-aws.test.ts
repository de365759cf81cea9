import { GetRestApiCommand, APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/tools/sim/parse-scenario.ts';
import { targetGroupArn } from '../../../src/tools/sim/sim-world.ts';
import { startSimulatedAws, type SimulatedAws } from '../../../src/tools/sim/start-simulated-aws.ts';
import { fixedNow, rejection, simConfig } from './sim-test-clients.ts';

function simClients(endpoint: string, accessKeyId = 'sim') {
  const config = simConfig(endpoint, accessKeyId);
  return {
    apiGateway: new APIGatewayClient(config),
    logs: new CloudWatchLogsClient(config),
    lambda: new LambdaClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
  };
}
type SimClients = ReturnType<typeof simClients>;
const destroyClients = (clients: SimClients) => {
  for (const c of Object.values(clients)) c.destroy();
};

let sim: SimulatedAws;
let aws: SimClients;
const logged: string[] = [];

beforeAll(async () => {
  sim = await startSimulatedAws({ now: fixedNow, log: (line) => logged.push(line) });
  aws = simClients(sim.url);
});

afterAll(async () => {
  destroyClients(aws);
  await sim.close();
});

describe('startSimulatedAws', () => {
  it('listens on loopback and records each call with service, operation and status', async () => {
    // Prepare
    sim.resetCalls();

    // Act
    await aws.apiGateway.send(new GetRestApiCommand({ restApiId: 'k7x2m9q4ta' }));
    await rejection(aws.apiGateway.send(new GetRestApiCommand({ restApiId: 'zzzzzzzzzz' })));

    // Assess
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.calls.map(({ service, operation, status }) => ({ service, operation, status }))).toEqual([
      { service: 'apigateway', operation: 'GetRestApi', status: 200 },
      { service: 'apigateway', operation: 'GetRestApi', status: 404 },
    ]);
    expect(Date.parse(sim.calls[0]?.at ?? '')).not.toBeNaN();
    sim.resetCalls();
    expect(sim.calls).toEqual([]);
  });

  it('refuses unsigned requests with 403, like AWS', async () => {
    const res = await fetch(`${sim.url}/restapis/k7x2m9q4ta`);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('answers unknown operations in each protocol without crashing, and logs the route', async () => {
    // Prepare
    const auth = { authorization: 'AWS4-HMAC-SHA256 Credential=sim/20260302/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=00' };

    // Act
    const json = await fetch(sim.url, {
      method: 'POST',
      headers: { ...auth, 'x-amz-target': 'Logs_20140328.DeleteLogGroup', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    const query = await fetch(sim.url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DeleteLoadBalancer&Version=2015-12-01',
    });
    const rest = await fetch(`${sim.url}/restapis/k7x2m9q4ta/authorizers`, { headers: auth });
    const bad = await fetch(sim.url, { method: 'POST', headers: { ...auth, 'x-amz-target': 'Logs_20140328.FilterLogEvents' }, body: 'not json' });

    // Assess
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ __type: 'UnknownOperationException' });
    expect(query.status).toBe(400);
    expect(await query.text()).toContain('<Code>InvalidAction</Code>');
    expect(rest.status).toBe(404);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ __type: 'SerializationException' });
    expect(logged.some((l) => l.includes('Logs_20140328.DeleteLogGroup'))).toBe(true);
    expect(logged.some((l) => l.includes('GET /restapis/k7x2m9q4ta/authorizers'))).toBe(true);
  });

  it('answers a CORS preflight so a browser can call it', async () => {
    const res = await fetch(`${sim.url}/`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-headers': 'authorization,x-amz-target' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,x-amz-target');
  });

  it('is reached through AWS_ENDPOINT_URL by a client built without an endpoint', async () => {
    // Prepare
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: sim.url, AWS_ACCESS_KEY_ID: 'sim', AWS_SECRET_ACCESS_KEY: 'sim', AWS_REGION: 'us-east-1' });
    const client = new CloudWatchLogsClient({ maxAttempts: 1 });

    // Act
    try {
      const out = await client.send(new FilterLogEventsCommand({ logGroupName: 'API-Gateway-Execution-Logs_k7x2m9q4ta/prod', limit: 1 }));

      // Assess
      expect(out.events).toHaveLength(1);
    } finally {
      client.destroy();
      process.env = saved;
    }
  });
});

describe('options', () => {
  it('adds latencyMs to every answer', async () => {
    // Prepare
    const slow = await startSimulatedAws({ now: fixedNow, latencyMs: 150, log: () => {} });
    const clients = simClients(slow.url);

    // Act
    const t0 = performance.now();
    await clients.apiGateway.send(new GetRestApiCommand({ restApiId: 'k7x2m9q4ta' }));
    const elapsed = performance.now() - t0;
    destroyClients(clients);
    await slow.close();

    // Assess
    expect(elapsed).toBeGreaterThanOrEqual(145);
    expect(slow.calls[0]?.durationMs).toBeGreaterThanOrEqual(145);
  });

  it('answers AccessDenied in each protocol for actions a served scenario denies', async () => {
    // Prepare
    const scenario = parseScenario(
      `
id: locked
title: Locked down
description: Every read is denied.
expectedCause: inconclusive
denied: ["logs:*", "apigateway:GET", "lambda:GetPolicy", "elasticloadbalancing:Describe*"]
api:
  type: rest
  id: l0ck3d0000
  name: locked-api
  stages: [{ name: prod, executionLogging: ERROR }]
  resources: [{ path: /x, methods: { GET: { integration: { type: AWS_PROXY, lambda: fn } } } }]
lambdas: [{ name: fn, policy: [{ sid: s }] }]
vpcLinks:
  - id: lnk01
    name: link
    loadBalancer: { name: nlb, targetGroups: [{ name: tg, port: 80, targets: [] }] }
`,
      'locked.yaml',
    );
    const locked = await startSimulatedAws({ scenarios: [scenario], now: fixedNow, log: () => {} });
    const clients = simClients(locked.url);

    // Act
    const logs = await rejection(clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'API-Gateway-Execution-Logs_l0ck3d0000/prod' })));
    const apigw = await rejection(clients.apiGateway.send(new GetRestApiCommand({ restApiId: 'l0ck3d0000' })));
    const lambda = await rejection(clients.lambda.send(new GetPolicyCommand({ FunctionName: 'fn' })));
    const elb = await rejection(clients.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn(scenario, 'tg') })));
    destroyClients(clients);
    await locked.close();

    // Assess
    expect(logs.name).toBe('AccessDeniedException');
    expect(apigw.name).toBe('AccessDeniedException');
    expect(apigw.$metadata?.httpStatusCode).toBe(403);
    expect(lambda.name).toBe('AccessDeniedException');
    expect(elb.name).toBe('AccessDenied');
    expect(elb.$metadata?.httpStatusCode).toBe(403);
  });
});
