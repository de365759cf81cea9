/**
 * Picks the earlier incidents worth mentioning in a new diagnosis thread: those sharing its API,
 * its cause or a decisive resource, best match first, at most three. Pure: the caller reads the
 * store and links the threads.
 */
import type { VerdictCause } from '../diagnosis/types.ts';
import { decisiveLabel, isRightLabel, type DiagnosisLabel, type LabelCause } from '../feedback/diagnosis-label.ts';
import type { DecisiveResource, DecisiveResourceKind, IncidentTraits } from './incident-traits.ts';

export interface PastIncident {
  diagnosisId: string;
  /** When the earlier diagnosis was asked for. */
  at: string;
  traits: IncidentTraits;
  labels?: readonly DiagnosisLabel[];
  /** A fix verified against the metrics (5xx back to baseline). */
  fixVerified?: boolean;
}

export type SharedTrait = { kind: 'api' } | { kind: 'cause'; cause: LabelCause } | { kind: 'resource'; resource: DecisiveResource };

export interface SimilarIncident {
  past: PastIncident;
  score: number;
  /** What the two share, strongest first. */
  shared: SharedTrait[];
  /** The cause the earlier incident really had: its label's when judged, else its verdict's. */
  cause: LabelCause;
  /** Set when the earlier verdict was judged: right or wrong. */
  judged?: 'right' | 'wrong';
  /** What someone wrote when judging it (e.g. what fixed it). */
  note?: string;
}

export const MAX_SIMILAR = 3;

/** A shared resource says more than a shared API, which says more than a shared cause. */
const RESOURCE_WEIGHT: Record<DecisiveResourceKind, number> = {
  'security-group': 4,
  'vpc-link': 4,
  'load-balancer': 4,
  function: 4,
  'change-principal': 2,
};
const API_WEIGHT = 3;
const CAUSE_WEIGHT = 1;
/** Causes that name nothing: sharing them is not a likeness. */
const VAGUE: readonly VerdictCause[] = ['none', 'inconclusive'];

/**
 * @example
 * rankSimilarIncidents(current, pastIncidents)
 * // [{ past: { diagnosisId: 'd1', … }, score: 8, shared: [{ kind: 'resource', resource: { kind: 'security-group', id: 'sg-…' } }, { kind: 'api' }, …] }]
 */
export function rankSimilarIncidents(current: IncidentTraits & { diagnosisId: string }, past: readonly PastIncident[], limit = MAX_SIMILAR): SimilarIncident[] {
  const matches: SimilarIncident[] = [];
  for (const p of past) {
    if (p.diagnosisId === current.diagnosisId) continue;
    const label = decisiveLabel(p.labels);
    const cause: LabelCause = label ? label.trueCause : p.traits.cause;
    const shared: SharedTrait[] = [];
    let score = 0;
    for (const r of current.resources) {
      if (p.traits.resources.some((o) => o.kind === r.kind && o.id === r.id)) {
        shared.push({ kind: 'resource', resource: r });
        score += RESOURCE_WEIGHT[r.kind];
      }
    }
    if (p.traits.apiId === current.apiId) {
      shared.push({ kind: 'api' });
      score += API_WEIGHT;
    }
    if (cause === current.cause && !(VAGUE as readonly string[]).includes(cause)) {
      shared.push({ kind: 'cause', cause });
      score += CAUSE_WEIGHT;
    }
    if (score === 0) continue;
    // A cause alone is common; it needs a resource or the API to count as the same incident.
    if (shared.every((s) => s.kind === 'cause') && score < API_WEIGHT) {
      if (!p.fixVerified && !label) continue;
    }
    matches.push({
      past: p,
      score,
      shared,
      cause,
      ...(label ? { judged: isRightLabel(label) ? ('right' as const) : ('wrong' as const) } : {}),
      ...(label?.note ? { note: label.note } : {}),
    });
  }
  return matches.sort((a, b) => b.score - a.score || b.past.at.localeCompare(a.past.at)).slice(0, limit);
}
