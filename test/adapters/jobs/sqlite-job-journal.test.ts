import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BotJob } from '../../../src/adapters/jobs/bot-job.ts';
import { SqliteJobJournal } from '../../../src/adapters/jobs/sqlite-job-journal.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const job = (n: number): BotJob => ({ kind: 'resume', diagnosisId: `d-${n}` });

describe('SqliteJobJournal', () => {
  it('keeps the jobs not yet crossed off across a reopen, oldest first, each queue to itself', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'd502-journal-'));
    dirs.push(dir);
    const path = join(dir, 'data', 'state.sqlite');
    const bot = new SqliteJobJournal({ path, queue: 'bot' });
    const pagerDuty = new SqliteJobJournal({ path, queue: 'pagerduty' });
    bot.add('b', job(2));
    bot.add('a', job(1));
    bot.add('c', job(3));
    pagerDuty.add('a', job(9));
    bot.remove('b');
    bot.close();
    pagerDuty.close();
    // Act
    const reopened = new SqliteJobJournal({ path, queue: 'bot' });
    const pending = reopened.pending();
    reopened.close();
    // Assess
    expect(pending).toEqual([
      { id: 'a', job: job(1) },
      { id: 'c', job: job(3) },
    ]);
  });
});
