import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../../src/adapters/store/sqlite-state-store.ts';
import { newRecord, runStateStoreContract } from './state-store.contract.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'd502-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

runStateStoreContract(
  'SqliteStateStore (file)',
  async (clock, retention) => new SqliteStateStore({ path: join(await tempDir(), 'state.sqlite'), now: clock.now, retention }),
);
runStateStoreContract('SqliteStateStore (:memory:)', (clock, retention) => new SqliteStateStore({ path: ':memory:', now: clock.now, retention }));

describe('SqliteStateStore on disk', () => {
  it('creates the directory, uses WAL and keeps records across a close and reopen', async () => {
    // Prepare
    const path = join(await tempDir(), 'nested', 'deeper', 'state.sqlite');
    const first = new SqliteStateStore({ path });
    await first.create(newRecord());
    await first.update('diag-1', 1, { messages: { verdict: '1.2' } });
    expect(await first.claimOnce('k', 600)).toBe(true);
    await first.close();
    // Act
    const second = new SqliteStateStore({ path });
    // Assess
    expect(existsSync(path)).toBe(true);
    expect(await second.get('diag-1')).toMatchObject({ version: 2, messages: { verdict: '1.2' } });
    expect(await second.claimOnce('k', 600)).toBe(false);
    await second.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('enforces compare-and-set between two connections to one file', async () => {
    const path = join(await tempDir(), 'shared.sqlite');
    const a = new SqliteStateStore({ path });
    const b = new SqliteStateStore({ path });
    await a.create(newRecord());
    expect((await a.update('diag-1', 1, { messages: { a: '1' } })).ok).toBe(true);
    expect(await b.update('diag-1', 1, { messages: { b: '2' } })).toEqual({ ok: false, reason: 'conflict' });
    expect((await b.update('diag-1', 2, { messages: { b: '2' } })).ok).toBe(true);
    expect((await a.get('diag-1'))?.messages).toEqual({ a: '1', b: '2' });
    await a.close();
    await b.close();
  });

  // Issue 11, finding 5: every start loaded every diagnosis ever left at a verdict.
  it('deletes the rows past retention when it opens, and keeps the rest', async () => {
    // Prepare
    const path = join(await tempDir(), 'retention.sqlite');
    const retention = { dormantAfterMs: 3_600_000, expireAfterMs: 86_400_000 };
    let t = Date.parse('2026-11-22T10:00:00.000Z');
    const first = new SqliteStateStore({ path, retention, now: () => new Date(t) });
    await first.create(newRecord({ id: 'old-open' }));
    await first.create(newRecord({ id: 'old-closed', open: false }));
    t += 3_600_000;
    await first.create(newRecord({ id: 'recent' }));
    await first.close();
    t += 86_400_000 - 1_000;
    // Act
    const second = new SqliteStateStore({ path, retention, now: () => new Date(t) });
    await second.close();
    // Assess
    const raw = new Database(path, { readonly: true });
    expect((raw.prepare('SELECT id FROM diagnoses ORDER BY id').all() as { id: string }[]).map((r) => r.id)).toEqual(['recent']);
    raw.close();
  });

  it('refuses a database written by a newer schema', async () => {
    const path = join(await tempDir(), 'future.sqlite');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => new SqliteStateStore({ path })).toThrowError(/newer diagnose-502 \(schema 99/);
  });
});
