import type { ListenerDeps } from '../../listener-deps.ts';
import { acceptButtonPress, enqueuePressEvent, type ButtonArgs } from './button-press.ts';

/** "Re-check now": pull all the evidence again and weigh it afresh. */
export function recheckAction(deps: ListenerDeps) {
  return async function onRecheck(args: ButtonArgs): Promise<void> {
    const press = await acceptButtonPress(args, deps);
    if (!press) return;
    await enqueuePressEvent(deps, press, { type: 'RECHECK' });
  };
}
