import { createAwsClients, type AwsClients } from '../../adapters/aws/aws-clients.ts';
import { provideAwsActors } from '../../adapters/aws/provide-aws-actors.ts';
import { runDiagnosis } from '../../apps/runtime/run-diagnosis.ts';
import { toJsonReport } from '../../core/view/to-json-report.ts';
import type { SimulatedAws } from '../sim/start-simulated-aws.ts';
import type { EvalCase, EvalOutcome } from './eval-case.ts';

/**
 * Runs one case the way the CLI runs a diagnosis (the same clients, actors, machine and JSON
 * report), against the simulated account in which only this case's scenario exists. The SDK
 * reaches the simulator through AWS_ENDPOINT_URL, which the caller sets once.
 */
export async function runEvalCase(sim: SimulatedAws, c: EvalCase, options: { sinceMinutes?: number } = {}): Promise<EvalOutcome> {
  // A key of its own per case: the simulator serves this case alone to requests signed with it.
  const accessKeyId = `eval-${c.id}`;
  const remove = sim.isolate(accessKeyId, [c.scenario]);
  const clients = new Map<string, AwsClients>();
  const clientsFor = ({ region }: { region: string }) => {
    const known = clients.get(region);
    if (known) return known;
    const created = createAwsClients({ region, credentials: { accessKeyId, secretAccessKey: 'sim' } });
    clients.set(region, created);
    return created;
  };
  const started = performance.now();
  try {
    const stage = c.scenario.metrics.stage ?? c.scenario.api.stages[0]?.name ?? 'prod';
    const outcome = await runDiagnosis(provideAwsActors({ clientsFor }), {
      ref: { apiId: c.scenario.api.id, stage, region: c.scenario.region },
      sinceMinutes: options.sinceMinutes ?? 60,
    });
    const ms = performance.now() - started;
    if (!outcome.ok) return { caseId: c.id, ok: false, error: `${outcome.error.code}: ${outcome.error.message}`, ms };
    const json = toJsonReport(outcome.report);
    return {
      caseId: c.id,
      ok: true,
      cause: json.verdict.cause,
      confidence: json.verdict.confidence,
      hypotheses: json.hypotheses.map((h) => ({ cause: h.cause, score: h.score })),
      where: (json.verdict as { where?: unknown }).where,
      ms,
    };
  } catch (error) {
    return { caseId: c.id, ok: false, error: (error as Error).message, ms: performance.now() - started };
  } finally {
    remove();
    for (const set of clients.values()) for (const client of Object.values(set)) if (typeof client === 'object') client.destroy();
  }
}
