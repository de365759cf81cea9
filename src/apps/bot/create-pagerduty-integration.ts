/**
 * The PagerDuty integration in one piece, with its own in-process queue: webhook route and
 * handler, the "which API?" listener and the job handler. Tests, the benchmark and a Lambda
 * handler build it this way; inside the Slack bot, the pieces go into the bot's own queue and
 * app instead (see create-pagerduty-jobs.ts).
 *
 * @example
 * const pagerDuty = createPagerDutyIntegration({ env: readPagerDutyEnv()!, config, service, store, pagerDutyStore, slack, logic, logger, defaultRegion });
 * const app = new App({ ..., customRoutes: [pagerDuty.route] });
 * pagerDuty.register(app, accessCheck);
 */
import type { App, CustomRoute } from '@slack/bolt';
import type { Logger } from 'pino';
import type { PagerDutyEnv } from '../../adapters/config/read-pagerduty-env.ts';
import type { StateStore } from '../../adapters/store/state-store.ts';
import type { BotJob } from '../../adapters/jobs/bot-job.ts';
import type { JobJournal } from '../../adapters/jobs/job-journal.ts';
import { InProcessWorkQueue } from '../../adapters/jobs/work-queue.ts';
import { createPagerDutyJobs, type PagerDutyJobsDeps } from '../runtime/create-pagerduty-jobs.ts';
import { handlePagerDutyWebhook, type WebhookRequest, type WebhookResponse } from '../runtime/handle-pagerduty-webhook.ts';
import type { PagerDutyJob } from '../../adapters/jobs/pagerduty-job.ts';
import { pagerDutyWebhookRoute } from './pagerduty-webhook-route.ts';
import type { AccessCheck } from './create-access-check.ts';
import { registerChooseApiListener } from './listeners/actions/choose-api-action.ts';

/**
 * Either everything the job handler needs, or a job handler built already (createCoreServices),
 * how many PagerDuty jobs may run at once (unbounded unless set), where waiting ones are written
 * down so a crash does not lose them, and the pauses before each retry of a failed job (default
 * PAGERDUTY_RETRY_DELAYS_MS).
 */
export type PagerDutyIntegrationDeps = (PagerDutyJobsDeps | PrebuiltPagerDutyJobs) & { concurrency?: number; journal?: JobJournal; retryDelaysMs?: number[] };

/**
 * A failed job (Slack refused the thread) runs again after these pauses: about two minutes in
 * all, past a short Slack outage, as SQS's redeliveries are on Lambda.
 */
export const PAGERDUTY_RETRY_DELAYS_MS = [2_000, 10_000, 30_000, 60_000];

export interface PrebuiltPagerDutyJobs {
  handleJob: (job: PagerDutyJob) => Promise<void>;
  env: Pick<PagerDutyEnv, 'webhookSecrets'>;
  store: StateStore;
  logger: Logger;
  now?: () => Date;
}

export interface PagerDutyIntegration {
  /** `POST /pagerduty/webhook` for App({ customRoutes }). */
  route: CustomRoute;
  /** The framework-neutral endpoint, for a Lambda handler. */
  handleWebhook(request: WebhookRequest): Promise<WebhookResponse>;
  handleJob(job: PagerDutyJob): Promise<void>;
  /** Queues a job for handleJob (what the route and the listener do). */
  enqueue(job: PagerDutyJob): Promise<void>;
  /** Adds the "which API?" listener to the Bolt app; answers pass the bot's access rules. */
  register(app: App, accessCheck: AccessCheck): void;
  /** Queues again the jobs a previous process accepted and never started (with a journal); returns how many. */
  replay(): number;
  /** Resolves once every queued job has finished (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createPagerDutyIntegration(deps: PagerDutyIntegrationDeps): PagerDutyIntegration {
  const logger = deps.logger.child({ integration: 'pagerduty' });
  const handleJob = 'handleJob' in deps ? deps.handleJob : createPagerDutyJobs(deps);
  // The bot's queue takes BotJobs only; until PagerDuty jobs are one of them, they get their own.
  const queue = new InProcessWorkQueue(
    (job) => handleJob(job as unknown as PagerDutyJob),
    (error, job) => logger.error({ err: error, job: (job as unknown as PagerDutyJob).kind }, 'PagerDuty job failed; not retried again'),
    {
      ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
      ...(deps.journal ? { journal: deps.journal } : {}),
      retry: {
        delaysMs: deps.retryDelaysMs ?? PAGERDUTY_RETRY_DELAYS_MS,
        onRetry: (error, job, retry) => logger.warn({ err: error, job: (job as unknown as PagerDutyJob).kind, retry }, 'PagerDuty job failed; retrying it'),
      },
    },
  );
  const enqueue = (job: PagerDutyJob) => queue.enqueue(job as unknown as BotJob);
  const webhookDeps = { secrets: deps.env.webhookSecrets, store: deps.store, enqueue, logger, ...(deps.now ? { now: deps.now } : {}) };
  return {
    route: pagerDutyWebhookRoute(webhookDeps),
    handleWebhook: (request) => handlePagerDutyWebhook(request, webhookDeps),
    handleJob,
    enqueue,
    register: (app, accessCheck) => registerChooseApiListener(app, { enqueue, accessCheck }),
    replay: () => queue.replay(),
    idle: () => queue.idle(),
    close: () => queue.close(),
  };
}
