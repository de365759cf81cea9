import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { handleRequest, type HandlerEnv } from '../../../src/tools/sim/handle-request.ts';
import { parseScenario } from '../../../src/tools/sim/parse-scenario.ts';
import { SimState } from '../../../src/tools/sim/sim-state.ts';
import { SimWorld } from '../../../src/tools/sim/sim-world.ts';
import { startSimulatedAws } from '../../../src/tools/sim/start-simulated-aws.ts';
import { fixedNow } from './sim-test-clients.ts';

const scenario = parseScenario(
  `
id: small
title: Small
description: One REST API with execution logs.
expectedCause: none
api:
  type: rest
  id: sm4llap1id
  name: small-api
  stages: [{ name: prod, executionLogging: INFO }]
  resources: [{ path: /a, methods: { GET: { integration: { type: MOCK } } } }]
logs:
  - { group: execution, from: -5, to: -1, count: 4, lines: ["Method completed with status: 200"] }
`,
  'small.yaml',
);

const env: HandlerEnv = { world: new SimWorld([scenario]), state: new SimState(2), now: fixedNow, log: () => {} };
const AUTH = 'AWS4-HMAC-SHA256 Credential=sim/20260302/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=00';

describe('handleRequest', () => {
  it('reads headers whatever their case (a browser shim may not lowercase them)', () => {
    // Act
    const handled = handleRequest(
      {
        method: 'POST',
        url: '/',
        headers: { Authorization: AUTH, 'X-Amz-Target': 'Logs_20140328.FilterLogEvents', 'Content-Type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ logGroupName: 'API-Gateway-Execution-Logs_sm4llap1id/prod' }),
      },
      env,
    );

    // Assess
    expect(handled).toMatchObject({ service: 'logs', operation: 'FilterLogEvents', scenarioId: 'small' });
    expect(handled.reply.status).toBe(200);
    const body = JSON.parse(handled.reply.body) as { events: Array<{ message: string }> };
    expect(body.events).toHaveLength(4);
    expect(body.events[0]?.message).toMatch(/^\([0-9a-f-]{36}\) Method completed with status: 200$/);
  });

  it('routes the long CloudTrail target form too', () => {
    const handled = handleRequest(
      {
        method: 'POST',
        url: '/',
        headers: { authorization: AUTH, 'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents' },
        body: '{}',
      },
      env,
    );
    expect(handled.operation).toBe('LookupEvents');
    expect(handled.reply.status).toBe(200);
  });

  it('hides scenarios of another region', () => {
    const handled = handleRequest(
      { method: 'GET', url: '/restapis/sm4llap1id', headers: { authorization: AUTH.replace('us-east-1', 'eu-west-1') }, body: '' },
      env,
    );
    expect(handled.reply.status).toBe(404);
  });
});

describe('the HTTP server', () => {
  it('accepts a chunked request body', async () => {
    // Prepare
    const sim = await startSimulatedAws({ scenarios: [scenario], now: fixedNow, log: () => {} });
    const body = JSON.stringify({ logGroupName: 'API-Gateway-Execution-Logs_sm4llap1id/prod', limit: 2 });

    // Act
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        sim.url,
        { method: 'POST', headers: { authorization: AUTH, 'x-amz-target': 'Logs_20140328.FilterLogEvents', 'transfer-encoding': 'chunked' } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      req.write(body.slice(10));
      req.end();
    });
    await sim.close();

    // Assess
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.text) as { events: unknown[] }).events).toHaveLength(2);
  });
});
