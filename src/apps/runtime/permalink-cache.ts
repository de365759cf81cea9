/**
 * Thread links from chat.getPermalink (Tier 4), remembered per message: a thread's link never
 * changes, and App Home asks for the same ones every time someone opens it.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

const MAX_ENTRIES = 2_000;

export class PermalinkCache {
  private readonly links = new Map<string, string>();

  constructor(
    private readonly slack: Pick<WebClient, 'chat'>,
    private readonly logger: Logger,
  ) {}

  /** The link, or undefined when Slack cannot give one (message deleted, bot removed). */
  async of(channel: string, ts: string | undefined): Promise<string | undefined> {
    if (!ts) return undefined;
    const key = `${channel}:${ts}`;
    const known = this.links.get(key);
    if (known) return known;
    try {
      const res = await this.slack.chat.getPermalink({ channel, message_ts: ts });
      if (!res.permalink) return undefined;
      if (this.links.size >= MAX_ENTRIES) this.links.delete(this.links.keys().next().value!);
      this.links.set(key, res.permalink);
      return res.permalink;
    } catch (error) {
      this.logger.warn({ err: error, channel, ts }, 'chat.getPermalink failed; showing the incident without a link');
      return undefined;
    }
  }
}
