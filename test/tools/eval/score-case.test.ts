import { describe, expect, it } from 'vitest';
import type { EvalCase, EvalOutcome } from '../../../src/tools/eval/eval-case.ts';
import { scoreCase } from '../../../src/tools/eval/score-case.ts';
import { evalLine, summarizeEval } from '../../../src/tools/eval/summarize-eval.ts';
import type { Scenario } from '../../../src/tools/sim/scenario-schema.ts';

const scenario = { id: 's' } as unknown as Scenario;
const caseOf = (cause: EvalCase['expected']['cause'], decisive: EvalCase['expected']['decisive'] = {}): EvalCase => ({
  id: 'c',
  baseId: 'c',
  scenario,
  perturbations: [],
  expected: { cause, decisive },
});
const outcome = (
  cause: EvalOutcome['cause'],
  confidence: number,
  where?: unknown,
  hypotheses: Array<{ cause: string; score: number }> = [{ cause: cause ?? 'timeout', score: confidence }],
): EvalOutcome => ({
  caseId: 'c',
  ok: true,
  cause,
  confidence,
  hypotheses,
  where,
  ms: 10,
});

describe('scoreCase', () => {
  it('counts a confident verdict on the wrong cause as confident-wrong', () => {
    const s = scoreCase(caseOf('network'), outcome('timeout', 0.85));
    expect(s).toMatchObject({ correct: false, confidentWrong: true });
    expect(scoreCase(caseOf('network'), outcome('timeout', 0.79)).confidentWrong).toBe(false);
  });

  it('finds the true cause among the top three scored hypotheses only', () => {
    const hyps = [
      { cause: 'timeout', score: 0.6 },
      { cause: 'backend-error', score: 0.3 },
      { cause: 'network', score: 0 },
    ];
    expect(scoreCase(caseOf('backend-error'), outcome('timeout', 0.6, undefined, hyps)).top3).toBe(true);
    // A hypothesis scored 0 was dismissed, not ranked.
    expect(scoreCase(caseOf('network'), outcome('timeout', 0.6, undefined, hyps)).top3).toBe(false);
  });

  it('checks every declared decisive key against verdict.where', () => {
    const decisive = { route: 'GET /orders/{id}', function: 'orders-get:live', changeEvent: 'RemovePermission' };
    const where = {
      routes: [{ route: 'GET /orders/{id}', errors5xx: 40, share: 1 }],
      backend: { kind: 'lambda', functionName: 'orders-get', qualifier: 'live' },
      change: { eventName: 'RemovePermission20150331v2', resource: 'orders-get:live', who: 'ci', time: 't', detail: '' },
    };
    expect(scoreCase(caseOf('permission', decisive), outcome('permission', 0.9, where))).toMatchObject({ decisive: true, missed: [] });
    const unqualified = { ...where, backend: { kind: 'lambda', functionName: 'orders-get' } };
    expect(scoreCase(caseOf('permission', decisive), outcome('permission', 0.9, unqualified))).toMatchObject({ decisive: false, missed: ['function'] });
    // No verdict.where at all: nothing decisive was said.
    expect(scoreCase(caseOf('permission', decisive), outcome('permission', 0.9)).missed).toEqual(['route', 'function', 'changeEvent']);
    expect(scoreCase(caseOf('none'), outcome('none', 0.9)).decisive).toBeUndefined();
  });
});

describe('summarizeEval', () => {
  it('reports accuracy, confident-wrong and the calibration error over ten bins', () => {
    const scores = [
      scoreCase(caseOf('timeout'), outcome('timeout', 0.95)),
      scoreCase(caseOf('timeout'), outcome('timeout', 0.95)),
      scoreCase(caseOf('network'), outcome('timeout', 0.95)),
      scoreCase(caseOf('format'), outcome('inconclusive', 0)),
    ];
    const f = summarizeEval(scores, 400);
    expect(f.accuracyAt1).toBe(0.5);
    expect(f.confidentWrong).toBe(1);
    expect(f.confusion.network?.timeout).toBe(1);
    // Three claims at 0.95, two of them right; the inconclusive verdict claims nothing.
    expect(f.reliability[9]).toMatchObject({ cases: 3 });
    expect(f.ece).toBeCloseTo(Math.abs(2 / 3 - 0.95), 5);
    expect(evalLine(f)).toBe(
      `eval: 4 cases · accuracy@1 50.0 % · accuracy@3 50.0 % · decisive 0.0 % · confident-wrong 1 · ECE ${Math.abs(2 / 3 - 0.95).toFixed(3)}`,
    );
  });
});
