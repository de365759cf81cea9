/**
 * The JSON body Slack's Events API posts for one event (`type: event_callback`), with the
 * envelope fields Bolt reads: team, app, event id and time, and the authorizations list.
 */
import { randomBytes } from 'node:crypto';
import { SANDBOX_APP_ID, SANDBOX_BOT, SANDBOX_TEAM } from './sandbox-workspace.ts';

export function buildEventCallback(event: Record<string, unknown>, now = new Date()): string {
  return JSON.stringify({
    token: 'sandboxVerificationTok1',
    team_id: SANDBOX_TEAM.id,
    api_app_id: SANDBOX_APP_ID,
    event,
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(now.getTime() / 1000),
    authorizations: [{ enterprise_id: null, team_id: SANDBOX_TEAM.id, user_id: SANDBOX_BOT.userId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

/** `app_home_opened` for the Home tab, as Slack sends it when someone opens the app's Home. */
export function appHomeOpenedEvent(user: string, now = new Date()): Record<string, unknown> {
  return { type: 'app_home_opened', user, channel: `D${SANDBOX_BOT.userId.slice(1)}`, tab: 'home', event_ts: (now.getTime() / 1000).toFixed(6) };
}

/**
 * What Slack sends when someone writes in a thread: a `message` event, and an `app_mention` too
 * when the text mentions the bot (Slack sends both; the bot answers the mention once).
 */
export function threadReplyEvents(input: {
  channel: string;
  user: string;
  text: string;
  ts: string;
  threadTs: string;
  team?: string;
}): Record<string, unknown>[] {
  const common = {
    user: input.user,
    text: input.text,
    ts: input.ts,
    event_ts: input.ts,
    channel: input.channel,
    team: input.team ?? SANDBOX_TEAM.id,
    thread_ts: input.threadTs,
    parent_user_id: SANDBOX_BOT.userId,
    client_msg_id: randomBytes(16).toString('hex'),
  };
  const message = { type: 'message', channel_type: 'channel', ...common };
  return input.text.includes(`<@${SANDBOX_BOT.userId}>`) ? [{ type: 'app_mention', ...common }, message] : [message];
}
