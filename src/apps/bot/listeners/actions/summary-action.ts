import type { ListenerDeps } from '../../listener-deps.ts';
import { acceptButtonPress, type ButtonArgs } from './button-press.ts';

/** "Summary": the postmortem-ready Markdown file, posted in the thread. */
export function summaryAction(deps: ListenerDeps) {
  return async function onSummary(args: ButtonArgs): Promise<void> {
    const press = await acceptButtonPress(args, deps);
    if (!press) return;
    await deps.queue.enqueue({
      kind: 'summary',
      diagnosisId: press.value.diagnosisId,
      by: press.user,
      channel: press.channel,
      ...(press.threadTs ? { threadTs: press.threadTs } : {}),
    });
  };
}
