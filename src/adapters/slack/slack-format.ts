/**
 * Slack-only ways of writing a time and a person: date tokens that Slack shows in each reader's
 * time zone, and user mentions. Everything else is shared with the CLI (core/view/format-values).
 */
import { utcDateTime } from '../../core/view/format-values.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';

/** Slack shows a date token in each reader's own time zone; the fallback text is UTC. */
export function slackDate(iso: string, format = '{date_short_pretty} {time}'): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^${format}|${utcDateTime(iso)} UTC>`;
}

/** A Slack user id (U…/W…) becomes a mention; anyone else (e.g. "PagerDuty", an IAM user) stays a name. */
export function mention(who: string): string {
  return isSlackUserId(who) ? `<@${who}>` : escapeMrkdwn(who);
}

export function isSlackUserId(who: string): boolean {
  return /^[UW][A-Z0-9]{2,}$/.test(who);
}
