/**
 * Lambda entry for the SQS work queue (and the schedule that resumes diagnoses cut short). The
 * diagnosis machinery is imported on the first invocation, not when the module loads.
 */
import { createWorkerHandler } from './create-worker-handler.ts';
import { oncePerColdStart } from './once-per-cold-start.ts';

const worker = oncePerColdStart(async () => (await import('./build-worker.ts')).buildWorker());

export const handler = createWorkerHandler({ runtime: worker, sweep: async () => (await worker()).sweep() });
