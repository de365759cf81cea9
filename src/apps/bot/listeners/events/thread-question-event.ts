/**
 * Questions in a diagnosis thread: an `app_mention` anywhere in a thread, or a plain reply in a
 * thread (the `message` event). Bolt acknowledges events itself; this only filters, checks access
 * and queues a `followup` job, which finds the diagnosis by its thread and answers from the
 * stored evidence. The bot's own messages, edits, top-level messages and other bots are ignored.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ThreadQuestion } from '../../../../adapters/jobs/bot-job.ts';
import type { ListenerDeps } from '../../listener-deps.ts';

interface ThreadMessage {
  channel?: string;
  user?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
  team?: string;
}

/** `app_mention`: the person addressed the bot, so an unclear question still gets the help answer. */
export function threadMentionEvent(deps: ListenerDeps) {
  return async function onAppMention({ event, context, body, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> {
    await queueQuestion(deps, client, event as ThreadMessage, { mentioned: true, botUserId: context.botUserId, teamId: teamOf(body, context) });
  };
}

/**
 * `message` in a thread without a mention of the bot (those arrive again as app_mention): only a
 * question the rules recognise is answered, so people talking to each other are left alone.
 */
export function threadMessageEvent(deps: ListenerDeps) {
  return async function onThreadMessage({ event, context, body, client }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> {
    const message = event as ThreadMessage;
    if (context.botUserId && message.text?.includes(`<@${context.botUserId}>`)) return;
    await queueQuestion(deps, client, message, { mentioned: false, botUserId: context.botUserId, teamId: teamOf(body, context) });
  };
}

async function queueQuestion(
  deps: ListenerDeps,
  client: WebClient,
  message: ThreadMessage,
  how: { mentioned: boolean; botUserId?: string; teamId?: string },
): Promise<void> {
  const { channel, user, ts, thread_ts: threadTs } = message;
  // Edits, joins and bot posts carry a subtype or a bot_id; the bot never answers itself.
  if (message.subtype || message.bot_id || !channel || !user || !ts || !threadTs || threadTs === ts) return;
  if (how.botUserId && user === how.botUserId) return;
  const log = deps.logger.child({ event: how.mentioned ? 'app_mention' : 'message', user, channel });
  const decision = await deps.accessCheck({ userId: user, channelId: channel });
  if (!decision.allowed) {
    // Only someone who addressed the bot hears why it stays silent.
    log.info({ mentioned: how.mentioned }, 'refused a thread question');
    if (how.mentioned) {
      await client.chat
        .postEphemeral({ channel, user, thread_ts: threadTs, text: decision.reason })
        .catch((error: unknown) => log.warn({ err: error }, 'could not tell a refused user why'));
    }
    return;
  }
  const question: ThreadQuestion = {
    channel,
    threadTs,
    ts,
    user,
    ...(how.teamId ? { teamId: how.teamId } : {}),
    text: message.text ?? '',
    mentioned: how.mentioned,
    at: deps.now().toISOString(),
  };
  await deps.queue.enqueue({ kind: 'followup', question });
}

function teamOf(body: unknown, context: { teamId?: string }): string | undefined {
  const team = (body as { team_id?: unknown }).team_id;
  return typeof team === 'string' ? team : context.teamId;
}
