/**
 * Where listeners hand off work after acknowledging Slack. In one process the queue runs jobs
 * in the background (InProcessWorkQueue); on Lambda an SQS queue takes its place and a worker
 * runs the same job handler.
 */
import { randomUUID } from 'node:crypto';
import type { BotJob } from './bot-job.ts';
import type { JobJournal } from './job-journal.ts';

export interface WorkQueue {
  enqueue(job: BotJob): Promise<void>;
}

export type JobHandler = (job: BotJob) => Promise<void>;

/**
 * What SQS does for the worker, in one process: a failed job runs again after a pause. A job
 * whose error says `retryable: false` would fail the same way again and is not retried.
 */
export interface RetryPolicy {
  /** The pause before each retry; as many retries as entries. */
  delaysMs: number[];
  /** Told of each failure that will be retried. */
  onRetry?: (error: unknown, job: BotJob, retry: number) => void;
}

/**
 * Runs jobs in the background, at most `concurrency` at once and the rest in arrival order;
 * failures go to `onError`. The cap matters when Slack or AWS is slow: each job may hold a
 * diagnosis lock and several clients' connections, and without it a burst of commands during an
 * outage would start every one of them at once. (A few lines here rather than p-queue: it is
 * only in node_modules as an old transitive dependency of @slack/web-api, and idle/close need
 * exactly these semantics.) With a journal, a job waiting its turn survives a crash: `replay()`
 * at the next start runs the ones that never started. With a retry policy, a failed job runs
 * again after a pause, holding its place in the pool meanwhile; a failure it keeps goes to `onError`.
 */
export class InProcessWorkQueue implements WorkQueue {
  private readonly running = new Set<Promise<void>>();
  private readonly waiting: Array<{ id: string; job: BotJob }> = [];
  private readonly drained: Array<() => void> = [];
  private readonly concurrency: number;
  /** Retries waiting out their pause; closing the queue runs them at once instead. */
  private readonly pauses = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly handler: JobHandler,
    private readonly onError: (error: unknown, job: BotJob) => void,
    private readonly options: { concurrency?: number; journal?: JobJournal; retry?: RetryPolicy } = {},
  ) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? Number.POSITIVE_INFINITY));
  }

  async enqueue(job: BotJob): Promise<void> {
    if (this.closed) throw new Error('the work queue is closed; the bot is shutting down');
    // Copy through JSON, as a real queue would: a job must not share objects with the listener.
    const entry = { id: randomUUID(), job: JSON.parse(JSON.stringify(job)) as BotJob };
    this.options.journal?.add(entry.id, entry.job);
    this.waiting.push(entry);
    this.startNext();
  }

  /**
   * Queues again the journal's jobs that a previous process accepted and never started; returns
   * how many. Once, at start-up, before anything is enqueued.
   */
  replay(): number {
    const pending = this.options.journal?.pending() ?? [];
    this.waiting.push(...pending);
    this.startNext();
    return pending.length;
  }

  /** Resolves once every job enqueued so far (and any they enqueue) has finished. */
  async idle(): Promise<void> {
    if (this.size === 0) return;
    await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  /**
   * Stops taking jobs and waits for the accepted ones, queued ones included (Slack was told they
   * would run); a retry waiting out its pause runs once more, at once, rather than holding up shutdown.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of [...this.pauses]) wake();
    await this.idle();
  }

  /** Jobs running or waiting. */
  get size(): number {
    return this.running.size + this.waiting.length;
  }

  private startNext(): void {
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      const { id, job } = this.waiting.shift()!;
      try {
        this.options.journal?.remove(id);
      } catch (error) {
        this.onError(error, job);
      }
      const run: Promise<void> = Promise.resolve()
        .then(() => this.attempt(job))
        .catch((error: unknown) => this.onError(error, job))
        .finally(() => {
          this.running.delete(run);
          this.startNext();
          if (this.size === 0) for (const resolve of this.drained.splice(0)) resolve();
        });
      this.running.add(run);
    }
  }

  private async attempt(job: BotJob): Promise<void> {
    const delays = this.options.retry?.delaysMs ?? [];
    for (let retry = 0; ; retry += 1) {
      try {
        // A fresh copy each time: an attempt must not leave changes behind for the next.
        return await this.handler(JSON.parse(JSON.stringify(job)) as BotJob);
      } catch (error) {
        const delay = delays[retry];
        if (delay === undefined || (error as { retryable?: unknown } | null)?.retryable === false) throw error;
        this.options.retry?.onRetry?.(error, job, retry + 1);
        await this.pause(delay);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pauses.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pauses.add(wake);
    });
  }
}
