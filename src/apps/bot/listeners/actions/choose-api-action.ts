/**
 * The Bolt listener for the "which API?" menu and text box: acknowledge at once, check access
 * (an answer starts a diagnosis, so it passes the same rules as the slash command), then queue
 * the answer; the job (PagerDutyIncidentService) checks it and starts the diagnosis.
 */
import type { App, BlockAction, BlockElementAction } from '@slack/bolt';
import { ACTION_IDS } from '../../../../adapters/slack/action-ids.ts';
import type { PagerDutyJob } from '../../../../adapters/jobs/pagerduty-job.ts';
import { incidentIdFromBlockId } from '../../../../adapters/slack/render-choose-api-message.ts';
import type { AccessCheck } from '../../create-access-check.ts';

export interface ChooseApiListenerDeps {
  enqueue(job: PagerDutyJob): Promise<void>;
  accessCheck: AccessCheck;
}

export function registerChooseApiListener(app: App, deps: ChooseApiListenerDeps): void {
  app.action<BlockAction>(ACTION_IDS.chooseApi, async ({ ack, body, action, logger, respond }) => {
    await ack();
    try {
      const job = chooseApiJobOf(body, action, new Date());
      if (!job) {
        logger.warn(`ignored a ${ACTION_IDS.chooseApi} action without an incident or a value`);
        return;
      }
      const decision = await deps.accessCheck({ userId: job.user, channelId: job.channel });
      if (!decision.allowed) {
        logger.info(`refused a ${ACTION_IDS.chooseApi} answer from ${job.user}`);
        await respond({ response_type: 'ephemeral', replace_original: false, text: decision.reason });
        return;
      }
      await deps.enqueue(job);
    } catch (error) {
      logger.error(error);
    }
  });
}

/** The job for a menu pick or a typed answer; null when the payload is not one of ours. */
export function chooseApiJobOf(body: BlockAction, action: BlockElementAction, at: Date): Extract<PagerDutyJob, { kind: 'pagerduty-choose-api' }> | null {
  const incidentId = incidentIdFromBlockId(action.block_id);
  const choice = action.type === 'static_select' ? action.selected_option?.value : action.type === 'plain_text_input' ? action.value : undefined;
  const channel = body.channel?.id ?? body.container?.channel_id;
  const messageTs = body.message?.ts ?? body.container?.message_ts;
  if (!incidentId || !choice || !channel || !messageTs) return null;
  return { kind: 'pagerduty-choose-api', incidentId, choice, user: body.user.id, channel, messageTs, at: at.toISOString() };
}
