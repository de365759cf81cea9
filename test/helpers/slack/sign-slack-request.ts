/**
 * Builds and signs requests exactly as Slack sends them to an app: slash commands as url-encoded
 * forms, interactivity as `payload=<json>`, signed with v0 HMAC-SHA256 over `v0:<ts>:<raw body>`.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface SignedHeaders {
  'content-type': string;
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

/** Slack's v0 signature of a raw body at a given time (seconds since the epoch). */
export function slackSignature(rawBody: string, signingSecret: string, timestampSeconds: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex')}`;
}

export function signSlackRequest(rawBody: string, signingSecret: string, timestampSeconds = Math.floor(Date.now() / 1000)): SignedHeaders {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': slackSignature(rawBody, signingSecret, timestampSeconds),
  };
}

/** A trigger id shaped like Slack's (`<digits>.<digits>.<hex>`), unique per call. */
export function fakeTriggerId(): string {
  return `${Date.now()}${Math.floor(Math.random() * 1000)}.738474920.${randomBytes(16).toString('hex')}`;
}

export interface SlashCommandFields {
  text: string;
  command?: string;
  team_id?: string;
  team_domain?: string;
  channel_id?: string;
  channel_name?: string;
  user_id?: string;
  user_name?: string;
  response_url?: string;
  trigger_id?: string;
  api_app_id?: string;
}

/** The url-encoded body of a slash command invocation, with the fields Slack sends. */
export function slashCommandBody(fields: SlashCommandFields): string {
  const channel = fields.channel_id ?? 'C0INCIDENT';
  const full = {
    token: 'gIkuvaNzQIHg97ATvDxqgjtO', // deprecated verification token; Slack still sends one
    team_id: fields.team_id ?? 'T0LOCAL01',
    team_domain: fields.team_domain ?? 'local',
    channel_id: channel,
    channel_name: fields.channel_name ?? 'incident-502',
    user_id: fields.user_id ?? 'U0ALICE',
    user_name: fields.user_name ?? 'alice',
    command: fields.command ?? '/diagnose-502',
    text: fields.text,
    api_app_id: fields.api_app_id ?? 'A0DIAG502',
    is_enterprise_install: 'false',
    response_url: fields.response_url ?? `https://hooks.slack.com/commands/T0LOCAL01/0000/${randomBytes(8).toString('hex')}`,
    trigger_id: fields.trigger_id ?? fakeTriggerId(),
  };
  return new URLSearchParams(full).toString();
}

export interface BlockActionFields {
  actionId: string;
  value: string;
  blockId?: string;
  buttonText?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  messageTs: string;
  threadTs?: string;
  responseUrl?: string;
  teamId?: string;
}

/** The `payload=<json>` body of a button press (block_actions). */
export function blockActionsBody(fields: BlockActionFields): string {
  const teamId = fields.teamId ?? 'T0LOCAL01';
  const channel = fields.channelId ?? 'C0INCIDENT';
  const actionTs = (Date.now() / 1000).toFixed(6);
  const payload = {
    type: 'block_actions',
    user: { id: fields.userId ?? 'U0BOB', username: fields.userName ?? 'bob', name: fields.userName ?? 'bob', team_id: teamId },
    api_app_id: 'A0DIAG502',
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    container: {
      type: 'message',
      message_ts: fields.messageTs,
      channel_id: channel,
      is_ephemeral: false,
      ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    },
    trigger_id: fakeTriggerId(),
    team: { id: teamId, domain: 'local' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'incident-502' },
    message: { type: 'message', user: 'U0DIAGBOT', ts: fields.messageTs, ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}), text: '' },
    state: { values: {} },
    response_url: fields.responseUrl ?? `https://hooks.slack.com/actions/${teamId}/0000/${randomBytes(8).toString('hex')}`,
    actions: [
      {
        action_id: fields.actionId,
        block_id: fields.blockId ?? 'b',
        text: { type: 'plain_text', text: fields.buttonText ?? 'Press', emoji: true },
        value: fields.value,
        type: 'button',
        action_ts: actionTs,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface PostSignedOptions {
  signingSecret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Extra headers, e.g. `x-slack-retry-num`. */
  headers?: Record<string, string>;
  /** Replace the computed signature (to test a wrong one). */
  signature?: string;
}

/** POSTs a body to the bot the way Slack does and returns the fetch Response. */
export async function postSigned(url: string, body: string, options: PostSignedOptions): Promise<Response> {
  const headers: Record<string, string> = { ...signSlackRequest(body, options.signingSecret, options.timestamp), ...options.headers };
  if (options.signature) headers['x-slack-signature'] = options.signature;
  return fetch(url, { method: 'POST', headers, body });
}

export interface MessageEventFields {
  type: 'app_mention' | 'message';
  text: string;
  userId: string;
  channelId?: string;
  ts: string;
  threadTs?: string;
  teamId?: string;
  botUserId?: string;
  /** A bot's own message carries bot_id (and no subtype for chat.postMessage replies). */
  botId?: string;
  subtype?: string;
}

/** The JSON body of an Events API delivery (`event_callback`) for a message or an app_mention. */
export function eventCallbackBody(fields: MessageEventFields): string {
  const teamId = fields.teamId ?? 'T0LOCAL01';
  const channel = fields.channelId ?? 'C0INCIDENT';
  const event = {
    type: fields.type,
    user: fields.userId,
    text: fields.text,
    ts: fields.ts,
    event_ts: fields.ts,
    channel,
    team: teamId,
    ...(fields.type === 'message' ? { channel_type: 'channel' } : {}),
    ...(fields.threadTs ? { thread_ts: fields.threadTs, parent_user_id: fields.botUserId ?? 'U0DIAGBOT' } : {}),
    ...(fields.botId ? { bot_id: fields.botId } : {}),
    ...(fields.subtype ? { subtype: fields.subtype } : {}),
    client_msg_id: randomBytes(16).toString('hex'),
  };
  return JSON.stringify({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: teamId,
    api_app_id: 'A0DIAG502',
    event,
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Number(fields.ts)),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: fields.botUserId ?? 'U0DIAGBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('hex')}`,
  });
}

/** POSTs a signed Events API delivery (JSON, as Slack sends events). */
export async function postSignedEvent(url: string, body: string, options: PostSignedOptions): Promise<Response> {
  return postSigned(url, body, { ...options, headers: { 'content-type': 'application/json', ...options.headers } });
}
