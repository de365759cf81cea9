/**
 * A label says whether a verdict was right: the cause the bot named, how sure it was, the cause
 * that turned out to be true, and who said so and how. Labels come from people (👍 confirms the
 * named cause, 👎 with a chosen cause corrects it) and from a fix verified against the metrics.
 * They are what accuracy is measured on and how past incidents are remembered.
 */
import { VERDICT_CAUSES, type VerdictCause } from '../diagnosis/types.ts';

/** The seven verdict causes plus "other", for a cause nobody modelled. */
export const LABEL_CAUSES = [...VERDICT_CAUSES, 'other'] as const;
export type LabelCause = (typeof LABEL_CAUSES)[number];

/**
 * - `confirmed`: someone pressed 👍 on the verdict.
 * - `corrected`: someone pressed 👎 and chose the real cause.
 * - `verified-fix`: the runbook's fix for the named cause was applied and the 5xx went back to baseline.
 */
export type LabelSource = 'confirmed' | 'corrected' | 'verified-fix';

export interface DiagnosisLabel {
  predictedCause: VerdictCause;
  /** The verdict's confidence when it was judged, 0..1. */
  confidence: number;
  trueCause: LabelCause;
  source: LabelSource;
  /** Slack user id of whoever judged, or whoever asked for the verification. */
  by: string;
  at: string;
  /** Free text from the person, e.g. what fixed it. */
  note?: string;
}

export function isLabelCause(value: unknown): value is LabelCause {
  return typeof value === 'string' && (LABEL_CAUSES as readonly string[]).includes(value);
}

export function isRightLabel(label: DiagnosisLabel): boolean {
  return label.trueCause === label.predictedCause;
}

/**
 * Adds a label, replacing any earlier one from the same person and source (people change their
 * mind; a fix is verified once), so repeated presses never count twice.
 */
export function withLabel(labels: readonly DiagnosisLabel[], label: DiagnosisLabel): DiagnosisLabel[] {
  const sameJudge = (l: DiagnosisLabel) => l.by === label.by && (l.source === 'verified-fix') === (label.source === 'verified-fix');
  return [...labels.filter((l) => !sameJudge(l)), label];
}

/**
 * The label that decides whether a diagnosis was right: the latest word from a person, else the
 * verified fix. A person's correction outranks a verification because a fix can hold for a reason
 * other than the one named (a redeploy that also rolled back the change).
 */
export function decisiveLabel(labels: readonly DiagnosisLabel[] | undefined): DiagnosisLabel | undefined {
  if (!labels || labels.length === 0) return undefined;
  const byTime = [...labels].sort((a, b) => a.at.localeCompare(b.at));
  const human = byTime.filter((l) => l.source !== 'verified-fix');
  return human.at(-1) ?? byTime.at(-1);
}
