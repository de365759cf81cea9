/**
 * Types of the diagnosis machine: its input, context, events and actor contracts. Kept apart from
 * the machine so adapters (CLI, Slack, Lambda) can name them without importing the machine.
 */
import type { ApiDescriptor } from '../src/core/api/api-descriptor.ts';
import type { ApiRef } from '../src/core/api/api-ref.ts';
import type {
  ChangesFindings,
  CollectorInput,
  CollectorResult,
  ConfigFindings,
  DiagnosisWindow,
  Evidence,
  LogsFindings,
  MetricsFindings,
} from '../src/core/evidence/types.ts';
import type { Cause, FixVerification, Hypothesis, ManualStepId, StepAnswer, StepRecord, Verdict } from '../src/core/diagnosis/types.ts';

export interface DiagnosisInput {
  ref: ApiRef;
  /** Length of the window under diagnosis, in minutes (default 60). */
  sinceMinutes: number;
}

export interface ResolveApiInput extends DiagnosisInput {}
export interface ResolveApiOutput {
  api: ApiDescriptor;
  window: DiagnosisWindow;
}

export interface VerifyFixInput {
  api: ApiDescriptor;
  /** Pre-incident 5xx rate; "fixed" means back at or below it. */
  baselineRate: number;
  /** When verification was asked for; the minutes just before it must be back to baseline. */
  at: string;
  by: string;
}

/** An entry of the postmortem timeline as people read it. */
export interface TimelineText {
  at: string;
  by?: string;
  /** The entry in words, for display only: decisions read `kind` and its fields, never this text. */
  what: string;
}

/** Something that happened during the incident, typed by `kind` so code can tell entries apart. */
export type TimelineEntry =
  | (TimelineText & { kind: 'step-answered'; step: ManualStepId; answer: StepAnswer })
  | (TimelineText & { kind: 'hypothesis-rejected'; cause: Cause })
  | (TimelineText & { kind: 'recheck-asked' })
  | (TimelineText & { kind: 'fix-verification-asked' })
  | (TimelineText & { kind: 'fix-checked'; verified: boolean });

export type TimelineKind = TimelineEntry['kind'];

export interface DiagnosisError {
  name: string;
  code: string;
  message: string;
}

export interface DiagnosisContext {
  input: DiagnosisInput;
  api?: ApiDescriptor;
  window?: DiagnosisWindow;
  evidence: Evidence;
  hypotheses: Hypothesis[];
  verdict?: Verdict;
  steps: StepRecord[];
  rejected: Cause[];
  timeline: TimelineEntry[];
  verification?: FixVerification;
  /** How many times evidence has been collected; the first run is 1. */
  runs: number;
  error?: DiagnosisError;
}

export type DiagnosisEvent =
  | { type: 'STEP_ANSWERED'; step: ManualStepId; answer: StepAnswer; by: string; at: string }
  | { type: 'REJECT_HYPOTHESIS'; cause: Cause; by: string; at: string }
  /** `sinceMinutes` widens (or narrows) the window for this and later runs ("since 3h" in the thread). */
  | { type: 'RECHECK'; by: string; at: string; sinceMinutes?: number }
  | { type: 'VERIFY_FIX'; by: string; at: string };

export type { CollectorInput, CollectorResult, MetricsFindings, LogsFindings, ChangesFindings, ConfigFindings };
