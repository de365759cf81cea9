import type { LogCategory, LogClass, LogSample } from './types.ts';

export const MAX_SAMPLES_PER_CLASS = 3;
export const MAX_SAMPLE_CHARS = 500;

/**
 * Counts failure lines per category, keeping the first and last time each was seen and a few
 * samples. A request that logs the same failure twice is counted once, when its id is known, so a
 * count reads as "requests that failed this way".
 */
export class LogClassTally {
  private readonly classes = new Map<LogCategory, LogClass>();
  private readonly seen = new Set<string>();

  add(category: LogCategory, sample: LogSample): void {
    if (sample.requestId !== undefined) {
      const key = `${category}\u0000${sample.requestId}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    const existing = this.classes.get(category);
    if (!existing) {
      this.classes.set(category, {
        category,
        count: 1,
        firstSeen: sample.timestamp,
        lastSeen: sample.timestamp,
        samples: [trimSample(sample)],
      });
      return;
    }
    existing.count++;
    // Pages are not guaranteed to arrive in time order across log streams.
    if (sample.timestamp < existing.firstSeen) existing.firstSeen = sample.timestamp;
    if (sample.timestamp > existing.lastSeen) existing.lastSeen = sample.timestamp;
    if (existing.samples.length < MAX_SAMPLES_PER_CLASS) existing.samples.push(trimSample(sample));
  }

  /** Whether any category was recorded for this request. */
  hasRequest(requestId: string): boolean {
    for (const category of this.classes.keys()) {
      if (this.seen.has(`${category}\u0000${requestId}`)) return true;
    }
    return false;
  }

  /** The classes, most frequent first. */
  toClasses(): LogClass[] {
    return [...this.classes.values()].sort((a, b) => b.count - a.count || a.firstSeen.localeCompare(b.firstSeen));
  }
}

function trimSample(sample: LogSample): LogSample {
  const message = sample.message.trim();
  const trimmed = message.length > MAX_SAMPLE_CHARS ? `${message.slice(0, MAX_SAMPLE_CHARS - 1)}…` : message;
  return { ...sample, message: trimmed };
}
