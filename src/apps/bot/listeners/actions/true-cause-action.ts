/**
 * The answers to what a 👎 asks: the real cause picked in the menu (with any note already typed,
 * which Slack sends along in the state values) and a note sent with Enter. The diagnosis id comes
 * from the block id, since ephemeral messages come back without their blocks.
 */
import type { AllMiddlewareArgs, BlockAction, BlockElementAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION_IDS } from '../../../../adapters/slack/action-ids.ts';
import { diagnosisIdFromFeedbackBlockId, labelNoteBlockId } from '../../../../adapters/slack/render-true-cause-question.ts';
import { isLabelCause } from '../../../../core/feedback/diagnosis-label.ts';
import type { ListenerDeps } from '../../listener-deps.ts';

type ElementArgs = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs;

const MAX_NOTE = 500;

export function trueCauseAction(deps: ListenerDeps) {
  return async function onTrueCause(args: ElementArgs): Promise<void> {
    const accepted = await acceptElement(args, deps);
    if (!accepted) return;
    const { action, body } = args;
    const cause = action.type === 'static_select' ? action.selected_option?.value : undefined;
    if (!isLabelCause(cause)) {
      deps.logger.warn({ cause }, 'a real-cause pick without a known cause');
      return;
    }
    const typed = body.state?.values?.[labelNoteBlockId(accepted.diagnosisId)]?.[ACTION_IDS.labelNote]?.value;
    const note = cleanNote(typed);
    await deps.queue.enqueue({ kind: 'true-cause', ...accepted, cause, ...(note ? { note } : {}) });
  };
}

export function labelNoteAction(deps: ListenerDeps) {
  return async function onLabelNote(args: ElementArgs): Promise<void> {
    const accepted = await acceptElement(args, deps);
    if (!accepted) return;
    const note = cleanNote(args.action.type === 'plain_text_input' ? args.action.value : undefined);
    if (!note) return;
    await deps.queue.enqueue({ kind: 'label-note', ...accepted, note });
  };
}

/** Acknowledges, reads the diagnosis and checks access as for a button; null when there is nothing to do. */
async function acceptElement(args: ElementArgs, deps: ListenerDeps): Promise<{ diagnosisId: string; user: string; channel: string; threadTs?: string } | null> {
  await args.ack();
  const { body, action, respond } = args;
  const diagnosisId = diagnosisIdFromFeedbackBlockId(action.block_id);
  const channel = body.channel?.id ?? body.container?.channel_id;
  const user = body.user.id;
  if (!diagnosisId || !channel) {
    deps.logger.warn({ blockId: action.block_id }, 'a feedback answer without a diagnosis or channel');
    return null;
  }
  const decision = await deps.accessCheck({ userId: user, channelId: channel });
  if (!decision.allowed) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: decision.reason }).catch((e: unknown) =>
      deps.logger.warn({ err: e }, 'response_url failed'),
    );
    return null;
  }
  const threadTs = (body.container as { thread_ts?: string } | undefined)?.thread_ts ?? (body.message as { thread_ts?: string } | undefined)?.thread_ts;
  return { diagnosisId, user, channel, ...(threadTs ? { threadTs } : {}) };
}

function cleanNote(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const note = value.replace(/\s+/g, ' ').trim().slice(0, MAX_NOTE);
  return note.length > 0 ? note : undefined;
}
