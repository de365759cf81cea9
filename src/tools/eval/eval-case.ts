import type { Scenario } from '../sim/scenario-schema.ts';
import type { DecisiveSpec } from '../sim/scenario-expectation.ts';
import type { VerdictCause } from '../../core/diagnosis/types.ts';

/** One benchmark case: a scenario as served (perhaps perturbed) and what it must be diagnosed as. */
export interface EvalCase {
  /** `<scenario id>` for a corpus incident, `<scenario id>~<n>` for a perturbed variant. */
  id: string;
  /** The corpus scenario it came from. */
  baseId: string;
  scenario: Scenario;
  /** Names of the perturbations applied, in order (empty for the corpus as written). */
  perturbations: string[];
  expected: { cause: VerdictCause; decisive: DecisiveSpec };
}

/** What one diagnosis concluded, as its JSON report says it. */
export interface EvalOutcome {
  caseId: string;
  ok: boolean;
  /** Set when the diagnosis failed outright (no report). */
  error?: string;
  cause?: VerdictCause;
  confidence?: number;
  /** Hypotheses best first, with their scores. */
  hypotheses?: Array<{ cause: string; score: number }>;
  /** `verdict.where` as reported, when the report has one. */
  where?: unknown;
  ms: number;
}
