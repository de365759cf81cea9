import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createAccessCheck } from '../../../src/apps/bot/create-access-check.ts';

const logger = pino({ level: 'silent' });

function groups(members: Record<string, string[]>, fail = false) {
  const list = vi.fn(async ({ usergroup }: { usergroup: string }) => {
    if (fail) throw Object.assign(new Error('An API error occurred: missing_scope'), { data: { ok: false, error: 'missing_scope' } });
    return { ok: true, users: members[usergroup] ?? [] };
  });
  return { client: { usergroups: { users: { list } } } as never, list };
}

describe('createAccessCheck', () => {
  it('lets everyone in without rules', async () => {
    const check = createAccessCheck({ rules: undefined, ...groups({}), logger });
    expect(await check({ userId: 'U1', channelId: 'C1' })).toEqual({ allowed: true });
  });

  it('restricts channels alone without restricting people', async () => {
    const check = createAccessCheck({ rules: { channels: ['C0INC'] }, ...groups({}), logger });
    expect(await check({ userId: 'U1', channelId: 'C0INC' })).toEqual({ allowed: true });
    expect(await check({ userId: 'U1', channelId: 'C0RANDOM' })).toEqual({
      allowed: false,
      reason: 'diagnose-502 is not enabled in this channel. Use it in <#C0INC>.',
    });
  });

  it('lets in listed users and members of listed groups, caching group lookups', async () => {
    // Prepare
    let t = 0;
    const { client, list } = groups({ S0ONCALL: ['U0CAROL'] });
    const check = createAccessCheck({ rules: { users: ['U0ALICE'], usergroups: ['S0ONCALL'] }, client, logger, cacheTtlMs: 1000, now: () => t });
    // Act + Assess
    expect(await check({ userId: 'U0ALICE', channelId: 'C1' })).toEqual({ allowed: true });
    expect(await check({ userId: 'U0CAROL', channelId: 'C1' })).toEqual({ allowed: true });
    expect(await check({ userId: 'U0CAROL', channelId: 'C1' })).toEqual({ allowed: true });
    expect(list).toHaveBeenCalledTimes(1);
    const refused = await check({ userId: 'U0MALLORY', channelId: 'C1' });
    expect(refused).toEqual({
      allowed: false,
      reason: 'Sorry, you are not allowed to run diagnose-502. Access is limited to <@U0ALICE>, <!subteam^S0ONCALL>.',
    });
    t = 1001;
    await check({ userId: 'U0CAROL', channelId: 'C1' });
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('says no, and says why, when group membership cannot be read', async () => {
    const check = createAccessCheck({ rules: { usergroups: ['S0ONCALL'] }, ...groups({}, true), logger });
    const decision = await check({ userId: 'U0CAROL', channelId: 'C1' });
    expect(decision.allowed).toBe(false);
    expect(!decision.allowed && decision.reason).toMatch(/could not check group membership.*usergroups:read/);
  });
});
