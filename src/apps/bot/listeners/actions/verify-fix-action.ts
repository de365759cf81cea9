import type { ListenerDeps } from '../../listener-deps.ts';
import { acceptButtonPress, enqueuePressEvent, type ButtonArgs } from './button-press.ts';

/** "Verify fix": pull 5xx and latency for the last minutes and compare with the baseline. */
export function verifyFixAction(deps: ListenerDeps) {
  return async function onVerifyFix(args: ButtonArgs): Promise<void> {
    const press = await acceptButtonPress(args, deps);
    if (!press) return;
    await enqueuePressEvent(deps, press, { type: 'VERIFY_FIX' });
  };
}
