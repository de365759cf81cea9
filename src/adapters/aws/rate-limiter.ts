/**
 * A token bucket that paces calls to a rate-limited AWS API (CloudTrail LookupEvents allows two
 * calls per second per account and Region). Waiters are served first come, first served, so one
 * busy diagnosis cannot starve another that shares the bucket.
 */

/** Resolves when the caller may make one call; rejects with an AbortError if `signal` fires first. */
export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface RateLimiterOptions {
  /** Sustained calls per second. */
  perSecond: number;
  /** Calls allowed back to back after a quiet spell; defaults to one second's worth (at least 1). */
  burst?: number;
  /** Milliseconds clock; injectable so tests need not wait. */
  now?: () => number;
  /** Waits `ms` milliseconds; injectable so tests can drive a fake clock. */
  sleep?: (ms: number) => Promise<void>;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

// Refills land on fractional tokens; without some slack a waiter could spin on 0.9999999.
const EPSILON = 1e-9;

/**
 * @example
 * const limiter = createRateLimiter({ perSecond: 2 });
 * await limiter.acquire(signal);
 * await client.send(new LookupEventsCommand(input), { abortSignal: signal });
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perSecond } = options;
  if (!Number.isFinite(perSecond) || perSecond <= 0) {
    throw new RangeError(`perSecond must be a positive number, got ${perSecond}`);
  }
  const burst = options.burst ?? Math.max(1, Math.floor(perSecond));
  if (!Number.isFinite(burst) || burst < 1) {
    throw new RangeError(`burst must be at least 1, got ${burst}`);
  }
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? defaultSleep;

  let tokens = burst;
  let refilledAt = now();
  const queue: Waiter[] = [];
  let pumping = false;

  function refill(): void {
    const t = now();
    // A clock that steps backwards must not take tokens away.
    const elapsed = Math.max(0, t - refilledAt);
    tokens = Math.min(burst, tokens + (elapsed / 1000) * perSecond);
    refilledAt = t;
  }

  function take(): boolean {
    refill();
    if (tokens + EPSILON < 1) return false;
    tokens = Math.max(0, tokens - 1);
    return true;
  }

  // One loop hands out tokens in queue order; it sleeps until the next token is due.
  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        if (take()) {
          const waiter = queue.shift();
          waiter?.detach();
          waiter?.resolve();
          continue;
        }
        const waitMs = ((1 - tokens) / perSecond) * 1000;
        await sleep(Math.max(waitMs, 0));
      }
    } catch (error) {
      // Only a broken injected sleep gets here; fail the waiters rather than leave them hanging.
      for (const waiter of queue.splice(0)) {
        waiter.detach();
        waiter.reject(error);
      }
    } finally {
      pumping = false;
    }
  }

  return {
    acquire(signal?: AbortSignal): Promise<void> {
      if (signal?.aborted) return Promise.reject(abortError(signal));
      if (queue.length === 0 && take()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          // Leaving the queue lets the waiters behind move up into this place.
          if (index >= 0) queue.splice(index, 1);
          reject(abortError(signal));
        };
        const waiter: Waiter = {
          resolve,
          reject,
          detach: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        void pump();
      });
    },
  };
}

const shared = new Map<string, RateLimiter>();

/**
 * One limiter per key for the whole process, e.g. `cloudtrail:<account>:<region>`, so that
 * concurrent diagnoses of the same account (an alert storm) draw from one bucket. The first
 * caller's rate wins for a key.
 */
export function getSharedRateLimiter(key: string, perSecond: number): RateLimiter {
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = createRateLimiter({ perSecond });
    shared.set(key, limiter);
  }
  return limiter;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function abortError(signal: AbortSignal | undefined): Error {
  const error = new Error('stopped while waiting for a rate-limit slot', { cause: signal?.reason });
  error.name = 'AbortError';
  return error;
}
