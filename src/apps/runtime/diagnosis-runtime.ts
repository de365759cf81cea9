/**
 * What the PagerDuty integration needs from the Slack bot's diagnosis runtime, behind one small
 * interface: start a diagnosis as the slash command does, read it back, and keep the incidents
 * its parent message lists current. `createDiagnosisRuntime` adapts the DiagnosisService.
 */
import { createActor, type Snapshot } from 'xstate';
import type { DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import type { Verdict } from '../../core/diagnosis/types.ts';
import type { StartDiagnosisRequest } from '../../adapters/jobs/bot-job.ts';
import { phaseOf } from './build-diagnosis-view.ts';
import type { DiagnosisLogic, DiagnosisService, StartOutcome } from './diagnosis-service.ts';
import type { DiagnosisRecord, IncidentRef, StateStore } from '../../adapters/store/state-store.ts';

/** PagerDuty-started diagnoses are asked for by this name (it shows as "Asked by PagerDuty"). */
export const PAGERDUTY_REQUESTER = 'PagerDuty';

export interface DiagnosisRuntime {
  /**
   * Posts the parent in the channel (listing `request.incidents`) and runs to the verdict, exactly
   * as for the slash command; `onCreated` learns the diagnosis id as soon as it exists.
   */
  start(request: StartDiagnosisRequest, onCreated?: (diagnosisId: string) => void): Promise<StartOutcome>;
  get(diagnosisId: string): Promise<DiagnosisRecord | null>;
  /** Replaces the incidents the parent message lists (after any run in progress). */
  showIncidents(diagnosisId: string, incidents: IncidentRef[]): Promise<void>;
  /** The current verdict, which evidence run it came from and the API's name; null before the first one. */
  verdictOf(record: DiagnosisRecord): (Verdict & { run: number; apiName?: string }) | null;
}

export interface DiagnosisRuntimeDeps {
  service: Pick<DiagnosisService, 'start' | 'showIncidents'>;
  store: Pick<StateStore, 'get'>;
  /** The logic the service runs, to read stored snapshots. */
  logic: DiagnosisLogic;
}

export function createDiagnosisRuntime(deps: DiagnosisRuntimeDeps): DiagnosisRuntime {
  const snapshotOf = (record: DiagnosisRecord): DiagnosisSnapshot =>
    createActor(deps.logic, { snapshot: record.snapshot as Snapshot<unknown>, input: { ref: record.ref, sinceMinutes: 60 } }).getSnapshot();

  return {
    start: (request, onCreated) => deps.service.start(request, onCreated ? { onCreated } : {}),
    get: (diagnosisId) => deps.store.get(diagnosisId),
    showIncidents: (diagnosisId, incidents) => deps.service.showIncidents(diagnosisId, incidents),
    verdictOf(record) {
      const snapshot = snapshotOf(record);
      const phase = phaseOf(snapshot);
      const verdict = snapshot.context.verdict;
      if (!verdict || phase === 'collecting' || phase === 'failed') return null;
      const apiName = snapshot.context.api?.name;
      return { ...verdict, run: snapshot.context.runs, ...(apiName ? { apiName } : {}) };
    },
  };
}
