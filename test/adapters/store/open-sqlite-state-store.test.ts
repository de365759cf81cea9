import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStateStore, StateDbError } from '../../../src/adapters/store/open-sqlite-state-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'd502-open-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openSqliteStateStore', () => {
  it('opens a new state file and the same file again', async () => {
    const path = join(dir, 'data', 'state.sqlite');
    const store = openSqliteStateStore({ path });
    await store.close();
    const again = openSqliteStateStore({ path });
    expect(await again.listOpen()).toEqual([]);
    await again.close();
  });

  it('refuses a file that is not a database, naming STATE_DB and what to do', async () => {
    const path = join(dir, 'state.sqlite');
    await writeFile(path, 'overwritten by accident '.repeat(300));
    const error = (() => {
      try {
        openSqliteStateStore({ path });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StateDbError);
    expect((error as StateDbError).code).toBe('state_db_unusable');
    expect((error as Error).message).toContain(`STATE_DB=${path}`);
    expect((error as Error).message).toMatch(/move it aside/);
  });

  it('refuses a path whose folder cannot be created', async () => {
    await writeFile(join(dir, 'file'), 'x');
    expect(() => openSqliteStateStore({ path: join(dir, 'file', 'state.sqlite') })).toThrow(/STATE_DB=.*writable folder/);
  });
});
