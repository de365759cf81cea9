/**
 * StateStore on one embedded SQLite file (better-sqlite3, WAL). The record travels as one JSON
 * column; version, open and times have their own columns so compare-and-set and the start-up
 * scan are plain indexed SQL. Retention counts from `updated_at`: expired rows are deleted when
 * the store opens and never read after, and dormant ones are left out of `listOpen` by the same
 * column, so a change of the settings applies to old rows too. better-sqlite3 is synchronous, so a read-merge-write inside an
 * IMMEDIATE transaction is atomic even against another process sharing the file.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  DEFAULT_RETENTION,
  DuplicateRecordError,
  type DiagnosisPatch,
  type DiagnosisRecord,
  type NewDiagnosisRecord,
  type RetentionSettings,
  type StateStore,
  type UpdateResult,
} from './state-store.ts';

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS diagnoses (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  version INTEGER NOT NULL,
  open INTEGER NOT NULL,
  requested_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS diagnoses_open ON diagnoses (open, requested_at);
CREATE INDEX IF NOT EXISTS diagnoses_recent ON diagnoses (requested_at);
CREATE INDEX IF NOT EXISTS diagnoses_activity ON diagnoses (open, updated_at);
CREATE INDEX IF NOT EXISTS diagnoses_thread ON diagnoses (json_extract(body, '$.channel'), json_extract(body, '$.threadTs'));
CREATE TABLE IF NOT EXISTS claims (
  key TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_expiry ON claims (expires_at);
`;

interface Row {
  body: string;
  version: number;
  open: number;
  updated_at: string;
}

export interface SqliteStateStoreOptions {
  /** File path, or ":memory:" for a throwaway database. */
  path: string;
  now?: () => Date;
  /** When records go dormant and when they are deleted; DEFAULT_RETENTION unless set. */
  retention?: RetentionSettings;
}

export class SqliteStateStore implements StateStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly retention: RetentionSettings;

  constructor(options: SqliteStateStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.retention = options.retention ?? DEFAULT_RETENTION;
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    // Another process (the previous bot during a rolling restart) may hold the write lock briefly.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(`${options.path} was written by a newer diagnose-502 (schema ${current}, this one knows ${SCHEMA_VERSION})`);
    }
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    this.db.prepare('DELETE FROM diagnoses WHERE updated_at <= ?').run(this.cutoff(this.retention.expireAfterMs));
  }

  async create(record: NewDiagnosisRecord): Promise<DiagnosisRecord> {
    const stored: DiagnosisRecord = { ...record, version: 1, updatedAt: this.now().toISOString() };
    try {
      this.db
        .prepare('INSERT INTO diagnoses (id, body, version, open, requested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(stored.id, JSON.stringify(bodyOf(stored)), 1, stored.open ? 1 : 0, stored.requestedAt, stored.updatedAt);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateRecordError(record.id);
      throw error;
    }
    return (await this.get(record.id))!;
  }

  async get(id: string): Promise<DiagnosisRecord | null> {
    const row = this.db.prepare('SELECT body, version, open, updated_at FROM diagnoses WHERE id = ? AND updated_at > ?').get(id, this.expiryCutoff()) as
      | Row
      | undefined;
    return row ? fromRow(row) : null;
  }

  async update(id: string, expectedVersion: number, patch: DiagnosisPatch): Promise<UpdateResult> {
    const apply = this.db.transaction((): UpdateResult => {
      const row = this.db.prepare('SELECT body, version, open, updated_at FROM diagnoses WHERE id = ? AND updated_at > ?').get(id, this.expiryCutoff()) as
        | Row
        | undefined;
      if (!row) return { ok: false, reason: 'not_found' };
      if (row.version !== expectedVersion) return { ok: false, reason: 'conflict' };
      const current = fromRow(row);
      const next: DiagnosisRecord = {
        ...current,
        ...withoutUndefined(patch),
        messages: { ...current.messages, ...patch.messages },
        version: current.version + 1,
        updatedAt: this.now().toISOString(),
      };
      const changed = this.db
        .prepare('UPDATE diagnoses SET body = ?, version = ?, open = ?, updated_at = ? WHERE id = ? AND version = ?')
        .run(JSON.stringify(bodyOf(next)), next.version, next.open ? 1 : 0, next.updatedAt, id, expectedVersion).changes;
      return changed === 1 ? { ok: true, record: next } : { ok: false, reason: 'conflict' };
    });
    return apply.immediate();
  }

  async listOpen(): Promise<DiagnosisRecord[]> {
    const rows = this.db
      .prepare('SELECT body, version, open, updated_at FROM diagnoses WHERE open = 1 AND updated_at > ? ORDER BY requested_at')
      .all(this.cutoff(this.retention.dormantAfterMs)) as Row[];
    return rows.map(fromRow);
  }

  async listRecent(limit: number): Promise<DiagnosisRecord[]> {
    const rows = this.db
      .prepare('SELECT body, version, open, updated_at FROM diagnoses WHERE updated_at > ? ORDER BY requested_at DESC LIMIT ?')
      .all(this.expiryCutoff(), Math.max(0, Math.floor(limit))) as Row[];
    return rows.map(fromRow);
  }

  async findByThread(channel: string, threadTs: string): Promise<DiagnosisRecord | null> {
    // The expressions match the index's, so this is an index lookup, not a scan of every body.
    const row = this.db
      .prepare(
        "SELECT body, version, open, updated_at FROM diagnoses WHERE json_extract(body, '$.channel') = ? AND json_extract(body, '$.threadTs') = ? AND updated_at > ? LIMIT 1",
      )
      .get(channel, threadTs, this.expiryCutoff()) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const nowMs = this.now().getTime();
    // Insert, or take over a claim that has expired; a live claim makes this a no-op (0 changes).
    const changes = this.db
      .prepare(
        'INSERT INTO claims (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= ?',
      )
      .run(key, nowMs + ttlSeconds * 1000, nowMs).changes;
    this.db.prepare('DELETE FROM claims WHERE expires_at <= ?').run(nowMs);
    return changes === 1;
  }

  async releaseClaim(key: string): Promise<void> {
    this.db.prepare('DELETE FROM claims WHERE key = ?').run(key);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** `updated_at` values at or before this are older than `ageMs` (ISO strings sort by time). */
  private cutoff(ageMs: number): string {
    return new Date(this.now().getTime() - ageMs).toISOString();
  }

  /** Rows past retention are read as deleted until the next start prunes them. */
  private expiryCutoff(): string {
    return this.cutoff(this.retention.expireAfterMs);
  }
}

/** The JSON column holds everything except what has its own column. */
function bodyOf(record: DiagnosisRecord): Omit<DiagnosisRecord, 'version' | 'open' | 'updatedAt'> {
  const { version: _v, open: _o, updatedAt: _u, ...body } = record;
  return body;
}

function fromRow(row: Row): DiagnosisRecord {
  return {
    ...(JSON.parse(row.body) as Omit<DiagnosisRecord, 'version' | 'open' | 'updatedAt'>),
    version: row.version,
    open: row.open === 1,
    updatedAt: row.updated_at,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
