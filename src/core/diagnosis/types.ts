/**
 * The outcome of weighing evidence: hypotheses with their scores and reasons, the verdict, and
 * the checklist. Shared by the machine, the CLI, the Slack renderer and the JSON contract.
 */
import type { ApiDescriptor } from '../api/api-descriptor.ts';
import type { DiagnosisWindow, Evidence, EvidenceSource } from '../evidence/types.ts';

export const CAUSES = ['timeout', 'network', 'permission', 'format', 'backend-error'] as const;
export type Cause = (typeof CAUSES)[number];
export type VerdictCause = Cause | 'none' | 'inconclusive';
export const VERDICT_CAUSES: readonly VerdictCause[] = [...CAUSES, 'none', 'inconclusive'];

/** One reason to believe, or doubt, a hypothesis. */
export interface EvidenceItem {
  source: EvidenceSource | 'checklist';
  summary: string;
  /** How much this item moves the score; informative only, the score is what counts. */
  weight: number;
}

export interface Hypothesis {
  cause: Cause;
  /** 0..1; comparable across causes of one diagnosis. */
  score: number;
  evidence: EvidenceItem[];
  against: EvidenceItem[];
  /** What would confirm (or rule out) this cause, for the operator to check. */
  confirm: string[];
  /** True when someone has ruled this cause out in the checklist ("not this, next hypothesis"). */
  rejected?: boolean;
}

export interface Verdict {
  cause: VerdictCause;
  /** 0..1: how strongly the evidence supports the cause, lowered by missing sources that matter. */
  confidence: number;
  summary: string;
}

/** Manual checklist steps: a person does something outside the tool and presses a button. */
export const MANUAL_STEPS = ['direct-call', 'tracing', 'mapping-templates'] as const;
export type ManualStepId = (typeof MANUAL_STEPS)[number];

export type StepAnswer =
  /** direct-call: the backend answers correctly when called directly. */
  | 'works-directly'
  /** direct-call: the backend fails when called directly too. */
  | 'fails-directly'
  /** tracing: the trace shows the failure inside the backend / between gateway and backend. */
  | 'fails-in-backend'
  | 'fails-before-backend'
  /** mapping-templates: templates and method responses are correct / broken. */
  | 'templates-ok'
  | 'templates-broken'
  | 'done'
  | 'skipped';

export interface StepRecord {
  step: ManualStepId;
  answer: StepAnswer;
  by: string;
  at: string;
}

export type ChecklistStepStatus = 'done' | 'pending' | 'skipped' | 'not-applicable';

export interface ChecklistItem {
  id: 'execution-logs' | ManualStepId | 'metrics' | 'timeout-settings';
  title: string;
  kind: 'automatic' | 'manual';
  status: ChecklistStepStatus;
  /** What was found (automatic) or answered (manual), one line. */
  result?: string;
}

/** A fix verification: 5xx and latency pulled again after someone applied a fix. */
export interface FixVerification {
  at: string;
  by?: string;
  verified: boolean;
  errors5xxSinceFix: number;
  requestsSinceFix: number;
  baselineRate: number;
  summary: string;
}

export interface DiagnosisReport {
  api: ApiDescriptor;
  window: DiagnosisWindow;
  verdict: Verdict;
  hypotheses: Hypothesis[];
  evidence: Evidence;
  checklist: ChecklistItem[];
  steps: StepRecord[];
  verification?: FixVerification;
}
