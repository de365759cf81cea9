/**
 * The WorkQueue on Lambda: listeners and the PagerDuty webhook hand their jobs to SQS, and the
 * worker function runs them. One SendMessage per job, so the ingress answers as soon as SQS has it.
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PagerDutyJob } from './pagerduty-job.ts';
import type { BotJob } from './bot-job.ts';
import type { WorkQueue } from './work-queue.ts';
import type { QueuedJob } from './queued-job.ts';

/** SQS refuses larger bodies; a job is a few KB, so this only trips on a bug. */
const MAX_MESSAGE_BYTES = 256 * 1024;

export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: BotJob): Promise<void> {
    await this.send(job);
  }

  /** The PagerDuty webhook's `enqueue`. */
  async enqueuePagerDuty(job: PagerDutyJob): Promise<void> {
    await this.send(job);
  }

  /**
   * Makes a received message visible again after `seconds` instead of the queue's whole
   * visibility timeout (900 s): a job that failed on a passing fault is retried in seconds.
   */
  async retryAfter(receiptHandle: string, seconds: number): Promise<void> {
    await this.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
  }

  private async send(job: QueuedJob): Promise<void> {
    const body = JSON.stringify(job);
    if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) throw new Error(`a ${job.kind} job is ${Buffer.byteLength(body)} bytes, over SQS's ${MAX_MESSAGE_BYTES}`);
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body }));
  }
}
