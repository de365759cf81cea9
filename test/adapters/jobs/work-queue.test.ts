import { describe, expect, it } from 'vitest';
import type { BotJob } from '../../../src/adapters/jobs/bot-job.ts';
import type { JobJournal } from '../../../src/adapters/jobs/job-journal.ts';
import { InProcessWorkQueue } from '../../../src/adapters/jobs/work-queue.ts';

const job = (n: number): BotJob => ({ kind: 'resume', diagnosisId: `d-${n}` });

/** A handler whose jobs finish only when the test says so, counting how many run at once. */
function gatedHandler() {
  const gates = new Map<string, () => void>();
  const started: string[] = [];
  let running = 0;
  let most = 0;
  const handler = (j: BotJob) =>
    new Promise<void>((resolve) => {
      const id = j.kind === 'resume' ? j.diagnosisId : j.kind;
      started.push(id);
      running += 1;
      most = Math.max(most, running);
      gates.set(id, () => {
        running -= 1;
        resolve();
      });
    });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { handler, gates, started, settle, most: () => most };
}

describe('InProcessWorkQueue', () => {
  // Issue 11, finding 7: every job ran at once, however many a burst (or an outage) brought.
  it('never runs more than its concurrency at once, and starts waiting jobs in arrival order', async () => {
    // Prepare
    const g = gatedHandler();
    const queue = new InProcessWorkQueue(g.handler, () => undefined, { concurrency: 2 });
    // Act
    for (let n = 1; n <= 5; n++) await queue.enqueue(job(n));
    await g.settle();
    const firstWave = [...g.started];
    g.gates.get('d-2')!();
    await g.settle();
    const afterOne = [...g.started];
    for (const id of ['d-1', 'd-3', 'd-4', 'd-5']) {
      await g.settle();
      g.gates.get(id)!();
    }
    await queue.idle();
    // Assess
    expect(firstWave).toEqual(['d-1', 'd-2']);
    expect(afterOne).toEqual(['d-1', 'd-2', 'd-3']);
    expect(g.started).toEqual(['d-1', 'd-2', 'd-3', 'd-4', 'd-5']);
    expect(g.most()).toBe(2);
    expect(queue.size).toBe(0);
  });

  it('waits for queued jobs too when idle or closing, and refuses jobs once closed', async () => {
    // Prepare
    const done: string[] = [];
    const queue = new InProcessWorkQueue(
      async (j) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        done.push(j.kind === 'resume' ? j.diagnosisId : j.kind);
      },
      () => undefined,
      { concurrency: 1 },
    );
    for (let n = 1; n <= 3; n++) await queue.enqueue(job(n));
    // Act
    await queue.close();
    // Assess
    expect(done).toEqual(['d-1', 'd-2', 'd-3']);
    await expect(queue.enqueue(job(4))).rejects.toThrow(/closed/);
  });

  it('reports a failed job and goes on with the next', async () => {
    const errors: string[] = [];
    const ran: string[] = [];
    const queue = new InProcessWorkQueue(
      async (j) => {
        if (j.kind === 'resume' && j.diagnosisId === 'd-1') throw new Error('boom');
        ran.push(j.kind === 'resume' ? j.diagnosisId : j.kind);
      },
      (error, j) => errors.push(`${(error as Error).message} in ${j.kind === 'resume' ? j.diagnosisId : j.kind}`),
      { concurrency: 1 },
    );
    await queue.enqueue(job(1));
    await queue.enqueue(job(2));
    await queue.idle();
    expect(errors).toEqual(['boom in d-1']);
    expect(ran).toEqual(['d-2']);
  });

  // A bounded pool makes jobs wait after Slack was told they would run: a crash must not lose them.
  it('replays after a restart the jobs that were waiting, and not the one already started', async () => {
    // Prepare: a journal that outlives the process, and a first process that hangs on its first job.
    const entries = new Map<string, BotJob>();
    const journal: JobJournal = {
      add: (id, j) => void entries.set(id, j),
      remove: (id) => void entries.delete(id),
      pending: () => [...entries].map(([id, j]) => ({ id, job: j })),
    };
    const first = new InProcessWorkQueue(
      () => new Promise<void>(() => undefined),
      () => undefined,
      { concurrency: 1, journal },
    );
    for (let n = 1; n <= 3; n++) await first.enqueue(job(n));
    // Act: the first process dies (it is simply dropped); the next one starts on the same journal.
    const ran: string[] = [];
    const second = new InProcessWorkQueue(
      async (j) => {
        ran.push(j.kind === 'resume' ? j.diagnosisId : j.kind);
      },
      () => undefined,
      { concurrency: 1, journal },
    );
    const replayed = second.replay();
    await second.idle();
    // Assess
    expect(replayed).toBe(2);
    expect(ran).toEqual(['d-2', 'd-3']);
    expect(entries.size).toBe(0);
  });
});
