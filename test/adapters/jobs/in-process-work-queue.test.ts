/**
 * The in-process queue retries a failed job as SQS does for the worker (issue 11, finding 4):
 * a job that failed because Slack was briefly down must not be lost.
 */
import { describe, expect, it } from 'vitest';
import type { BotJob } from '../../../src/adapters/jobs/bot-job.ts';
import { InProcessWorkQueue } from '../../../src/adapters/jobs/work-queue.ts';

const JOB: BotJob = { kind: 'resume', diagnosisId: 'diag-1' };

describe('InProcessWorkQueue retries', () => {
  it('runs a failed job again after each pause until it succeeds', async () => {
    // Prepare
    const runs: BotJob[] = [];
    const errors: unknown[] = [];
    const retries: number[] = [];
    const queue = new InProcessWorkQueue(
      async (job) => {
        runs.push(job);
        if (runs.length < 3) throw new Error('slack_webapi_http_error');
      },
      (error) => errors.push(error),
      { retry: { delaysMs: [5, 5, 5], onRetry: (_e, _j, retry) => retries.push(retry) } },
    );

    // Act
    await queue.enqueue(JOB);
    await queue.idle();

    // Assess
    expect(runs).toEqual([JOB, JOB, JOB]);
    expect(retries).toEqual([1, 2]);
    expect(errors).toEqual([]);
  });

  it('gives up after the last pause and reports the failure once', async () => {
    let runs = 0;
    const errors: unknown[] = [];
    const queue = new InProcessWorkQueue(
      async () => {
        runs += 1;
        throw new Error('still down');
      },
      (error) => errors.push(error),
      { retry: { delaysMs: [1, 1] } },
    );
    await queue.enqueue(JOB);
    await queue.idle();
    expect(runs).toBe(3);
    expect(errors).toHaveLength(1);
  });

  it('does not retry a failure that says it would repeat (retryable: false)', async () => {
    let runs = 0;
    const errors: unknown[] = [];
    const queue = new InProcessWorkQueue(
      async () => {
        runs += 1;
        throw Object.assign(new Error('not_in_channel'), { retryable: false });
      },
      (error) => errors.push(error),
      { retry: { delaysMs: [1, 1] } },
    );
    await queue.enqueue(JOB);
    await queue.idle();
    expect(runs).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('runs a retry waiting out a long pause at once when closed, so shutdown is not held up', async () => {
    let runs = 0;
    const queue = new InProcessWorkQueue(
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('down');
      },
      () => undefined,
      { retry: { delaysMs: [60_000] } },
    );
    await queue.enqueue(JOB);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const started = performance.now();
    await queue.close();
    expect(runs).toBe(2);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('runs a job once without a retry policy, as before', async () => {
    let runs = 0;
    const queue = new InProcessWorkQueue(
      async () => {
        runs += 1;
        throw new Error('boom');
      },
      () => undefined,
    );
    await queue.enqueue(JOB);
    await queue.idle();
    expect(runs).toBe(1);
  });
});
