/**
 * The `payload=<json>` body Slack posts when someone presses a button or picks from a menu in a
 * message: the user, team, channel, container, the message as Slack stores it (blocks included,
 * omitted for ephemeral messages as Slack does), state values and the action itself.
 */
import type { StoredMessage } from '../slack-web-api/local-slack-state.ts';
import { triggerId } from './build-slash-command.ts';
import { SANDBOX_APP_ID, SANDBOX_BOT, SANDBOX_TEAM, SANDBOX_USER, type SandboxChannel } from './sandbox-workspace.ts';

export interface PressedAction {
  type: 'button' | 'static_select' | 'overflow' | 'feedback_buttons' | 'plain_text_input';
  actionId: string;
  blockId: string;
  /** A button's (or the pressed feedback button's) value, or the text typed in an input. */
  value?: string;
  /** A button's label. */
  text?: string;
  style?: string;
  /** A select's or overflow's chosen option. */
  selectedOption?: { text: string; value: string };
}

export interface BlockActionsInput {
  channel: SandboxChannel;
  message: StoredMessage;
  action: PressedAction;
  responseUrl: string;
  now?: Date;
}

export function buildBlockActions(input: BlockActionsInput): string {
  const { channel, message, action } = input;
  const actionTs = ((input.now ?? new Date()).getTime() / 1000).toFixed(6);
  const ephemeral = message.ephemeralFor !== undefined;
  const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
  const option = action.selectedOption ? { text: plain(action.selectedOption.text), value: action.selectedOption.value } : undefined;

  const pressed: Record<string, unknown> =
    action.type === 'button'
      ? {
          action_id: action.actionId,
          block_id: action.blockId,
          text: plain(action.text ?? ''),
          ...(action.value !== undefined ? { value: action.value } : {}),
          ...(action.style ? { style: action.style } : {}),
          type: 'button',
          action_ts: actionTs,
        }
      : action.type === 'feedback_buttons'
        ? {
            type: 'feedback_buttons',
            action_id: action.actionId,
            block_id: action.blockId,
            value: action.value ?? '',
            text: plain(action.text ?? ''),
            action_ts: actionTs,
          }
        : action.type === 'plain_text_input'
          ? { type: 'plain_text_input', action_id: action.actionId, block_id: action.blockId, value: action.value ?? '', action_ts: actionTs }
          : { type: action.type, action_id: action.actionId, block_id: action.blockId, selected_option: option, action_ts: actionTs };

  // Slack reports the current value of every stateful element: the select or text box acted on.
  const stateValues =
    action.type === 'static_select' && option
      ? { [action.blockId]: { [action.actionId]: { type: 'static_select', selected_option: option } } }
      : action.type === 'plain_text_input'
        ? { [action.blockId]: { [action.actionId]: { type: 'plain_text_input', value: action.value ?? '' } } }
        : {};

  const payload = {
    type: 'block_actions',
    user: { id: SANDBOX_USER.id, username: SANDBOX_USER.username, name: SANDBOX_USER.username, team_id: SANDBOX_TEAM.id },
    api_app_id: SANDBOX_APP_ID,
    token: 'sandboxVerificationTok1',
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: channel.id,
      is_ephemeral: ephemeral,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    trigger_id: triggerId(),
    team: { id: SANDBOX_TEAM.id, domain: SANDBOX_TEAM.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name },
    ...(ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            subtype: 'bot_message',
            text: message.text,
            user: message.user,
            ts: message.ts,
            bot_id: SANDBOX_BOT.botId,
            app_id: SANDBOX_APP_ID,
            team: SANDBOX_TEAM.id,
            ...(message.blocks ? { blocks: message.blocks } : {}),
            ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          },
        }),
    state: { values: stateValues },
    response_url: input.responseUrl,
    actions: [pressed],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
