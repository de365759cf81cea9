/**
 * Per-person and per-channel limits on `/diagnose-502`, over a sliding minute. Each command starts
 * AWS reads and a Slack thread; without a limit one person (or a script with a user's token) can
 * queue hundreds, and during a Slack or AWS outage they pile up behind the job pool. Counted in
 * this process's memory: the local bot is one process, and a restart forgetting the last minute
 * is harmless.
 */

export interface CommandRateLimitSettings {
  perUserPerMinute: number;
  perChannelPerMinute: number;
  now: () => Date;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; reason: string };

const WINDOW_MS = 60_000;

export class CommandRateLimit {
  /** Times of the commands counted per key ("user:U…", "channel:C…"), oldest first, within the window. */
  private readonly hits = new Map<string, number[]>();
  /** Commands already counted, by trigger id: a redelivery of one command is not a second command. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly settings: CommandRateLimitSettings) {}

  /** Counts the command if it is allowed; a refused command is not counted. */
  take(command: { user: string; channel: string; triggerId: string }): RateDecision {
    const nowMs = this.settings.now().getTime();
    this.forgetBefore(nowMs - WINDOW_MS);
    if (this.seen.has(command.triggerId)) return { allowed: true };
    const user = this.recent(`user:${command.user}`);
    const channel = this.recent(`channel:${command.channel}`);
    if (user.length >= this.settings.perUserPerMinute) {
      const wait = retryAfter(user, nowMs);
      return {
        allowed: false,
        retryAfterSeconds: wait,
        reason: `You have run /diagnose-502 ${user.length} times in the last minute; try again in ${seconds(wait)}.`,
      };
    }
    if (channel.length >= this.settings.perChannelPerMinute) {
      const wait = retryAfter(channel, nowMs);
      return {
        allowed: false,
        retryAfterSeconds: wait,
        reason: `/diagnose-502 has run ${channel.length} times in this channel in the last minute; try again in ${seconds(wait)}.`,
      };
    }
    user.push(nowMs);
    channel.push(nowMs);
    this.seen.set(command.triggerId, nowMs);
    return { allowed: true };
  }

  private recent(key: string): number[] {
    let list = this.hits.get(key);
    if (!list) {
      list = [];
      this.hits.set(key, list);
    }
    return list;
  }

  /** Drops what has left the window, so memory stays bounded by the last minute's commands. */
  private forgetBefore(cutoffMs: number): void {
    for (const [key, list] of this.hits) {
      while (list.length > 0 && list[0]! <= cutoffMs) list.shift();
      if (list.length === 0) this.hits.delete(key);
    }
    for (const [id, at] of this.seen) if (at <= cutoffMs) this.seen.delete(id);
  }
}

/** Whole seconds until the oldest counted command leaves the window, at least one. */
function retryAfter(list: number[], nowMs: number): number {
  return Math.max(1, Math.ceil((list[0]! + WINDOW_MS - nowMs) / 1000));
}

function seconds(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}
