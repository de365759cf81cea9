import { describe, expect, it } from 'vitest';
import { closeStormGroup, groupKey, joinStormGroup, stormApiKey, type StormGroup } from '../../../src/apps/runtime/join-storm-group.ts';
import { MemoryPagerDutyStore } from '../../../src/adapters/pagerduty/memory-pagerduty-store.ts';

const ref = { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' };
const apiKey = stormApiKey(ref, undefined);
const T0 = new Date('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const join = (store: MemoryPagerDutyStore, incidentId: string, now = T0, key = apiKey) =>
  joinStormGroup(store, { apiKey: key, ref, channel: 'C0PAGERDUT', incidentId, now, windowMs: 10 * 60_000 });

describe('joinStormGroup', () => {
  it('makes exactly one leader among incidents arriving together, and lists them all', async () => {
    // Prepare
    const store = new MemoryPagerDutyStore(() => T0);

    // Act
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => join(store, `P${i}`)));

    // Assess
    expect(results.filter((r) => r.leader)).toHaveLength(1);
    expect(new Set(results.map((r) => r.group.groupId)).size).toBe(1);
    const group = (await store.get<StormGroup>(groupKey(results[0]!.group.groupId)))?.value;
    expect([...(group?.incidentIds ?? [])].sort()).toEqual(['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7']);
    expect(group).toMatchObject({ apiKey: 'own:us-east-1:k7x2m9q4ta:prod', ref, channel: 'C0PAGERDUT', requestedAt: T0.toISOString() });
  });

  it('opens a new group once the window has passed', async () => {
    const store = new MemoryPagerDutyStore(() => T0);
    const first = await join(store, 'P1', at(0));
    const within = await join(store, 'P2', at(9.9));
    const after = await join(store, 'P3', at(10));
    expect([first.leader, within.leader, after.leader]).toEqual([true, false, true]);
    expect(within.group.groupId).toBe(first.group.groupId);
    expect(after.group.groupId).not.toBe(first.group.groupId);
    expect(after.group.incidentIds).toEqual(['P3']);
  });

  it('keeps APIs (and accounts) apart', async () => {
    const store = new MemoryPagerDutyStore(() => T0);
    const a = await join(store, 'P1');
    const b = await join(store, 'P2', T0, stormApiKey({ ...ref, stage: 'staging' }, undefined));
    const c = await join(store, 'P3', T0, stormApiKey(ref, '210987654321'));
    expect([a.leader, b.leader, c.leader]).toEqual([true, true, true]);
  });

  it('is idempotent for the same incident', async () => {
    const store = new MemoryPagerDutyStore(() => T0);
    await join(store, 'P1');
    const again = await join(store, 'P1');
    expect(again.leader).toBe(false);
    expect(again.group.incidentIds).toEqual(['P1']);
  });

  it('lets the next incident lead once a group is closed', async () => {
    const store = new MemoryPagerDutyStore(() => T0);
    const first = await join(store, 'P1');
    await closeStormGroup(store, first.group);
    const next = await join(store, 'P2', at(1));
    expect(next.leader).toBe(true);
    expect(next.group.groupId).not.toBe(first.group.groupId);
  });
});
