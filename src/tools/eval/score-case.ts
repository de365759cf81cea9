import type { VerdictCause } from '../../core/diagnosis/types.ts';
import type { DecisiveSpec } from '../sim/scenario-expectation.ts';
import type { EvalCase, EvalOutcome } from './eval-case.ts';

/**
 * Scores one diagnosis against its case: the cause (first, and among the top three), the
 * decisive evidence key by key against `verdict.where`, and whether it was confidently wrong.
 */

/** A reported confidence at or above this, on the wrong cause, is the worst outcome. */
export const CONFIDENT = 0.8;

export interface CaseScore {
  caseId: string;
  baseId: string;
  expected: VerdictCause;
  predicted: VerdictCause | 'error';
  confidence: number;
  correct: boolean;
  top3: boolean;
  /** Undefined when the case declares no decisive keys. */
  decisive?: boolean;
  /** Declared keys the report got wrong or left out. */
  missed: string[];
  confidentWrong: boolean;
  ms: number;
}

export function scoreCase(c: EvalCase, outcome: EvalOutcome): CaseScore {
  const expected = c.expected.cause;
  const predicted = outcome.ok && outcome.cause ? outcome.cause : 'error';
  const confidence = outcome.confidence ?? 0;
  const correct = predicted === expected;
  // Hypotheses only ever name the five causes; a score of 0 is "considered and dismissed".
  const ranked = (outcome.hypotheses ?? []).filter((h) => h.score > 0).slice(0, 3);
  const top3 = correct || ranked.some((h) => h.cause === expected);
  const keys = Object.keys(c.expected.decisive) as Array<keyof DecisiveSpec>;
  const missed = keys.filter((k) => !matchesKey(k, c.expected.decisive, outcome.where));
  return {
    caseId: c.id,
    baseId: c.baseId,
    expected,
    predicted,
    confidence,
    correct,
    top3,
    ...(keys.length > 0 ? { decisive: missed.length === 0 } : {}),
    missed,
    confidentWrong: !correct && predicted !== 'error' && confidence >= CONFIDENT,
    ms: outcome.ms,
  };
}

// ---------------------------------------------------------------------------------------------
// `verdict.where`, read defensively: it is the report's contract, not ours to trust.

interface Where {
  routes?: Array<{ route?: string; cause?: string }>;
  backend?: {
    kind?: string;
    functionName?: string;
    qualifier?: string;
    vpcLinkId?: string;
    version?: string;
    loadBalancerArn?: string;
    targetGroupArn?: string;
    unhealthyTargets?: Array<{ id?: string }>;
    securityGroups?: string[];
    uri?: string;
  };
  change?: { eventName?: string; resource?: string; who?: string; detail?: string };
  quote?: { source?: string; text?: string };
}

const norm = (route: string | undefined) => (route ?? '').replace(/\s+/g, ' ').trim();

export function matchesKey(key: keyof DecisiveSpec, spec: DecisiveSpec, raw: unknown): boolean {
  if (!raw || typeof raw !== 'object') return false;
  const where = raw as Where;
  const b = where.backend;
  const ch = where.change;
  switch (key) {
    case 'route':
      return norm(where.routes?.[0]?.route) === norm(spec.route);
    case 'routeCauses':
      return Object.entries(spec.routeCauses ?? {}).every(([route, cause]) => where.routes?.some((r) => norm(r.route) === norm(route) && r.cause === cause));
    case 'function': {
      const [name, qualifier] = (spec.function ?? '').split(':');
      const reported = b?.qualifier === '$LATEST' ? undefined : b?.qualifier || undefined;
      return b?.kind === 'lambda' && b.functionName === name && reported === qualifier;
    }
    case 'vpcLink':
      return b?.kind === 'vpc-link' && b.vpcLinkId === spec.vpcLink;
    case 'vpcLinkVersion':
      return b?.kind === 'vpc-link' && b.version === spec.vpcLinkVersion;
    case 'loadBalancer':
      return (b?.loadBalancerArn ?? '').includes(`/${spec.loadBalancer}/`);
    case 'targetGroup':
      return (b?.targetGroupArn ?? '').includes(`:targetgroup/${spec.targetGroup}/`);
    case 'unhealthyTarget':
      return (b?.unhealthyTargets ?? []).some((t) => t.id === spec.unhealthyTarget);
    case 'securityGroup': {
      const sg = spec.securityGroup ?? '';
      return ch?.resource === sg || (b?.securityGroups ?? []).includes(sg) || (ch?.detail ?? '').includes(sg);
    }
    case 'changeEvent':
      return !!ch?.eventName && (ch.eventName === spec.changeEvent || ch.eventName.startsWith(spec.changeEvent ?? '\u0000'));
    case 'changeBy':
      return !!ch?.who && ch.who.includes(spec.changeBy ?? '\u0000');
    case 'changeResource':
      return !!ch?.resource && ch.resource.includes(spec.changeResource ?? '\u0000');
    case 'quote':
      return !!where.quote?.text && where.quote.text.includes(spec.quote ?? '\u0000');
    case 'quoteSource':
      return where.quote?.source === spec.quoteSource;
    case 'uri':
      return b?.kind === 'http' && b.uri === spec.uri;
  }
}
