import type { SnapshotFrom } from 'xstate';
import type { diagnosisMachine } from './diagnosis.machine.ts';

export type DiagnosisSnapshot = SnapshotFrom<typeof diagnosisMachine>;

/** A diagnosis is settled when it waits for people (a verdict), is resolved, or has failed. */
export function isSettled(snapshot: DiagnosisSnapshot): boolean {
  return snapshot.status !== 'active' || snapshot.matches('verdict');
}
