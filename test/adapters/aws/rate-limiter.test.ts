import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, getSharedRateLimiter } from '../../../src/adapters/aws/rate-limiter.ts';
import type { RateLimiter } from '../../../src/adapters/aws/rate-limiter.ts';

/**
 * A clock whose sleeps end on the next turn of the event loop and move time forward by what was
 * asked; callers already granted see the time of their grant first.
 */
function instantClock() {
  const clock = { t: 0, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      await flush();
      clock.t += ms;
    },
  };
}

/** A clock whose single pending sleep ends only when the test says so. */
function manualClock() {
  const state = { t: 0, requested: [] as number[], wake: undefined as (() => void) | undefined };
  return {
    state,
    now: () => state.t,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        state.requested.push(ms);
        state.wake = () => {
          state.t += ms;
          resolve();
        };
      }),
  };
}

async function flush(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

/** Starts the acquires in order and records the clock time at which each was granted. */
function acquireAll(limiter: RateLimiter, now: () => number, count: number): Promise<number[]> {
  return Promise.all(Array.from({ length: count }, () => limiter.acquire().then(() => now())));
}

describe('createRateLimiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets two calls through at 2/s and makes the third wait 500 ms', async () => {
    // Prepare
    const { clock, now, sleep } = instantClock();
    const limiter = createRateLimiter({ perSecond: 2, now, sleep });

    // Act
    const granted = await acquireAll(limiter, now, 3);

    // Assess
    expect(granted).toEqual([0, 0, 500]);
    expect(clock.sleeps).toEqual([500]);
  });

  it('serves waiters in the order they asked', async () => {
    // Prepare
    const { now, sleep } = instantClock();
    const limiter = createRateLimiter({ perSecond: 2, now, sleep });
    const order: string[] = [];

    // Act
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => limiter.acquire().then(() => order.push(`${name}@${now()}`))));

    // Assess
    expect(order).toEqual(['a@0', 'b@0', 'c@500', 'd@1000', 'e@1500']);
  });

  it('refills after a quiet spell, up to the burst', async () => {
    // Prepare
    const { clock, now, sleep } = instantClock();
    const limiter = createRateLimiter({ perSecond: 2, burst: 2, now, sleep });
    await acquireAll(limiter, now, 2);

    // Act
    clock.t = 10_000;
    const granted = await acquireAll(limiter, now, 3);

    // Assess
    expect(granted).toEqual([10_000, 10_000, 10_500]);
  });

  it('rejects a waiting acquire with an AbortError and gives its place to the next waiter', async () => {
    // Prepare
    const { state, now, sleep } = manualClock();
    const limiter = createRateLimiter({ perSecond: 1, now, sleep });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    let nextGrantedAt: number | undefined;
    const next = limiter.acquire().then(() => {
      nextGrantedAt = now();
    });
    await flush();

    // Act
    controller.abort();
    const error = await aborted.catch((e: unknown) => e);
    state.wake?.();
    await next;

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
    expect(state.requested).toEqual([1000]);
    expect(nextGrantedAt).toBe(1000);
  });

  it('rejects at once when the signal is already aborted, without using a token', async () => {
    // Prepare
    const { now, sleep } = instantClock();
    const limiter = createRateLimiter({ perSecond: 1, now, sleep });

    // Act
    const error = await limiter.acquire(AbortSignal.abort()).catch((e: unknown) => e);
    const grantedAt = await limiter.acquire().then(() => now());

    // Assess
    expect((error as Error).name).toBe('AbortError');
    expect(grantedAt).toBe(0);
  });

  it('waits on real timers when no clock is injected', async () => {
    // Prepare
    vi.useFakeTimers();
    const limiter = createRateLimiter({ perSecond: 2 });
    let third = false;
    await limiter.acquire();
    await limiter.acquire();
    void limiter.acquire().then(() => {
      third = true;
    });

    // Act
    await vi.advanceTimersByTimeAsync(490);
    const early = third;
    await vi.advanceTimersByTimeAsync(20);

    // Assess
    expect(early).toBe(false);
    expect(third).toBe(true);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createRateLimiter({ perSecond: 0 })).toThrow(RangeError);
    expect(() => createRateLimiter({ perSecond: 2, burst: 0 })).toThrow(RangeError);
  });

  it('never grants more than burst + rate × elapsed over random arrival schedules', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(1, 2, 5),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 25 }),
        async (perSecond, burst, arrivals) => {
          const granted = await simulate(
            { perSecond, burst },
            [...arrivals].sort((a, b) => a - b),
          );
          const times = granted.map((g) => g.at);
          // Every waiter is served, in arrival order, never before it asked.
          expect(granted.every((g) => g.at >= g.arrival)).toBe(true);
          expect(times).toEqual([...times].sort((a, b) => a - b));
          // A token bucket lets at most burst + rate × (t_j − t_i) calls through in [t_i, t_j].
          for (let i = 0; i < times.length; i += 1) {
            for (let j = i; j < times.length; j += 1) {
              const allowed = burst + (perSecond * ((times[j] ?? 0) - (times[i] ?? 0))) / 1000;
              expect(j - i + 1).toBeLessThanOrEqual(allowed + 1e-6);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

/**
 * Discrete-event simulation: callers arrive at the given times and the limiter's sleeps become
 * timers on a virtual clock, so no real time passes.
 */
async function simulate(options: { perSecond: number; burst: number }, arrivals: number[]): Promise<Array<{ arrival: number; at: number }>> {
  let t = 0;
  const timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  let seq = 0;
  const limiter = createRateLimiter({
    ...options,
    now: () => t,
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: t + ms, seq: seq++, fire: resolve })),
  });
  const granted: Array<{ arrival: number; at: number }> = [];
  const pending: Promise<void>[] = [];
  for (const arrival of arrivals) {
    timers.push({
      at: arrival,
      seq: seq++,
      fire: () => {
        pending.push(limiter.acquire().then(() => void granted.push({ arrival, at: t })));
      },
    });
  }
  while (timers.length > 0) {
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const timer = timers.shift();
    if (!timer) break;
    t = Math.max(t, timer.at);
    timer.fire();
    await flush();
  }
  await Promise.all(pending);
  return granted;
}

describe('getSharedRateLimiter', () => {
  it('returns one limiter per key', () => {
    const a = getSharedRateLimiter('cloudtrail:111122223333:eu-west-1', 2);
    const again = getSharedRateLimiter('cloudtrail:111122223333:eu-west-1', 2);
    const otherRegion = getSharedRateLimiter('cloudtrail:111122223333:us-east-1', 2);

    expect(again).toBe(a);
    expect(otherRegion).not.toBe(a);
  });
});
