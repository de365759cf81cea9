import { afterAll, beforeAll } from 'vitest';
import { startSimulatedAws, type SimulatedAws } from '../../../src/tools/sim/start-simulated-aws.ts';

/** A fixed "now" (mid-minute on purpose) so that scenario data are the same on every run. */
export const NOW = new Date('2026-03-02T10:30:15.000Z');
export const fixedNow = () => new Date(NOW);

/**
 * Configuration for a real SDK client pointed at the simulator, retries off so that each call
 * is one request. Test files build only the clients they use: importing every SDK is slow.
 */
export function simConfig(endpoint: string, accessKeyId = 'sim') {
  return { endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'sim' }, maxAttempts: 1 };
}

/** The error an SDK call rejected with (fails the test if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { name: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

type Destroyable = { destroy(): void };

export const destroyClients = (clients: Record<string, Destroyable>) => {
  for (const c of Object.values(clients)) c.destroy();
};

/**
 * Starts the simulator (at the fixed NOW) for one test file and builds that file's clients; call
 * it at the file's top level and read `world.sim` and `world.aws` inside the tests.
 */
export function useSimulator<C extends Record<string, Destroyable>>(makeClients: (endpoint: string) => C): { readonly sim: SimulatedAws; readonly aws: C } {
  const world = {} as { sim: SimulatedAws; aws: C };
  beforeAll(async () => {
    world.sim = await startSimulatedAws({ now: fixedNow, log: () => {} });
    world.aws = makeClients(world.sim.url);
  });
  afterAll(async () => {
    if (world.aws) destroyClients(world.aws);
    await world.sim?.close();
  });
  return world;
}
