/**
 * Action ids of every button the bot posts, in one place, so listeners and renderers cannot
 * drift apart. Each id is unique within its block, as Slack requires.
 */
import type { Cause, ManualStepId, StepAnswer } from '../../core/diagnosis/types.ts';

export const ACTION_IDS = {
  /** A manual checklist answer; the value names the step and the answer. */
  answerStep: 'd502_answer_step',
  /** "Not this, next hypothesis": rules out the current leading cause. */
  rejectHypothesis: 'd502_reject_hypothesis',
  recheck: 'd502_recheck',
  verifyFix: 'd502_verify_fix',
  summary: 'd502_summary',
  /** PagerDuty: choose which API an incident is about when the config does not say. */
  chooseApi: 'd502_choose_api',
  /** 👍/👎 on a verdict (feedback_buttons); the value says which. */
  feedback: 'd502_feedback',
  /** After 👎: the menu of the real cause; the diagnosis id rides in the block id. */
  trueCause: 'd502_true_cause',
  /** After 👎: an optional note on what really happened; the diagnosis id rides in the block id. */
  labelNote: 'd502_label_note',
  /** "Diagnose" next to an API in the scan's list; the value is the API's ref (see scanButtonValue). */
  scanDiagnose: 'd502_scan_diagnose',
} as const;

/** Matches any answer button regardless of the suffix used to keep ids unique within a block. */
export const ANSWER_STEP_PATTERN = /^d502_answer_step(:.*)?$/;

/**
 * What a button carries. `version` is the diagnosis version the button was rendered from, so a
 * press on a message that has since moved on can be told apart from a fresh one.
 */
export interface ButtonValue {
  diagnosisId: string;
  version: number;
  step?: ManualStepId;
  answer?: StepAnswer;
  cause?: Cause;
  /** On the feedback buttons: 👍 (`up`) or 👎 (`down`). */
  feedback?: 'up' | 'down';
}

export function encodeButtonValue(value: ButtonValue): string {
  return JSON.stringify(value);
}

export function decodeButtonValue(raw: string | undefined): ButtonValue | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<ButtonValue>;
    if (typeof v.diagnosisId !== 'string' || typeof v.version !== 'number') return null;
    return v as ButtonValue;
  } catch {
    return null;
  }
}
