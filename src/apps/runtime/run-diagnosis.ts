import { createActor, waitFor } from 'xstate';
import type { DiagnosisError, DiagnosisInput } from '../../../machines/diagnosis-types.ts';
import { buildReport } from '../../core/view/build-report.ts';
import { isSettled, type DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import type { provideAwsActors } from '../../adapters/aws/provide-aws-actors.ts';
import type { DiagnosisReport } from '../../core/diagnosis/types.ts';

export type DiagnosisOutcome =
  | { ok: true; report: DiagnosisReport; snapshot: DiagnosisSnapshot }
  | { ok: false; error: DiagnosisError; snapshot: DiagnosisSnapshot };

/**
 * Runs one diagnosis to its verdict and returns the report: the CLI's whole job, and the first
 * half of a Slack diagnosis (which then keeps the actor for the checklist).
 */
export async function runDiagnosis(
  logic: ReturnType<typeof provideAwsActors>,
  input: DiagnosisInput,
  options: { timeoutMs?: number } = {},
): Promise<DiagnosisOutcome> {
  const actor = createActor(logic, { input }).start();
  try {
    const snapshot = await waitFor(actor, isSettled, { timeout: options.timeoutMs ?? 60_000 });
    const report = buildReport(snapshot.context);
    if (report) return { ok: true, report, snapshot };
    const error = snapshot.context.error ?? { name: 'DiagnoseError', code: 'unexpected', message: 'the diagnosis ended without a verdict' };
    return { ok: false, error, snapshot };
  } finally {
    actor.stop();
  }
}
