import { beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../../../src/tools/eval/generate-cases.ts';
import { loadEvalCorpus, type CorpusEntry } from '../../../src/tools/eval/load-eval-corpus.ts';
import { shift, traffic } from '../../../src/tools/eval/perturb-scenario.ts';
import { createRng } from '../../../src/tools/eval/seeded-rng.ts';
import { DEFAULT_SCENARIO_DIR } from '../../../src/tools/sim/start-simulated-aws.ts';

let corpus: CorpusEntry[];
beforeAll(async () => {
  corpus = await loadEvalCorpus(DEFAULT_SCENARIO_DIR);
});

type MinuteSeries = Array<{ from: number; to: number; value: number }>;

/** The parts of a raw scenario these tests read. */
interface RawIncident {
  expect: { onset: number };
  cloudtrail: Array<{ at?: number; eventName: string }>;
  metrics: { api: { Count: MinuteSeries; '5XXError': MinuteSeries } };
}

describe('generateCases', () => {
  it('perturbs the corpus into 500 valid cases, the same ones for the same seed', () => {
    const cases = generateCases(corpus, { count: 500, seed: 7 });
    expect(cases).toHaveLength(500);
    expect(new Set(cases.map((c) => c.id)).size).toBe(500);
    for (const c of cases) {
      const base = corpus.find((e) => e.scenario.id === c.baseId)!;
      // The true cause is the corpus incident's, whatever was perturbed, unless a source the
      // scenario cannot be told without was denied: then only `inconclusive` is right.
      const blind = c.perturbations.some((p) => (base.scenario.expect?.inconclusiveWithout ?? []).some((source) => p === `deny-${source}`));
      expect(c.expected.cause).toBe(blind ? 'inconclusive' : base.scenario.expectedCause);
      if (blind) expect(c.expected.decisive).toEqual({});
      if (c.id !== c.baseId) expect(c.perturbations.length).toBeGreaterThan(0);
      for (const p of c.perturbations) expect(base.scenario.expect?.fragile ?? []).not.toContain(p);
    }
    const again = generateCases(corpus, { count: 500, seed: 7 });
    expect(again.map((c) => `${c.id}:${c.perturbations.join('+')}`)).toEqual(cases.map((c) => `${c.id}:${c.perturbations.join('+')}`));
    expect(JSON.stringify(again[123]?.scenario)).toBe(JSON.stringify(cases[123]?.scenario));
  });

  it('expects inconclusive, by the scenario’s own rule, once a source it cannot be told without is denied', () => {
    const cases = generateCases(corpus, { count: 500, seed: 1 });
    const blinded = cases.filter((c) => c.baseId === 'http-backend-5xx' && c.perturbations.includes('deny-logs'));
    const seeing = cases.filter((c) => c.baseId === 'http-backend-5xx' && !c.perturbations.includes('deny-logs'));
    expect(blinded.length).toBeGreaterThan(0);
    for (const c of blinded) expect(c.expected).toEqual({ cause: 'inconclusive', decisive: {} });
    for (const c of seeing) expect(c.expected.cause).toBe('backend-error');
  });

  it('moves an incident without changing the gap between its change and its onset', () => {
    const entry = corpus.find((e) => e.scenario.id === 'network-behind-timeout')!;
    const raw = structuredClone(entry.raw) as unknown as RawIncident;
    const change = () => (raw.cloudtrail as Array<{ at?: number; eventName: string }>).find((e) => e.eventName === 'RevokeSecurityGroupIngress')!.at!;
    const gap = raw.expect.onset - change();
    expect(shift({ raw, rng: createRng(3), decisive: {} })).toBe(true);
    expect(raw.expect.onset - change()).toBe(gap);
    expect(raw.expect.onset).toBeGreaterThanOrEqual(-57);
    expect(raw.expect.onset).toBeLessThanOrEqual(-3);
  });

  it('scales traffic with whole counts per minute and never more 5xx than requests', () => {
    const entry = corpus.find((e) => e.scenario.id === 'timeout')!;
    for (let seed = 1; seed < 20; seed++) {
      const raw = structuredClone(entry.raw) as unknown as RawIncident;
      if (!traffic({ raw, rng: createRng(seed), decisive: {} })) continue;
      const at = (series: Array<{ from: number; to: number; value: number }>, m: number) => series.find((s) => m >= s.from && m <= s.to)?.value ?? 0;
      let errors = 0;
      for (let m = -180; m <= 0; m++) {
        const n = at(raw.metrics.api.Count, m);
        const e = at(raw.metrics.api['5XXError'], m);
        expect(Number.isInteger(n) && Number.isInteger(e)).toBe(true);
        expect(e).toBeLessThanOrEqual(n);
        if (m >= raw.expect.onset) errors += e;
      }
      // Never so little traffic that the incident disappears.
      expect(errors).toBeGreaterThanOrEqual(1);
    }
  });
});
