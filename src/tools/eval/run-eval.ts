import { startSimulatedAws } from '../sim/start-simulated-aws.ts';
import type { EvalCase, EvalOutcome } from './eval-case.ts';
import { runEvalCase } from './run-eval-case.ts';
import { scoreCase, type CaseScore } from './score-case.ts';
import { summarizeEval, type EvalFigures } from './summarize-eval.ts';

export interface EvalRun {
  figures: EvalFigures;
  scores: CaseScore[];
  outcomes: EvalOutcome[];
}

/**
 * Starts the simulated account once, runs every case through the real diagnosis a few at a time
 * (each case alone in an account of its own), and scores the lot.
 */
export async function runEval(cases: EvalCase[], options: { concurrency?: number; onCase?: (s: CaseScore, done: number) => void } = {}): Promise<EvalRun> {
  const sim = await startSimulatedAws({ scenarios: [], log: () => undefined });
  const previous = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = sim.url;
  const outcomes: EvalOutcome[] = new Array(cases.length);
  const scores: CaseScore[] = new Array(cases.length);
  const started = performance.now();
  let next = 0;
  let done = 0;
  try {
    const lane = async () => {
      while (next < cases.length) {
        const i = next++;
        const c = cases[i] as EvalCase;
        const outcome = await runEvalCase(sim, c);
        outcomes[i] = outcome;
        scores[i] = scoreCase(c, outcome);
        done += 1;
        options.onCase?.(scores[i] as CaseScore, done);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 3) }, lane));
  } finally {
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = previous;
    await sim.close();
  }
  return { figures: summarizeEval(scores, performance.now() - started), scores, outcomes };
}
