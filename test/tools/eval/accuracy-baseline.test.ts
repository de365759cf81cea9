/**
 * The fixed corpus (scenarios/*.yaml, as written) through the real diagnosis against the
 * simulated account. Fails when accuracy@1 or decisive accuracy drops below the figures recorded
 * in scenarios/eval-baseline.json, or when a verdict is confidently wrong (0.8 or more on the wrong
 * cause) in any case not yet listed there as a known defect. Raise the recorded figures when the
 * diagnosis gets better and remove fixed cases from the list; never loosen either to make this pass.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { corpusCases } from '../../../src/tools/eval/generate-cases.ts';
import { loadEvalCorpus } from '../../../src/tools/eval/load-eval-corpus.ts';
import { runEval } from '../../../src/tools/eval/run-eval.ts';
import { DEFAULT_SCENARIO_DIR } from '../../../src/tools/sim/start-simulated-aws.ts';

const BASELINE = new URL('../../../scenarios/eval-baseline.json', import.meta.url);

describe('accuracy on the scenario corpus', () => {
  it('does not fall below the recorded baseline and is never confidently wrong', { timeout: 300_000 }, async () => {
    const baseline = JSON.parse(await readFile(BASELINE, 'utf8')) as {
      corpus: { cases: number; accuracyAt1: number; decisive: number };
      knownConfidentWrong: string[];
    };
    const corpus = await loadEvalCorpus(DEFAULT_SCENARIO_DIR);
    const run = await runEval(corpusCases(corpus), { concurrency: 3 });
    const wrong = run.scores.filter((s) => !s.correct).map((s) => `${s.caseId}: expected ${s.expected}, got ${s.predicted} (${s.confidence})`);
    const confidentWrong = run.scores.filter((s) => s.confidentWrong && !baseline.knownConfidentWrong.includes(s.caseId)).map((s) => s.caseId);
    expect(run.figures.cases).toBeGreaterThanOrEqual(baseline.corpus.cases);
    expect(confidentWrong, 'new confident-wrong verdicts').toEqual([]);
    expect(baseline.knownConfidentWrong.length, 'the known list only shrinks').toBe(0);
    expect(run.figures.accuracyAt1, `accuracy@1 fell; wrong: ${wrong.join('; ')}`).toBeGreaterThanOrEqual(baseline.corpus.accuracyAt1);
    expect(run.figures.decisive, 'decisive accuracy fell').toBeGreaterThanOrEqual(baseline.corpus.decisive);
  });
});
