import type { ListenerDeps } from '../../listener-deps.ts';
import { acceptButtonPress, type ButtonArgs } from './button-press.ts';

/** 👍/👎 under a verdict (feedback_buttons): checked like any press, then queued. */
export function feedbackAction(deps: ListenerDeps) {
  return async function onFeedback(args: ButtonArgs): Promise<void> {
    const press = await acceptButtonPress(args, deps);
    if (!press) return;
    const feedback = press.value.feedback;
    if (feedback !== 'up' && feedback !== 'down') {
      deps.logger.warn({ feedback }, 'a feedback press without up or down');
      return;
    }
    await deps.queue.enqueue({
      kind: 'feedback',
      diagnosisId: press.value.diagnosisId,
      feedback,
      user: press.user,
      channel: press.channel,
      ...(press.threadTs ? { threadTs: press.threadTs } : {}),
    });
  };
}
