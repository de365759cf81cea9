import { createHash } from 'node:crypto';

/** Window in which an identical command without a trigger id counts as the same request. */
const FALLBACK_WINDOW_MS = 60_000;

/**
 * The key that makes every delivery of one slash command start at most one diagnosis.
 *
 * Slack gives each invocation its own `trigger_id` and resends the same body (same trigger id)
 * when it retries, so team + trigger id names exactly one request: a retry collides, while the
 * same person deliberately running the same command again a minute later does not. A hash of
 * team/channel/user/text would also swallow that deliberate re-run, so it is only the fallback
 * for payloads without a trigger id, bucketed to a one-minute window.
 */
export function commandDedupKey(
  body: { team_id?: string; trigger_id?: string; channel_id?: string; user_id?: string; command?: string; text?: string },
  now: Date,
): string {
  const team = body.team_id ?? 'unknown-team';
  if (body.trigger_id) return `slack-command:${team}:${body.trigger_id}`;
  const bucket = Math.floor(now.getTime() / FALLBACK_WINDOW_MS);
  const digest = createHash('sha256').update([team, body.channel_id, body.user_id, body.command, body.text, bucket].join('\u0000')).digest('hex');
  return `slack-command:${team}:h:${digest.slice(0, 32)}`;
}
