/**
 * PagerDutyStore in SQLite (better-sqlite3). It can share the bot's database file (STATE_DB): it
 * keeps to its own table. Each statement is atomic, so compare-and-set needs no transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { PagerDutyStore, Versioned } from './pagerduty-store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS pagerduty_records (
  key TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  version INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pagerduty_records_expiry ON pagerduty_records (expires_at);
`;

export interface SqlitePagerDutyStoreOptions {
  /** File path, or ":memory:". */
  path: string;
  now?: () => Date;
}

export class SqlitePagerDutyStore implements PagerDutyStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;

  constructor(options: SqlitePagerDutyStoreOptions) {
    this.now = options.now ?? (() => new Date());
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  async get<T>(key: string): Promise<Versioned<T> | null> {
    const row = this.db.prepare('SELECT body, version FROM pagerduty_records WHERE key = ? AND expires_at > ?').get(key, this.now().getTime()) as
      | { body: string; version: number }
      | undefined;
    return row ? { value: JSON.parse(row.body) as T, version: row.version } : null;
  }

  async put<T>(key: string, value: T, expectedVersion: number | null, ttlSeconds: number): Promise<number | null> {
    const nowMs = this.now().getTime();
    const body = JSON.stringify(value);
    const expiresAt = nowMs + ttlSeconds * 1000;
    if (expectedVersion === null) {
      // Absent or expired: an expired row is taken over (its version restarts at 1).
      const changes = this.db
        .prepare(
          'INSERT INTO pagerduty_records (key, body, version, expires_at) VALUES (?, ?, 1, ?) ON CONFLICT (key) DO UPDATE SET body = excluded.body, version = 1, expires_at = excluded.expires_at WHERE pagerduty_records.expires_at <= ?',
        )
        .run(key, body, expiresAt, nowMs).changes;
      if (changes !== 1) return null;
      this.db.prepare('DELETE FROM pagerduty_records WHERE expires_at <= ?').run(nowMs);
      return 1;
    }
    const changes = this.db
      .prepare('UPDATE pagerduty_records SET body = ?, version = version + 1, expires_at = ? WHERE key = ? AND version = ? AND expires_at > ?')
      .run(body, expiresAt, key, expectedVersion, nowMs).changes;
    return changes === 1 ? expectedVersion + 1 : null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
