/**
 * Time-to-verdict and AWS call count for one diagnosis against the simulated account with a fixed
 * delay on every AWS call, collectors at once versus one after another. Ratios between the two
 * runs matter more than absolute times on a shared machine.
 */
import { createAwsClients, type AwsClients } from '../src/adapters/aws/aws-clients.ts';
import { provideAwsActors } from '../src/adapters/aws/provide-aws-actors.ts';
import { runDiagnosis } from '../src/apps/runtime/run-diagnosis.ts';
import { startSimulatedAws } from '../src/tools/sim/start-simulated-aws.ts';
import { countRoundTrips } from './count-round-trips.ts';

export interface DiagnosisBenchResult {
  scenario: string;
  latencyMs: number;
  runs: number;
  /** `roundTrips`: elapsed time / injected latency; `chained`: the longest chain of calls each waiting for the last (see countRoundTrips). */
  concurrent: { medianMs: number; calls: number; roundTrips: number; chained: number; cause: string };
  oneAtATime: { medianMs: number; calls: number; roundTrips: number; chained: number; cause: string };
}

export async function benchDiagnosis(options: { scenarioId?: string; latencyMs?: number; runs?: number } = {}): Promise<DiagnosisBenchResult> {
  const latencyMs = options.latencyMs ?? 100;
  const runs = options.runs ?? 5;
  const sim = await startSimulatedAws({ scenarioDir: new URL('../scenarios', import.meta.url).pathname, latencyMs });
  const scenario = sim.scenarios.find((s) => s.id === (options.scenarioId ?? 'timeout'));
  if (!scenario) throw new Error(`no scenario ${options.scenarioId ?? 'timeout'}`);
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ENDPOINT_URL: sim.url, AWS_ACCESS_KEY_ID: 'sim', AWS_SECRET_ACCESS_KEY: 'sim', AWS_REGION: 'us-east-1' });
  const clients: AwsClients = createAwsClients({ region: 'us-east-1' });
  const ref = { apiId: scenario.api.id, stage: scenario.api.stages[0]!.name, region: 'us-east-1' };
  try {
    const measure = async (oneAtATime: boolean) => {
      const times: number[] = [];
      let calls = 0;
      let chained = 0;
      let cause = '';
      for (let i = 0; i < runs; i++) {
        sim.resetCalls();
        const t0 = performance.now();
        const outcome = await runDiagnosis(provideAwsActors({ clientsFor: () => clients, oneAtATime }), { ref, sinceMinutes: 60 });
        times.push(performance.now() - t0);
        calls = sim.calls.length;
        chained = countRoundTrips(sim.calls);
        cause = outcome.ok ? outcome.report.verdict.cause : `failed: ${outcome.error.message}`;
      }
      const medianMs = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
      return { medianMs: Math.round(medianMs), calls, roundTrips: Math.round((medianMs / latencyMs) * 10) / 10, chained, cause };
    };
    // One warm-up so module loading and connection set-up do not count.
    await measure(false);
    const concurrent = await measure(false);
    const oneAtATime = await measure(true);
    return { scenario: scenario.id, latencyMs, runs, concurrent, oneAtATime };
  } finally {
    for (const c of Object.values(clients)) if (typeof c === 'object') c.destroy();
    process.env = saved;
    await sim.close();
  }
}
