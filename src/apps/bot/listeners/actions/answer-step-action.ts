import { MANUAL_STEPS } from '../../../../core/diagnosis/types.ts';
import type { ListenerDeps } from '../../listener-deps.ts';
import { acceptButtonPress, enqueuePressEvent, type ButtonArgs } from './button-press.ts';

/** A checklist answer ("Backend works when called directly", "Done", "Skip"…): STEP_ANSWERED. */
export function answerStepAction(deps: ListenerDeps) {
  return async function onAnswerStep(args: ButtonArgs): Promise<void> {
    const press = await acceptButtonPress(args, deps);
    if (!press) return;
    const { step, answer } = press.value;
    if (!step || !answer || !(MANUAL_STEPS as readonly string[]).includes(step)) {
      deps.logger.warn({ step, answer }, 'an answer button without a known step');
      return;
    }
    await enqueuePressEvent(deps, press, { type: 'STEP_ANSWERED', step, answer });
  };
}
