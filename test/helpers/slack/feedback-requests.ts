/**
 * Slack's payloads for the feedback controls and App Home, as Slack sends them: a feedback_buttons
 * press, a static_select pick (with the state of the note box), a text input sent with Enter, and
 * an app_home_opened event. Signed and posted with sign-slack-request.ts.
 */
import { randomBytes } from 'node:crypto';
import type { StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';
import { fakeTriggerId } from './sign-slack-request.ts';

const TEAM = 'T0LOCAL01';

type Action = Record<string, unknown> & { action_id: string; block_id: string; type: string };

interface Where {
  user: string;
  message: StoredMessage;
  responseUrl: string;
  state?: Record<string, Record<string, unknown>>;
}

function blockActions(where: Where, action: Action): string {
  const { message } = where;
  const ephemeral = message.ephemeralFor !== undefined;
  const payload = {
    type: 'block_actions',
    user: { id: where.user, username: where.user.toLowerCase(), name: where.user.toLowerCase(), team_id: TEAM },
    api_app_id: 'A0DIAG502',
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: ephemeral,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    trigger_id: fakeTriggerId(),
    team: { id: TEAM, domain: 'local' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: 'incident-502' },
    // Slack leaves the message out of the payload for an ephemeral one.
    ...(ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            user: 'U0DIAGBOT',
            ts: message.ts,
            text: message.text,
            blocks: message.blocks,
            ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          },
        }),
    state: { values: where.state ?? {} },
    response_url: where.responseUrl,
    actions: [{ ...action, action_ts: (Date.now() / 1000).toFixed(6) }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

type Block = { type?: string; block_id?: string; elements?: Array<Record<string, unknown>>; element?: Record<string, unknown> };

/** 👍 (`positive`) or 👎 (`negative`) on the feedback buttons of a message. */
export function feedbackPressBody(where: Where, side: 'positive' | 'negative'): string {
  const block = ((where.message.blocks ?? []) as Block[]).find((b) => b.type === 'context_actions');
  const element = block?.elements?.find((e) => e['type'] === 'feedback_buttons') as
    | { action_id: string; positive_button: { value: string; text: { text: string } }; negative_button: { value: string; text: { text: string } } }
    | undefined;
  if (!block?.block_id || !element) throw new Error(`no feedback buttons in message ${where.message.ts}`);
  const button = side === 'positive' ? element.positive_button : element.negative_button;
  return blockActions(where, {
    type: 'feedback_buttons',
    action_id: element.action_id,
    block_id: block.block_id,
    value: button.value,
    text: { type: 'plain_text', text: button.text.text, emoji: true },
  });
}

/** Picks `value` in the static select of the message's actions block; `typed` is what the note box holds. */
export function selectBody(where: Where, value: string, typed?: { blockId: string; actionId: string; text: string }): string {
  const block = ((where.message.blocks ?? []) as Block[]).find((b) => b.type === 'actions' && b.elements?.some((e) => e['type'] === 'static_select'));
  const menu = block?.elements?.find((e) => e['type'] === 'static_select') as
    | { action_id: string; options: Array<{ value: string; text: { text: string } }> }
    | undefined;
  const option = menu?.options.find((o) => o.value === value);
  if (!block?.block_id || !menu || !option) throw new Error(`no option ${value} in message ${where.message.ts}`);
  const selected = { text: { type: 'plain_text', text: option.text.text, emoji: true }, value };
  const state: Record<string, Record<string, unknown>> = { [block.block_id]: { [menu.action_id]: { type: 'static_select', selected_option: selected } } };
  if (typed) state[typed.blockId] = { [typed.actionId]: { type: 'plain_text_input', value: typed.text } };
  return blockActions({ ...where, state }, { type: 'static_select', action_id: menu.action_id, block_id: block.block_id, selected_option: selected });
}

/** Enter pressed in the text box of the message's input block. */
export function textInputBody(where: Where, text: string): string {
  const block = ((where.message.blocks ?? []) as Block[]).find((b) => b.type === 'input');
  const actionId = block?.element?.['action_id'];
  if (!block?.block_id || typeof actionId !== 'string') throw new Error(`no input block in message ${where.message.ts}`);
  return blockActions(
    { ...where, state: { [block.block_id]: { [actionId]: { type: 'plain_text_input', value: text } } } },
    { type: 'plain_text_input', action_id: actionId, block_id: block.block_id, value: text },
  );
}

/** The Events API delivery when `user` opens the bot's Home tab. */
export function appHomeOpenedBody(user: string): string {
  const now = Date.now() / 1000;
  return JSON.stringify({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: TEAM,
    api_app_id: 'A0DIAG502',
    event: { type: 'app_home_opened', user, channel: 'D0DIAGBOT', tab: 'home', event_ts: now.toFixed(6) },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(now),
    authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'U0DIAGBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}
