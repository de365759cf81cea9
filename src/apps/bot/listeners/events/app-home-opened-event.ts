/**
 * `app_home_opened`: someone opened the bot's Home tab. Queued so the store reads and
 * views.publish happen after the acknowledgement; the Messages tab is ignored. The access rules
 * apply as for a command, minus the channel rule (App Home is not in a channel): someone who may
 * not run diagnoses sees why instead of the workspace's incidents.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../listener-deps.ts';

export function appHomeOpenedEvent(deps: ListenerDeps) {
  return async function onAppHomeOpened({ event, client, logger }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> {
    if (event.tab !== undefined && event.tab !== 'home') return;
    try {
      const decision = await deps.accessCheck({ userId: event.user, channelId: event.channel, anyChannel: true });
      if (!decision.allowed) {
        await client.views.publish({
          user_id: event.user,
          view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: decision.reason } }] },
        });
        return;
      }
      await deps.queue.enqueue({ kind: 'home', user: event.user });
    } catch (error) {
      logger.error(error);
    }
  };
}
