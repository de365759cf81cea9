import { describe, expect, it } from 'vitest';
import { countRoundTrips } from '../../bench/count-round-trips.ts';
import { benchScan } from '../../bench/scan-bench.ts';
import type { SimCall } from '../../src/tools/sim/start-simulated-aws.ts';

const call = (atMs: number, durationMs: number): SimCall => ({
  service: 'cloudwatch',
  operation: 'GetMetricData',
  at: new Date(Date.UTC(2026, 2, 2, 10, 0, 0) + atMs).toISOString(),
  status: 200,
  durationMs,
});

describe('countRoundTrips', () => {
  it('counts calls made side by side as one round trip and a call made after an answer as the next', () => {
    // Prepare: three at once, then one after the first answered, then one after that.
    const calls = [call(0, 100), call(2, 100), call(3, 120), call(105, 100), call(210, 100)];
    // Act, Assess
    expect(countRoundTrips(calls)).toBe(3);
    expect(countRoundTrips(calls.slice(0, 3))).toBe(1);
    expect(countRoundTrips([])).toBe(0);
  });
});

describe('benchScan', () => {
  it('scans 500 APIs in two regions within the target: at most 3 round trips and 10 AWS calls, every failing stage found', async () => {
    const result = await benchScan({ apis: 500, latencyMs: 20 });
    expect(result.found).toBe(result.failing);
    expect(result.calls).toBeLessThanOrEqual(10);
    expect(result.roundTrips).toBeLessThanOrEqual(3);
    expect(result.byOperation['cloudwatch.GetMetricData']).toBe(4);
  });
});
