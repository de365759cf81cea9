/**
 * The cost of one scan (`/diagnose-502` with no API) in an account with hundreds of APIs: AWS
 * calls and round trips, against the simulated account with a fixed delay on every call. The
 * scan's promise is a cost that does not grow with the number of APIs, so the figure that matters
 * is the call count at 500 APIs, not the time on a shared machine.
 *
 * Round trips are counted from the calls themselves: a call that starts after an earlier one has
 * answered waited for it (or for something after it), so it opens the next round trip.
 */
import { countRoundTrips } from './count-round-trips.ts';
import { buildAwsClients, type AwsClients } from '../src/adapters/aws/aws-clients.ts';
import { scanFailingApis } from '../src/adapters/aws/scan-failing-apis.ts';
import { buildFleet } from '../src/tools/sim/build-fleet.ts';
import type { SimCall } from '../src/tools/sim/start-simulated-aws.ts';
import { startSimulatedAws } from '../src/tools/sim/start-simulated-aws.ts';

export interface ScanBenchResult {
  apis: number;
  regions: number;
  failing: number;
  found: number;
  latencyMs: number;
  calls: number;
  roundTrips: number;
  elapsedMs: number;
  /** `service.Operation` → calls. */
  byOperation: Record<string, number>;
}

const NOW = new Date('2026-03-02T10:30:15.000Z');

/** 500 APIs (REST and HTTP alternately) over two regions, 12 of them failing, 100 ms per AWS call. */
export async function benchScan(options: { apis?: number; regions?: string[]; latencyMs?: number } = {}): Promise<ScanBenchResult> {
  const count = options.apis ?? 500;
  const regions = options.regions ?? ['us-east-1', 'eu-west-1'];
  const latencyMs = options.latencyMs ?? 100;
  // Spread over both types and regions: index parity picks the type, index modulo the region.
  const failing = Array.from({ length: 12 }, (_, i) => ({ index: i * 41 + 3, errorsPerMinute: 5 + i * 7 })).filter((f) => f.index < count);
  const { scenarios } = buildFleet({ count, regions, failing });
  const sim = await startSimulatedAws({ scenarios, latencyMs, now: () => new Date(NOW), log: () => {} });
  const clients = new Map<string, AwsClients>(
    regions.map((region) => [
      region,
      buildAwsClients({ endpoint: sim.url, region, credentials: { accessKeyId: 'sim', secretAccessKey: 'sim' }, maxAttempts: 1 }),
    ]),
  );
  const scan = () =>
    scanFailingApis(
      regions.map((r) => ({ clients: clients.get(r)! })),
      { sinceMinutes: 15, now: NOW },
    );
  try {
    // One warm-up so module loading and connection set-up do not count.
    await scan();
    sim.resetCalls();
    const t0 = performance.now();
    const result = await scan();
    const elapsedMs = performance.now() - t0;
    if (result.problems.length > 0) throw new Error(`the scan could not read ${result.problems.map((p) => `${p.region}: ${p.message}`).join('; ')}`);
    const byOperation: Record<string, number> = {};
    for (const call of sim.calls) byOperation[`${call.service}.${call.operation}`] = (byOperation[`${call.service}.${call.operation}`] ?? 0) + 1;
    return {
      apis: count,
      regions: regions.length,
      failing: failing.length,
      found: result.apis.length,
      latencyMs,
      calls: sim.calls.length,
      roundTrips: countRoundTrips(sim.calls),
      elapsedMs: Math.round(elapsedMs),
      byOperation,
    };
  } finally {
    for (const c of clients.values()) for (const client of Object.values(c)) if (typeof client === 'object') client.destroy();
    await sim.close();
  }
}
