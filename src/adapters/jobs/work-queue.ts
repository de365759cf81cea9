/**
 * Where listeners hand off work after acknowledging Slack. In one process the queue runs jobs
 * in the background (InProcessWorkQueue); on Lambda an SQS queue takes its place and a worker
 * runs the same job handler.
 */
import type { BotJob } from './bot-job.ts';

export interface WorkQueue {
  enqueue(job: BotJob): Promise<void>;
}

export type JobHandler = (job: BotJob) => Promise<void>;

/** Runs each job in the background as soon as it is enqueued; failures go to `onError`. */
export class InProcessWorkQueue implements WorkQueue {
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly handler: JobHandler,
    private readonly onError: (error: unknown, job: BotJob) => void,
  ) {}

  async enqueue(job: BotJob): Promise<void> {
    if (this.closed) throw new Error('the work queue is closed; the bot is shutting down');
    // Copy through JSON, as a real queue would: a job must not share objects with the listener.
    const copy = JSON.parse(JSON.stringify(job)) as BotJob;
    const run = Promise.resolve()
      .then(() => this.handler(copy))
      .catch((error: unknown) => this.onError(error, copy))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Resolves once every job enqueued so far (and any they enqueue) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Stops taking jobs and waits for the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  get size(): number {
    return this.running.size;
  }
}
