import type { ListenerDeps } from '../../listener-deps.ts';
import { acceptButtonPress, type ButtonArgs } from './button-press.ts';

/** "Verify fix": pull 5xx and latency for the last minutes and compare with the baseline. */
export function verifyFixAction(deps: ListenerDeps) {
  return async function onVerifyFix(args: ButtonArgs): Promise<void> {
    const press = await acceptButtonPress(args, deps);
    if (!press) return;
    await deps.queue.enqueue({
      kind: 'event',
      diagnosisId: press.value.diagnosisId,
      event: { type: 'VERIFY_FIX', by: press.user, at: press.at },
      channel: press.channel,
      user: press.user,
      ...(press.threadTs ? { threadTs: press.threadTs } : {}),
    });
  };
}
