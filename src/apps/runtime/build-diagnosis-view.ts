/**
 * Turns a stored diagnosis (record + machine snapshot) into the plain view the Slack renderers
 * take. The only place that reads machine state names, so renderers never depend on them.
 */
import type { DiagnosisContext } from '../../../machines/diagnosis-types.ts';
import { buildChecklist } from '../../core/diagnosis/build-checklist.ts';
import { buildReport } from '../../core/view/build-report.ts';
import type { DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import type { DiagnosisReport } from '../../core/diagnosis/types.ts';
import type { Runbook } from '../../core/runbook/runbook-schema.ts';
import type { DiagnosisPhase, DiagnosisView } from '../../core/view/diagnosis-view.ts';
import type { DiagnosisRecord } from '../../adapters/store/state-store.ts';

export function phaseOf(snapshot: DiagnosisSnapshot): DiagnosisPhase {
  if (snapshot.status === 'error') return 'failed';
  if (snapshot.matches('failed')) return 'failed';
  if (snapshot.matches('resolved')) return 'resolved';
  if (snapshot.matches('verifying')) return 'verifying';
  if (snapshot.matches('verdict')) return 'verdict';
  return 'collecting';
}

export function buildDiagnosisView(record: DiagnosisRecord, snapshot: DiagnosisSnapshot, runbook: Runbook): DiagnosisView {
  const context = snapshot.context;
  const error =
    context.error ??
    (snapshot.status === 'error'
      ? { name: 'Error', code: 'unexpected', message: `the diagnosis stopped unexpectedly: ${String((snapshot as { error?: unknown }).error)}` }
      : undefined);
  return {
    diagnosisId: record.id,
    version: record.version,
    ref: record.ref,
    requestedBy: record.requestedBy,
    requestedAt: record.requestedAt,
    phase: phaseOf(snapshot),
    report: buildReport(context),
    timeline: context.timeline,
    ...(error ? { error } : {}),
    runbook,
    ...(record.incidents && record.incidents.length > 0 ? { incidents: record.incidents } : {}),
    ...(record.labels && record.labels.length > 0 ? { labels: record.labels } : {}),
  };
}

/**
 * The view for the evidence message while the first collection is still running: the report is
 * built from what has arrived so far, so each source shows up in the thread as soon as it is in.
 * (Other messages keep `report: null` until there is a verdict.)
 */
export function evidenceViewOf(view: DiagnosisView, context: DiagnosisContext): DiagnosisView {
  if (view.report || !context.api || !context.window) return view;
  return { ...view, report: provisionalReport(context) };
}

function provisionalReport(context: DiagnosisContext): DiagnosisReport | null {
  if (!context.api || !context.window) return null;
  return {
    api: context.api,
    window: context.window,
    verdict: { cause: 'inconclusive', confidence: 0, summary: 'still collecting evidence' },
    hypotheses: [],
    evidence: context.evidence,
    checklist: buildChecklist(context.api, context.evidence, context.steps),
    steps: context.steps,
  };
}
