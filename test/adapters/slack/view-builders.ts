/**
 * Diagnosis views for the Slack renderer tests: a full report per cause in CASES, weighed and
 * decided by the real diagnosis functions, with the bundled runbook and targeted overrides.
 */
import { buildChecklist } from '../../../src/core/diagnosis/build-checklist.ts';
import { decideVerdict } from '../../../src/core/diagnosis/decide-verdict.ts';
import type { Cause, DiagnosisReport, StepRecord } from '../../../src/core/diagnosis/types.ts';
import { weighEvidence } from '../../../src/core/diagnosis/weigh-evidence.ts';
import type { Evidence } from '../../../src/core/evidence/types.ts';
import type { ApiDescriptor } from '../../../src/core/api/api-descriptor.ts';
import { loadRunbook } from '../../../src/adapters/config/load-runbook.ts';
import type { Runbook } from '../../../src/core/runbook/runbook-schema.ts';
import type { DiagnosisView } from '../../../src/core/view/diagnosis-view.ts';
import { CASES, WINDOW } from '../../fixtures/evidence-builders.ts';

export type CaseName = keyof typeof CASES;
export const CASE_NAMES = Object.keys(CASES) as CaseName[];

export const RUNBOOK: Runbook = await loadRunbook();

export function reportFor(api: ApiDescriptor, evidence: Evidence, steps: StepRecord[] = [], rejected: Cause[] = []): DiagnosisReport {
  const hypotheses = weighEvidence({ api, evidence, steps, rejected });
  return {
    api,
    window: WINDOW,
    verdict: decideVerdict(hypotheses, evidence),
    hypotheses,
    evidence,
    checklist: buildChecklist(api, evidence, steps),
    steps,
  };
}

export function caseReport(name: CaseName, steps: StepRecord[] = []): DiagnosisReport {
  const { api, evidence } = CASES[name]();
  return reportFor(api, evidence, steps);
}

export function viewOf(report: DiagnosisReport | null, overrides: Partial<DiagnosisView> = {}): DiagnosisView {
  return {
    diagnosisId: 'd-0001',
    version: 3,
    ref: { apiId: 'a1b2c3d4e5', stage: 'prod', region: 'us-east-1' },
    requestedBy: 'U123ABC',
    requestedAt: '2026-11-22T10:01:00.000Z',
    phase: report ? 'verdict' : 'collecting',
    report,
    timeline: [],
    runbook: RUNBOOK,
    ...overrides,
  };
}

export function caseView(name: CaseName, overrides: Partial<DiagnosisView> = {}): DiagnosisView {
  return viewOf(caseReport(name), overrides);
}
