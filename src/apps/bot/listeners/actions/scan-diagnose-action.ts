/**
 * "Diagnose" next to an API in the scan's list: the normal start of a diagnosis, with the same
 * access rules as the slash command, posted in the channel the scan was asked in.
 */
import { readScanButtonValue } from '../../../../adapters/slack/render-scan-message.ts';
import type { ListenerDeps } from '../../listener-deps.ts';
import type { ButtonArgs } from './button-press.ts';

export function scanDiagnoseAction(deps: ListenerDeps) {
  return async function onScanDiagnose({ ack, body, action, respond }: ButtonArgs): Promise<void> {
    await ack();
    const ref = readScanButtonValue(action.value);
    const user = body.user.id;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const log = deps.logger.child({ action: action.action_id, user });
    if (!ref || !channel) {
      log.warn({ value: action.value?.slice(0, 200) }, 'a Diagnose press without a readable API or channel');
      return;
    }
    const decision = await deps.accessCheck({ userId: user, channelId: channel });
    if (!decision.allowed) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: decision.reason }).catch((e: unknown) =>
        log.warn({ err: e }, 'response_url failed'),
      );
      return;
    }
    const now = deps.now();
    await deps.queue.enqueue({
      kind: 'start',
      request: {
        ref,
        channel,
        requestedBy: user,
        requestedAt: now.toISOString(),
        // One press is one diagnosis; Slack's retry of the same press carries the same trigger id.
        dedupKey: `scan-diagnose:${body.team?.id ?? 'team'}:${(body as { trigger_id?: string }).trigger_id ?? `${user}:${ref.apiId}:${ref.stage}:${Math.floor(now.getTime() / 60_000)}`}`,
      },
    });
  };
}
