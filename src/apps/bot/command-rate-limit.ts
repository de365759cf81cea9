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
  private readonly seen = new Map<string, { at: number; user: string; channel: string; released?: boolean }>();

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
    this.seen.set(command.triggerId, { at: nowMs, user: command.user, channel: command.channel });
    return { allowed: true };
  }

  /**
   * Un-counts a command the access rules then refused: the limit is taken before the (slower)
   * access check so the refusal can go in the acknowledgement, and people who may not run the
   * command must not use up a channel's allowance for those who may. The trigger id stays
   * known, so a redelivery is not counted either.
   */
  release(triggerId: string): void {
    const counted = this.seen.get(triggerId);
    if (!counted || counted.released) return;
    counted.released = true;
    for (const key of [`user:${counted.user}`, `channel:${counted.channel}`]) {
      const list = this.hits.get(key);
      const at = list?.indexOf(counted.at) ?? -1;
      if (list && at >= 0) list.splice(at, 1);
    }
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
    for (const [id, counted] of this.seen) if (counted.at <= cutoffMs) this.seen.delete(id);
  }
}

/** Whole seconds until the oldest counted command leaves the window, at least one. */
function retryAfter(list: number[], nowMs: number): number {
  return Math.max(1, Math.ceil((list[0]! + WINDOW_MS - nowMs) / 1000));
}

function seconds(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}
