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

/** One route (method + resource path) and its part in the incident. */
export interface RouteShare {
  /** Method and resource path as the API declares it, e.g. "GET /orders/{id}". */
  route: string;
  /** Requests seen on the route in the window, when the source counts them (access logs do). */
  requests?: number;
  errors5xx: number;
  /** This route's 5xx as a fraction of all 5xx seen (0..1). */
  share: number;
  /** The route's own cause, when it was diagnosed on its own (a mixed incident). */
  cause?: VerdictCause;
  /** The route's own evidence, strongest first. */
  evidence?: { source: EvidenceSource; summary: string }[];
}

/** The thing behind the failing routes that someone can act on. */
export type BackendRef =
  | { kind: 'lambda'; functionName: string; qualifier?: string; arn?: string }
  | {
      kind: 'vpc-link';
      vpcLinkId: string;
      version: 'V1' | 'V2';
      loadBalancerArn?: string;
      targetGroupArn?: string;
      unhealthyTargets?: { id: string; port?: number; reason?: string }[];
      securityGroups?: string[];
    }
  | { kind: 'http'; uri: string };

/** The change that most plausibly started the incident. */
export interface ChangeRef {
  eventName: string;
  resource: string;
  who: string;
  time: string;
  /** Positive: the change came before the 5xx onset. */
  minutesBeforeOnset?: number;
  /** What exactly changed: the rule, the statement, the variable, the setting. */
  detail: string;
}

/** A line really read from a source, verbatim, in that API type's own wording. */
export interface QuoteRef {
  source: EvidenceSource;
  text: string;
}

/** Where to act: the failing routes, the backend behind them, the change, and a line read. */
export interface VerdictWhere {
  /** Worst first; empty when no source told routes apart. */
  routes: RouteShare[];
  backend?: BackendRef;
  change?: ChangeRef;
  quote?: QuoteRef;
}

export interface Verdict {
  cause: VerdictCause;
  /** 0..1: how strongly the evidence supports the cause, lowered by missing sources that matter. */
  confidence: number;
  summary: string;
  /** Absent in verdicts persisted before it existed, and while evidence is still being collected. */
  where?: VerdictWhere;
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
  /** The path the person asked about (from a URL), which the diagnosis weighs first. */
  focusRoute?: string;
}
