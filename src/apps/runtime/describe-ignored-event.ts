/**
 * Words the ephemeral note for a press the machine would not take: the step was answered
 * already (by whom and when), the cause was already ruled out, or the diagnosis has moved on.
 */
import type { DiagnosisEvent } from '../../../machines/diagnosis-types.ts';
import type { DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import { phaseOf } from './build-diagnosis-view.ts';

export function describeIgnoredEvent(snapshot: DiagnosisSnapshot, event: DiagnosisEvent): string {
  const context = snapshot.context;
  const phase = phaseOf(snapshot);
  if (phase === 'resolved') return 'This diagnosis is closed: the fix was verified. Run `/diagnose-502` again for a new one.';
  if (phase === 'failed') return `This diagnosis ended without a verdict${context.error ? ` (${context.error.message})` : ''}. Run \`/diagnose-502\` again.`;
  if (phase !== 'verdict') return 'The diagnosis has moved on (it is working right now); press again once the thread is updated.';
  switch (event.type) {
    case 'STEP_ANSWERED': {
      const earlier = [...context.steps].reverse().find((s) => s.step === event.step);
      if (earlier) {
        const answer = earlier.answer === 'skipped' ? 'skipped it' : `answered "${earlier.answer}"`;
        return `This step was already answered: <@${earlier.by}> ${answer} at ${earlier.at}.`;
      }
      return 'This step does not apply any more: the diagnosis has moved on since this message was posted.';
    }
    case 'REJECT_HYPOTHESIS': {
      const ruledOut = [...context.timeline].reverse().find((t) => t.what === `ruled out ${event.cause}`);
      if (ruledOut) return `${event.cause} was already ruled out by ${ruledOut.by ? `<@${ruledOut.by}>` : 'someone'} at ${ruledOut.at}.`;
      return `${event.cause} is no longer a standing hypothesis: the diagnosis has moved on.`;
    }
    default:
      return 'The diagnosis has moved on since this message was posted.';
  }
}
