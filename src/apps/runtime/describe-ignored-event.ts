/**
 * Words the ephemeral note for a press the machine would not take: someone asked for the same
 * moments before, the step was answered already (by whom and when), the cause was already ruled
 * out, or the diagnosis has moved on. Reads typed timeline entries, never their wording.
 */
import type { DiagnosisEvent } from '../../../machines/diagnosis-types.ts';
import type { DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import { repeatedPressOf } from '../../../machines/repeated-press.ts';
import { phaseOf } from './build-diagnosis-view.ts';

export function describeIgnoredEvent(snapshot: DiagnosisSnapshot, event: DiagnosisEvent): string {
  const context = snapshot.context;
  const repeated = repeatedPressOf(context.timeline, event);
  if (repeated) {
    const by = repeated.by ? `<@${repeated.by}>` : 'someone';
    return event.type === 'RECHECK'
      ? `${by} asked for a re-check moments before you; its results are in the thread.`
      : `${by} asked to verify the fix moments before you; the result is in the thread.`;
  }
  const phase = phaseOf(snapshot);
  if (phase === 'resolved') return 'This diagnosis is closed: the fix was verified. Run `/diagnose-502` again for a new one.';
  if (phase === 'failed') return `This diagnosis ended without a verdict${context.error ? ` (${context.error.message})` : ''}. Run \`/diagnose-502\` again.`;
  if (phase !== 'verdict') return 'The diagnosis has moved on (it is working right now); press again once the thread is updated.';
  switch (event.type) {
    case 'STEP_ANSWERED': {
      const earlier = context.steps.findLast((s) => s.step === event.step);
      if (earlier) {
        const answer = earlier.answer === 'skipped' ? 'skipped it' : `answered "${earlier.answer}"`;
        return `This step was already answered: <@${earlier.by}> ${answer} at ${earlier.at}.`;
      }
      return 'This step does not apply any more: the diagnosis has moved on since this message was posted.';
    }
    case 'REJECT_HYPOTHESIS': {
      const ruledOut = context.timeline.findLast((t) => t.kind === 'hypothesis-rejected' && t.cause === event.cause);
      if (ruledOut) return `${event.cause} was already ruled out by ${ruledOut.by ? `<@${ruledOut.by}>` : 'someone'} at ${ruledOut.at}.`;
      return `${event.cause} is no longer a standing hypothesis: the diagnosis has moved on.`;
    }
    default:
      return 'The diagnosis has moved on since this message was posted.';
  }
}
