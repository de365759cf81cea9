/**
 * Reads what a stored diagnosis concluded without running its machine: the context inside the
 * persisted snapshot is plain JSON (verdict, API, evidence, verification), and the traits and
 * outcome that App Home and the memory of past incidents need come from it.
 */
import type { DiagnosisContext } from '../../../machines/diagnosis-types.ts';
import type { Verdict } from '../../core/diagnosis/types.ts';
import { incidentTraitsOf, type IncidentTraits } from '../../core/memory/incident-traits.ts';
import type { PastIncident } from '../../core/memory/rank-similar-incidents.ts';
import type { DiagnosisRecord } from '../../adapters/store/state-store.ts';

/** The machine's context as persisted; undefined for a snapshot of another shape. */
export function storedContext(record: DiagnosisRecord): Partial<DiagnosisContext> | undefined {
  const context = (record.snapshot as { context?: unknown } | null | undefined)?.context;
  return context && typeof context === 'object' ? (context as Partial<DiagnosisContext>) : undefined;
}

export function storedVerdict(record: DiagnosisRecord): Verdict | undefined {
  return storedContext(record)?.verdict;
}

export function traitsOf(record: DiagnosisRecord): IncidentTraits | null {
  const context = storedContext(record);
  if (!context?.verdict) return null;
  const api = context.api ?? { id: record.ref.apiId, name: '' };
  return incidentTraitsOf({ api, verdict: context.verdict, ...(context.evidence ? { evidence: context.evidence } : {}) });
}

/** The record as an earlier incident to compare with; null before its first verdict. */
export function pastIncidentOf(record: DiagnosisRecord): PastIncident | null {
  const traits = traitsOf(record);
  if (!traits) return null;
  return {
    diagnosisId: record.id,
    at: record.requestedAt,
    traits,
    ...(record.labels && record.labels.length > 0 ? { labels: record.labels } : {}),
    ...(storedContext(record)?.verification?.verified ? { fixVerified: true } : {}),
  };
}
