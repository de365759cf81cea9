/**
 * Runs the diagnosis machine for one stored diagnosis: restores the actor from its snapshot, sends
 * the event (if any), waits until it settles (a verdict, resolved or failed) and saves the new
 * snapshot with compare-and-set. Knows nothing of Slack: whoever shows progress passes `onProgress`.
 */
import { createActor, waitFor, type Actor, type Snapshot } from 'xstate';
import { DIAGNOSIS_MACHINE_VERSION, type diagnosisMachine } from '../../../machines/diagnosis.machine.ts';
import type { DiagnosisEvent } from '../../../machines/diagnosis-types.ts';
import { isSettled, type DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import type { Logger } from 'pino';
import type { DiagnosisRecord, StateStore } from '../../adapters/store/state-store.ts';
import { saveDiagnosis, SnapshotConflictError } from './save-diagnosis.ts';

export type DiagnosisLogic = typeof diagnosisMachine;
export type DiagnosisActor = Actor<DiagnosisLogic>;

export interface DiagnosisRunnerDeps {
  store: StateStore;
  /** The machine with its actors provided (provideAwsActors, or fakes in tests). */
  logic: DiagnosisLogic;
  logger: Logger;
  /** Longest a run may take to reach a verdict before its state is saved as is and left for later. */
  settleTimeoutMs?: number;
}

/**
 * Called with each unsettled snapshot while the machine works, one call at a time and always on
 * the latest snapshot; returns the record as it stands after any writes of its own. `baseSnapshot`
 * is the stored snapshot the run started from, for compare-and-set writes.
 */
export type ProgressListener = (record: DiagnosisRecord, snapshot: DiagnosisSnapshot, baseSnapshot: string) => Promise<DiagnosisRecord>;

export interface RunResult {
  /** The record as saved, with the new snapshot. */
  record: DiagnosisRecord;
  /** The live snapshot the run ended on. */
  snapshot: DiagnosisSnapshot;
  /** The saved snapshot as JSON: the base for later compare-and-set writes of this run. */
  savedSnapshot: string;
  /** The machine did not settle in time; its state was saved as is for a later resume. */
  timedOut: boolean;
}

export class DiagnosisRunner {
  private readonly settleTimeoutMs: number;

  constructor(private readonly deps: DiagnosisRunnerDeps) {
    this.settleTimeoutMs = deps.settleTimeoutMs ?? 90_000;
  }

  /** A fresh actor for a new diagnosis (not started). */
  create(input: { ref: DiagnosisRecord['ref']; sinceMinutes: number }): DiagnosisActor {
    return createActor(this.deps.logic, { input });
  }

  /** The actor of a stored diagnosis, restored from its snapshot (not started). */
  restore(record: DiagnosisRecord): DiagnosisActor {
    return createActor(this.deps.logic, {
      snapshot: record.snapshot as Snapshot<unknown>,
      input: { ref: record.ref, sinceMinutes: 60 },
    });
  }

  /** The stored diagnosis's snapshot, without running anything. */
  snapshotOf(record: DiagnosisRecord): DiagnosisSnapshot {
    return this.restore(record).getSnapshot();
  }

  /**
   * Starts the actor (from its snapshot), optionally sends an event, and waits for it to settle,
   * then saves the snapshot. Throws SnapshotConflictError when another process changed the
   * snapshot meanwhile (the caller reloads and tries again).
   */
  async run(record: DiagnosisRecord, actor: DiagnosisActor, options: { event?: DiagnosisEvent; onProgress?: ProgressListener } = {}): Promise<RunResult> {
    const base = JSON.stringify(record.snapshot);
    let current = record;
    let pending: DiagnosisSnapshot | null = null;
    let progress: Promise<void> | null = null;
    let conflict: SnapshotConflictError | null = null;
    const onProgress = options.onProgress;
    // Progress updates run one at a time on the latest snapshot; they never throw (a rejected
    // promise nobody awaits yet would be an unhandled rejection), a conflict is kept for later.
    const follow = () => {
      if (!onProgress || progress || conflict) return;
      progress = (async () => {
        while (pending && !conflict) {
          const snap: DiagnosisSnapshot = pending;
          pending = null;
          try {
            current = await onProgress(current, snap, base);
          } catch (error) {
            if (error instanceof SnapshotConflictError) conflict = error;
            else this.deps.logger.warn({ err: error, diagnosisId: record.id }, 'could not show progress in the thread');
          }
        }
        progress = null;
      })();
    };
    const subscription = actor.subscribe({
      next: (snap) => {
        if (isSettled(snap)) return;
        pending = snap;
        follow();
      },
      error: () => undefined,
    });
    actor.start();
    if (options.event) actor.send(options.event);
    let timedOut = false;
    try {
      await waitFor(actor, isSettled, { timeout: this.settleTimeoutMs });
    } catch (error) {
      timedOut = true;
      this.deps.logger.error({ err: error, diagnosisId: record.id }, 'the diagnosis did not settle in time; saving it as it is for a later resume');
    }
    subscription.unsubscribe();
    while (progress) await progress;
    const lost = conflict as SnapshotConflictError | null;
    if (lost) {
      actor.stop();
      throw lost;
    }
    const persisted = actor.getPersistedSnapshot();
    const live = actor.getSnapshot();
    actor.stop();

    const saved = await saveDiagnosis(this.deps.store, current, base, {
      snapshot: persisted,
      machineVersion: DIAGNOSIS_MACHINE_VERSION,
      open: live.status === 'active',
    });
    return { record: saved, snapshot: live, savedSnapshot: JSON.stringify(persisted), timedOut };
  }
}
