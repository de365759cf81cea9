/**
 * The worker function's handler: one SQS record at a time (batchSize 1 in serverless.yml), run by
 * the same job handler the local bot's in-process queue uses. A failed job is reported back as a
 * batch item failure, its lease given back and its message made visible again after a short,
 * growing pause (retryDelaySeconds), so SQS retries it within a minute rather than after the whole
 * visibility timeout; after three receives it parks in the dead-letter queue.
 *
 * Redeliveries: SQS delivers at least once, so every record first takes a lease on its message id
 * in the state store. A second delivery while the lease lasts (a duplicate, or the same message
 * reappearing while the first run is still going) does nothing. The lease is shorter than the
 * visibility timeout, so a genuine retry of a failed run finds it expired and runs. The jobs are
 * idempotent underneath too (a start claims its request, messages are recorded as they post).
 */
import type { StateStore } from '../../adapters/store/state-store.ts';
import type { LambdaContext, SqsBatchResponse, SqsEvent } from './lambda-types.ts';
import { parseQueuedJob, type QueuedJob } from '../../adapters/jobs/queued-job.ts';

/** Lease on a message id: longer than the worker may run, shorter than the queue's visibility timeout. */
export const JOB_LEASE_SECONDS = 600;

/** 30 s after the first failed receive, 60 s after the second (the third goes to the dead-letter queue). */
export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(30 * 2 ** Math.max(0, receiveCount - 1), 300);
}

export interface WorkerRuntime {
  store: Pick<StateStore, 'claimOnce' | 'releaseClaim'>;
  run(job: QueuedJob): Promise<void>;
  /** Makes a received message visible again after `seconds` (SQS ChangeMessageVisibility). */
  retryAfter?(receiptHandle: string, seconds: number): Promise<void>;
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}

/** EventBridge's scheduled event, which asks the worker to pick up diagnoses a crash left behind. */
export interface ScheduledEvent {
  source: 'aws.events';
  'detail-type': string;
}

export interface WorkerParts {
  runtime: () => Promise<WorkerRuntime>;
  /** Enqueues a resume for every diagnosis left open and untouched; returns how many. */
  sweep?: () => Promise<number>;
}

export function createWorkerHandler(parts: WorkerParts) {
  return async function worker(event: SqsEvent | ScheduledEvent, context: LambdaContext = {}): Promise<SqsBatchResponse> {
    const runtime = await parts.runtime();
    if (!('Records' in event)) {
      const resumed = parts.sweep ? await parts.sweep() : 0;
      runtime.logger.info({ resumed }, 'sweep for diagnoses left open done');
      return { batchItemFailures: [] };
    }
    const failures: SqsBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const log = { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount, requestId: context.awsRequestId };
      try {
        const job = parseQueuedJob(record.body);
        if (!(await runtime.store.claimOnce(`sqs-job:${record.messageId}`, JOB_LEASE_SECONDS))) {
          runtime.logger.info({ ...log, job: job.kind }, 'message already taken by another run; not running it twice');
          continue;
        }
        await runtime.run(job);
      } catch (error) {
        const delay = retryDelaySeconds(Number(record.attributes?.ApproximateReceiveCount ?? 1) || 1);
        runtime.logger.error({ ...log, err: error, retryInSeconds: delay }, 'job failed; SQS will retry it (the dead-letter queue after 3 receives)');
        failures.push({ itemIdentifier: record.messageId });
        // The retry must find the lease free, or it would be taken for a duplicate and dropped: only
        // with the lease given back is the retry brought forward; otherwise it waits out the
        // visibility timeout, by which time the lease has expired.
        const released = await runtime.store.releaseClaim(`sqs-job:${record.messageId}`).then(
          () => true,
          (releaseError: unknown) => {
            runtime.logger.warn({ ...log, err: releaseError }, 'could not give the lease back; SQS retries after the visibility timeout');
            return false;
          },
        );
        if (released && runtime.retryAfter && record.receiptHandle) {
          await runtime
            .retryAfter(record.receiptHandle, delay)
            .catch((visibilityError: unknown) =>
              runtime.logger.warn({ ...log, err: visibilityError }, 'could not shorten the retry; SQS retries after the visibility timeout'),
            );
        }
      }
    }
    return { batchItemFailures: failures };
  };
}
