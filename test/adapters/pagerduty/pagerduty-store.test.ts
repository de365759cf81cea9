import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryPagerDutyStore } from '../../../src/adapters/pagerduty/memory-pagerduty-store.ts';
import { mutate, type PagerDutyStore } from '../../../src/adapters/pagerduty/pagerduty-store.ts';
import { SqlitePagerDutyStore } from '../../../src/adapters/pagerduty/sqlite-pagerduty-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'pd-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kinds: Array<[string, (now: () => Date, file?: string) => PagerDutyStore]> = [
  ['MemoryPagerDutyStore', (now) => new MemoryPagerDutyStore(now)],
  ['SqlitePagerDutyStore', (now, file) => new SqlitePagerDutyStore({ path: file ?? ':memory:', now })],
];

describe.each(kinds)('%s', (_name, make) => {
  it('writes with compare-and-set on the version', async () => {
    const store = make(() => new Date('2026-03-02T10:00:00Z'));
    expect(await store.get('k')).toBeNull();
    expect(await store.put('k', { a: 1 }, null, 60)).toBe(1);
    expect(await store.put('k', { a: 2 }, null, 60)).toBeNull();
    expect(await store.put('k', { a: 3 }, 7, 60)).toBeNull();
    expect(await store.put('k', { a: 4 }, 1, 60)).toBe(2);
    expect(await store.get('k')).toEqual({ value: { a: 4 }, version: 2 });
    await store.close();
  });

  it('forgets a record once its time is up, and lets it be written afresh', async () => {
    let now = new Date('2026-03-02T10:00:00Z');
    const store = make(() => now);
    await store.put('k', 'old', null, 60);
    now = new Date('2026-03-02T10:01:00Z');
    expect(await store.get('k')).toBeNull();
    expect(await store.put('k', 'stale writer', 1, 60)).toBeNull();
    expect(await store.put('k', 'new', null, 60)).toBe(1);
    expect((await store.get('k'))?.value).toBe('new');
    await store.close();
  });

  it('loses no update when writers race (mutate retries on conflict)', async () => {
    const store = make(() => new Date('2026-03-02T10:00:00Z'));
    await Promise.all(Array.from({ length: 25 }, (_, i) => mutate<number[]>(store, 'list', (list) => [...(list ?? []), i])));
    const list = (await store.get<number[]>('list'))?.value ?? [];
    expect([...list].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    await store.close();
  });
});

describe('SqlitePagerDutyStore', () => {
  it('loses no update when two processes (two connections to one file) race', async () => {
    const file = join(dir, 'race.sqlite');
    const a = new SqlitePagerDutyStore({ path: file });
    const b = new SqlitePagerDutyStore({ path: file });
    await Promise.all(Array.from({ length: 20 }, (_, i) => mutate<number[]>(i % 2 === 0 ? a : b, 'list', (list) => [...(list ?? []), i])));
    const list = (await a.get<number[]>('list'))?.value ?? [];
    expect([...list].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await Promise.all([a.close(), b.close()]);
  });

  it("keeps records across a restart, next to the bot's own tables", async () => {
    const file = join(dir, 'state.sqlite');
    const first = new SqlitePagerDutyStore({ path: file });
    await first.put('storm:own:us-east-1:k7x2m9q4ta:prod', { groupId: 'g1' }, null, 3600);
    await first.close();
    const second = new SqlitePagerDutyStore({ path: file });
    expect(await second.get('storm:own:us-east-1:k7x2m9q4ta:prod')).toEqual({ value: { groupId: 'g1' }, version: 1 });
    await second.close();
  });
});
