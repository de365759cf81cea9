/**
 * What every button listener needs from a block_actions payload: who pressed, where, in which
 * thread, and the decoded button value. Shared by the one-per-button listener files.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, FeedbackButtonsAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { DiagnosisEvent } from '../../../../../machines/diagnosis-types.ts';
import { decodeButtonValue, type ButtonValue } from '../../../../adapters/slack/action-ids.ts';
import type { ListenerDeps } from '../../listener-deps.ts';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction | FeedbackButtonsAction>> & AllMiddlewareArgs;

export interface ButtonPress {
  value: ButtonValue;
  user: string;
  channel: string;
  /** The diagnosis thread: the pressed message's thread, or the message itself when top-level. */
  threadTs?: string;
  at: string;
}

/**
 * Acknowledges, decodes and checks access. Returns null when there is nothing to do (garbled
 * value, refused user; the user has been told).
 */
export async function acceptButtonPress(args: ButtonArgs, deps: ListenerDeps): Promise<ButtonPress | null> {
  await args.ack();
  const { body, action, respond } = args;
  const value = decodeButtonValue(action.value);
  const user = body.user.id;
  const channel = body.channel?.id ?? body.container?.channel_id;
  const log = deps.logger.child({ action: action.action_id, user });
  if (!value || !channel) {
    log.warn({ value: action.value?.slice(0, 200) }, 'a button press without a readable value or channel');
    return null;
  }
  const decision = await deps.accessCheck({ userId: user, channelId: channel });
  if (!decision.allowed) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: decision.reason }).catch((e: unknown) =>
      log.warn({ err: e }, 'response_url failed'),
    );
    return null;
  }
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const threadTs = message?.thread_ts ?? (body.container as { thread_ts?: string } | undefined)?.thread_ts ?? message?.ts;
  return { value, user, channel, ...(threadTs ? { threadTs } : {}), at: deps.now().toISOString() };
}

/** A machine event without `by` and `at`: the press supplies those. */
type PressEvent = { [T in DiagnosisEvent['type']]: Omit<Extract<DiagnosisEvent, { type: T }>, 'by' | 'at'> }[DiagnosisEvent['type']];

/** Queues the machine event a press stands for, signed with who pressed and when. */
export function enqueuePressEvent(deps: ListenerDeps, press: ButtonPress, event: PressEvent): Promise<void> {
  return deps.queue.enqueue({
    kind: 'event',
    diagnosisId: press.value.diagnosisId,
    event: { ...event, by: press.user, at: press.at } as DiagnosisEvent,
    channel: press.channel,
    user: press.user,
    ...(press.threadTs ? { threadTs: press.threadTs } : {}),
  });
}
