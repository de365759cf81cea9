import { buildAwsClients, type AwsClients } from '../../../src/adapters/aws/aws-clients.ts';
import { buildFleet, type FleetOptions } from '../../../src/tools/sim/build-fleet.ts';
import type { Scenario } from '../../../src/tools/sim/scenario-schema.ts';
import type { SimDirectory } from '../../../src/tools/sim/sim-directory.ts';
import { startSimulatedAws, type SimulatedAws } from '../../../src/tools/sim/start-simulated-aws.ts';
import { fixedNow } from '../../tools/sim/sim-test-clients.ts';

/** A simulated account with a fleet of APIs (and optionally domains), plus clients per region. */
export interface DiscoverySim {
  sim: SimulatedAws;
  clientsFor: (region: string) => AwsClients;
  close: () => Promise<void>;
}

export async function startDiscoverySim(options: { fleet?: FleetOptions; scenarios?: Scenario[]; directory?: SimDirectory }): Promise<DiscoverySim> {
  const fleet = options.fleet ? buildFleet(options.fleet).scenarios : [];
  const sim = await startSimulatedAws({
    scenarios: [...fleet, ...(options.scenarios ?? [])],
    now: fixedNow,
    log: () => {},
    ...(options.directory ? { directory: options.directory } : {}),
  });
  const cache = new Map<string, AwsClients>();
  const clientsFor = (region: string) => {
    let c = cache.get(region);
    if (!c) {
      c = buildAwsClients({ endpoint: sim.url, region, credentials: { accessKeyId: 'sim', secretAccessKey: 'sim' }, maxAttempts: 1 });
      cache.set(region, c);
    }
    return c;
  };
  return {
    sim,
    clientsFor,
    close: async () => {
      for (const c of cache.values()) for (const client of Object.values(c)) if (typeof client === 'object') client.destroy();
      await sim.close();
    },
  };
}
