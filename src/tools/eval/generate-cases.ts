import { validateScenario } from '../sim/parse-scenario.ts';
import type { DecisiveSpec, Expectation } from '../sim/scenario-expectation.ts';
import type { VerdictCause } from '../../core/diagnosis/types.ts';
import type { EvalCase } from './eval-case.ts';
import type { CorpusEntry } from './load-eval-corpus.ts';
import {
  denyChanges,
  denyConfig,
  denyLogs,
  noiseChanges,
  noiseLogs,
  recover,
  shift,
  throttle,
  traffic,
  withAccount,
  type Perturbation,
} from './perturb-scenario.ts';
import { createRng } from './seeded-rng.ts';

/**
 * The benchmark's cases: every corpus incident as written, then seeded variants of them, each
 * with one to four perturbations, until there are `count` cases. The same seed always gives the
 * same cases.
 */

type Name = Expectation['fragile'][number];

/** In the order they are applied: timing first, then volume, then what is added or hidden. */
const ORDER: Array<{ name: Name; apply: Perturbation; chance: number }> = [
  { name: 'shift', apply: shift, chance: 0.5 },
  { name: 'recover', apply: recover, chance: 0.3 },
  { name: 'traffic', apply: traffic, chance: 0.5 },
  { name: 'noise-changes', apply: noiseChanges, chance: 0.5 },
  { name: 'noise-logs', apply: noiseLogs, chance: 0.4 },
  { name: 'deny-logs', apply: denyLogs, chance: 0.12 },
  { name: 'deny-changes', apply: denyChanges, chance: 0.12 },
  { name: 'deny-config', apply: denyConfig, chance: 0.1 },
  { name: 'throttle', apply: throttle, chance: 0.25 },
];

export function corpusCases(corpus: CorpusEntry[]): EvalCase[] {
  return corpus.map((entry, i) => toCase(entry, entry.scenario.id, structuredClone(entry.raw), [], i, decisiveOf(entry)));
}

export function generateCases(corpus: CorpusEntry[], options: { count: number; seed: number }): EvalCase[] {
  const cases = corpusCases(corpus);
  let variant = 0;
  let attempts = 0;
  while (cases.length < options.count && corpus.length > 0 && attempts < options.count * 20) {
    attempts += 1;
    const entry = corpus[variant % corpus.length] as CorpusEntry;
    const rng = createRng(hash(options.seed, variant, attempts));
    const raw = structuredClone(entry.raw);
    const decisive = decisiveOf(entry);
    const fragile = new Set(entry.scenario.expect?.fragile ?? []);
    const applied: string[] = [];
    let denied = false;
    for (const step of ORDER) {
      if (fragile.has(step.name) || !rng.chance(step.chance)) continue;
      // One hidden source per case: two would leave too little to diagnose anything.
      if (step.name.startsWith('deny-') && denied) continue;
      if (step.apply({ raw, rng, decisive })) {
        applied.push(step.name);
        if (step.name.startsWith('deny-')) denied = true;
      }
    }
    if (applied.length === 0) continue;
    const blind = blinding(entry, applied);
    cases.push(toCase(entry, `${entry.scenario.id}~${variant + 1}`, raw, applied, cases.length, blind ? {} : decisive, blind ? 'inconclusive' : undefined));
    variant += 1;
  }
  return cases;
}

function toCase(
  entry: CorpusEntry,
  id: string,
  raw: Record<string, unknown>,
  perturbations: string[],
  index: number,
  decisive: DecisiveSpec,
  cause: VerdictCause = entry.scenario.expectedCause,
): EvalCase {
  const scenario = validateScenario(withAccount(raw, String(200_000_000_000 + index)), `${id} (${perturbations.join(', ') || 'as written'})`);
  return { id, baseId: entry.scenario.id, scenario, perturbations, expected: { cause, decisive } };
}

/**
 * The rule for variants whose true cause can no longer be told: a deny-* perturbation that hides a
 * source the scenario lists in `expect.inconclusiveWithout` leaves a case whose right answer is
 * `inconclusive`. The scenario says which sources those are; the generator never guesses.
 */
function blinding(entry: CorpusEntry, applied: string[]): boolean {
  const without = new Set<string>(entry.scenario.expect?.inconclusiveWithout ?? []);
  return applied.some((name) => name.startsWith('deny-') && without.has(name.slice('deny-'.length)));
}

function decisiveOf(entry: CorpusEntry): DecisiveSpec {
  return structuredClone(entry.scenario.expect?.decisive ?? {});
}

function hash(...parts: number[]): number {
  let h = 2166136261;
  for (const p of parts) {
    h ^= p;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}
