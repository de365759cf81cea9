import { CAUSES } from '../../../../core/diagnosis/types.ts';
import type { ListenerDeps } from '../../listener-deps.ts';
import { acceptButtonPress, enqueuePressEvent, type ButtonArgs } from './button-press.ts';

/** "Not this, next hypothesis": rules out the cause the button names. */
export function rejectHypothesisAction(deps: ListenerDeps) {
  return async function onRejectHypothesis(args: ButtonArgs): Promise<void> {
    const press = await acceptButtonPress(args, deps);
    if (!press) return;
    const cause = press.value.cause;
    if (!cause || !(CAUSES as readonly string[]).includes(cause)) {
      deps.logger.warn({ cause }, 'a reject button without a known cause');
      return;
    }
    await enqueuePressEvent(deps, press, { type: 'REJECT_HYPOTHESIS', cause });
  };
}
