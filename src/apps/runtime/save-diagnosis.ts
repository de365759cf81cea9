/**
 * Compare-and-set writes of a stored diagnosis. Several processes (bot replicas, Lambda
 * invocations) may work on one diagnosis; each write names the version it read, so none can
 * silently overwrite another's.
 */
import type { DiagnosisPatch, DiagnosisRecord, StateStore } from '../../adapters/store/state-store.ts';

/** How often a write is retried on a fresh version before it gives up. */
export const MAX_CONFLICT_RETRIES = 5;

/** Someone else (another process) changed the diagnosis while this one was working on it. */
export class SnapshotConflictError extends Error {
  readonly code = 'snapshot_conflict';
  constructor(id: string, options?: { cause?: unknown }) {
    super(`diagnosis ${id} was changed elsewhere while this process worked on it; the work is retried on the fresh state`, options);
    this.name = 'SnapshotConflictError';
  }
}

/**
 * Writes `patch` over the version the caller read. A conflict caused only by message bookkeeping
 * elsewhere (the snapshot is still `baseSnapshot`) is retried on the fresh version; a conflict on
 * the snapshot itself means the caller's work is stale, and throws SnapshotConflictError.
 */
export async function saveDiagnosis(store: StateStore, record: DiagnosisRecord, baseSnapshot: string, patch: DiagnosisPatch): Promise<DiagnosisRecord> {
  let current = record;
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const result = await store.update(current.id, current.version, patch);
    if (result.ok) return result.record;
    const fresh = await store.get(current.id);
    if (!fresh || JSON.stringify(fresh.snapshot) !== baseSnapshot) throw new SnapshotConflictError(current.id);
    current = fresh;
  }
  throw new SnapshotConflictError(record.id);
}
