import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFailingApis } from '../../../src/adapters/aws/scan-failing-apis.ts';
import { buildFleet } from '../../../src/tools/sim/build-fleet.ts';
import { NOW } from '../../tools/sim/sim-test-clients.ts';
import { startDiscoverySim, type DiscoverySim } from './discovery-sim.ts';

const FLEET = {
  count: 40,
  regions: ['us-east-1', 'eu-west-1'],
  failing: [
    { index: 3, errorsPerMinute: 30 },
    { index: 6, errorsPerMinute: 12, since: 5 },
    { index: 9, errorsPerMinute: 90 },
  ],
};
const apis = buildFleet(FLEET).apis;

describe('scanFailingApis against the simulated account', () => {
  let world: DiscoverySim;
  beforeAll(async () => {
    world = await startDiscoverySim({ fleet: FLEET });
  });
  afterAll(() => world.close());

  it('lists the failing REST and HTTP stages of every region, most 5xx first, with names, rates, severity and onset', async () => {
    world.sim.resetCalls();
    const result = await scanFailingApis(
      ['us-east-1', 'eu-west-1'].map((r) => ({ clients: world.clientsFor(r) })),
      { sinceMinutes: 15, now: NOW },
    );
    expect(result.problems).toEqual([]);
    expect(result.apis.map((a) => a.name)).toEqual(['svc-009', 'svc-003', 'svc-006']);
    const [worst, second, third] = result.apis;
    // Index 9 is odd: an HTTP API, keyed by id; index 6 is even: a REST API, keyed by name.
    expect(worst).toMatchObject({ id: apis[9]!.id, type: 'http', stage: 'prod', region: 'eu-west-1', severity: 'critical' });
    expect(worst!.errors5xx).toBeGreaterThan(8 * 80);
    // 9 failing minutes (from -8 to now) out of the 15 scanned.
    expect(worst!.rate).toBeCloseTo((90 * 9) / (200 * 15), 2);
    expect(second).toMatchObject({ id: apis[3]!.id, type: 'http', region: 'eu-west-1', severity: 'high' });
    expect(third).toMatchObject({ id: apis[6]!.id, type: 'rest', region: 'us-east-1', severity: 'elevated' });
    expect(third!.onset).toBe(new Date(Date.parse('2026-03-02T10:30:00Z') - 5 * 60_000).toISOString());
    // Two rounds per region (search + listings, then counts), regions side by side.
    const byOp = world.sim.calls.map((c) => `${c.service}.${c.operation}`).sort();
    expect(byOp).toEqual([
      'apigateway.GetRestApis',
      'apigateway.GetRestApis',
      'apigatewayv2.GetApis',
      'apigatewayv2.GetApis',
      'cloudwatch.GetMetricData',
      'cloudwatch.GetMetricData',
      'cloudwatch.GetMetricData',
      'cloudwatch.GetMetricData',
    ]);
  });

  it('answers an empty list when nothing fails, without asking for request counts', async () => {
    const quiet = await startDiscoverySim({ fleet: { count: 10, regions: ['us-east-1'] } });
    try {
      const result = await scanFailingApis([{ clients: quiet.clientsFor('us-east-1') }], { sinceMinutes: 15, now: NOW });
      expect(result).toEqual({ apis: [], problems: [], truncated: false });
      expect(quiet.sim.calls.filter((c) => c.operation === 'GetMetricData')).toHaveLength(1);
    } finally {
      await quiet.close();
    }
  });
});
