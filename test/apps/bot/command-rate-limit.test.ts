import { describe, expect, it } from 'vitest';
import { CommandRateLimit } from '../../../src/apps/bot/command-rate-limit.ts';

function limiter(perUserPerMinute: number, perChannelPerMinute: number) {
  let t = Date.parse('2026-11-22T10:00:00.000Z');
  const limit = new CommandRateLimit({ perUserPerMinute, perChannelPerMinute, now: () => new Date(t) });
  let n = 0;
  const take = (user: string, channel = 'C0INCIDENT', triggerId = `trigger-${++n}`) => limit.take({ user, channel, triggerId });
  return { take, release: (triggerId: string) => limit.release(triggerId), advance: (ms: number) => (t += ms) };
}

describe('CommandRateLimit', () => {
  it('allows a person their limit within a minute, then says when the oldest leaves the window', () => {
    // Prepare
    const l = limiter(3, 100);
    // Act
    const first = [l.take('U0ALICE'), l.take('U0ALICE')];
    l.advance(20_000);
    const third = l.take('U0ALICE');
    l.advance(15_000);
    const fourth = l.take('U0ALICE');
    const bob = l.take('U0BOB');
    l.advance(25_000);
    const afterWindow = l.take('U0ALICE');
    // Assess
    expect(first).toEqual([{ allowed: true }, { allowed: true }]);
    expect(third).toEqual({ allowed: true });
    expect(fourth).toEqual({
      allowed: false,
      retryAfterSeconds: 25,
      reason: 'You have run /diagnose-502 3 times in the last minute; try again in 25 seconds.',
    });
    expect(bob).toEqual({ allowed: true });
    expect(afterWindow).toEqual({ allowed: true });
  });

  it('limits a channel across people', () => {
    const l = limiter(10, 2);
    expect(l.take('U0ALICE').allowed).toBe(true);
    expect(l.take('U0BOB').allowed).toBe(true);
    expect(l.take('U0CAROL')).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/2 times in this channel in the last minute; try again in 60 seconds/),
    });
    expect(l.take('U0CAROL', 'C0OTHER').allowed).toBe(true);
  });

  it('counts a redelivered command once, and does not count refused ones', () => {
    const l = limiter(1, 100);
    expect(l.take('U0ALICE', 'C0INCIDENT', 'trigger-a').allowed).toBe(true);
    expect(l.take('U0ALICE', 'C0INCIDENT', 'trigger-a').allowed).toBe(true);
    expect(l.take('U0ALICE', 'C0INCIDENT', 'trigger-b').allowed).toBe(false);
    expect(l.take('U0ALICE', 'C0INCIDENT', 'trigger-b').allowed).toBe(false);
    l.advance(60_000);
    expect(l.take('U0ALICE', 'C0INCIDENT', 'trigger-b').allowed).toBe(true);
  });

  it('gives back what a command refused by the access rules had taken, once', () => {
    // Prepare: a channel allowing two commands a minute, one taken by someone the rules refuse.
    const l = limiter(5, 2);
    expect(l.take('U0MALLORY', 'C0INCIDENT', 'trigger-m').allowed).toBe(true);
    expect(l.take('U0ALICE', 'C0INCIDENT', 'trigger-a').allowed).toBe(true);
    // Act
    l.release('trigger-m');
    l.release('trigger-m');
    const redelivered = l.take('U0MALLORY', 'C0INCIDENT', 'trigger-m');
    const bob = l.take('U0BOB', 'C0INCIDENT', 'trigger-b');
    const carol = l.take('U0CAROL', 'C0INCIDENT', 'trigger-c');
    // Assess: Mallory's slot went to Bob, and a second release did not free another.
    expect(redelivered.allowed).toBe(true);
    expect(bob.allowed).toBe(true);
    expect(carol.allowed).toBe(false);
  });
});
