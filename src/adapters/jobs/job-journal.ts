/**
 * Where an in-process queue writes down the jobs it has accepted and not started yet, so a crash
 * does not lose them (SqliteJobJournal keeps them in STATE_DB). Synchronous, so an accepted job
 * is written before enqueue returns.
 */
import type { BotJob } from './bot-job.ts';

export interface JobJournal {
  add(id: string, job: BotJob): void;
  /** Crossed off when the job starts: one cut short mid-way is resumed from the state store instead. */
  remove(id: string): void;
  /** Jobs added and not removed, oldest first. */
  pending(): Array<{ id: string; job: BotJob }>;
}
