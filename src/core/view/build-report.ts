import type { DiagnosisContext } from '../../../machines/diagnosis-types.ts';
import { buildChecklist } from '../diagnosis/build-checklist.ts';
import type { DiagnosisReport } from '../diagnosis/types.ts';

/** The report every front end renders, read off the machine's context. Null before the API is known. */
export function buildReport(context: DiagnosisContext): DiagnosisReport | null {
  if (!context.api || !context.window || !context.verdict) return null;
  return {
    api: context.api,
    window: context.window,
    verdict: context.verdict,
    hypotheses: context.hypotheses,
    evidence: context.evidence,
    checklist: buildChecklist(context.api, context.evidence, context.steps),
    steps: context.steps,
    ...(context.verification ? { verification: context.verification } : {}),
    ...(context.input.ref.route ? { focusRoute: context.input.ref.route } : {}),
  };
}
