import type { ListenerDeps } from '../../listener-deps.ts';
import { acceptButtonPress, type ButtonArgs } from './button-press.ts';

/** "Re-check now": pull all the evidence again and weigh it afresh. */
export function recheckAction(deps: ListenerDeps) {
  return async function onRecheck(args: ButtonArgs): Promise<void> {
    const press = await acceptButtonPress(args, deps);
    if (!press) return;
    await deps.queue.enqueue({
      kind: 'event',
      diagnosisId: press.value.diagnosisId,
      event: { type: 'RECHECK', by: press.user, at: press.at },
      channel: press.channel,
      user: press.user,
      ...(press.threadTs ? { threadTs: press.threadTs } : {}),
    });
  };
}
