/**
 * Jobs accepted by an in-process queue but not started yet, kept in the bot's SQLite file
 * (STATE_DB, its own table) so that a crash does not lose them. Once the job pool is bounded,
 * a job may wait its turn for a while after Slack was told it would run; if the process dies
 * meanwhile, the next start replays it. A job is crossed off when it starts, not when it ends:
 * one cut short mid-way is the state store's business (its diagnosis is resumed), and replaying
 * it could run its side effects twice.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { BotJob } from './bot-job.ts';
import type { JobJournal } from './job-journal.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS queued_jobs (
  queue TEXT NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (queue, id)
);
`;

export class SqliteJobJournal implements JobJournal {
  private readonly db: Database.Database;

  /**
   * @example
   * const journal = new SqliteJobJournal({ path: env.stateDb, queue: 'bot' });
   * const queue = new InProcessWorkQueue(handle, onError, { concurrency: 4, journal });
   */
  constructor(private readonly options: { path: string; queue: string }) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  add(id: string, job: BotJob): void {
    this.db
      .prepare('INSERT OR REPLACE INTO queued_jobs (queue, id, body, seq) VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM queued_jobs))')
      .run(this.options.queue, id, JSON.stringify(job));
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM queued_jobs WHERE queue = ? AND id = ?').run(this.options.queue, id);
  }

  pending(): Array<{ id: string; job: BotJob }> {
    const rows = this.db.prepare('SELECT id, body FROM queued_jobs WHERE queue = ? ORDER BY seq').all(this.options.queue) as Array<{
      id: string;
      body: string;
    }>;
    return rows.map((r) => ({ id: r.id, job: JSON.parse(r.body) as BotJob }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
