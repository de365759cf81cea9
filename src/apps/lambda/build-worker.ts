/**
 * Wires the worker function: the same DiagnosisService and job handler the local bot runs, on
 * DynamoDB state, the Slack Web API and the AWS collectors (across accounts where the config says
 * so). Loaded lazily by worker.ts, so none of this weighs on the handler module's own import.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { DIAGNOSIS_MACHINE_VERSION } from '../../../machines/diagnosis.machine.ts';
import { createClientsForAccount } from '../../adapters/aws/clients-for-account.ts';
import { loadAccessConfig } from '../../adapters/config/load-access-config.ts';
import { provideAwsActors } from '../../adapters/aws/provide-aws-actors.ts';
import { createPagerDutyIntegration } from '../bot/create-pagerduty-integration.ts';
import { readPagerDutyEnv } from '../../adapters/config/read-pagerduty-env.ts';
import { loadRunbook } from '../../adapters/config/load-runbook.ts';
import { createLogger } from '../../adapters/logging/create-logger.ts';
import { DiagnosisService, type DiagnosisLogic } from '../runtime/diagnosis-service.ts';
import { createJobHandler } from '../runtime/handle-bot-job.ts';
import { DynamoDbStateStore } from '../../adapters/store/dynamodb-state-store.ts';
import type { StateStore } from '../../adapters/store/state-store.ts';
import type { WorkerRuntime } from './create-worker-handler.ts';
import { loadSsmSecrets } from '../../adapters/config/load-ssm-secrets.ts';
import { isPagerDutyJob, type QueuedJob } from '../../adapters/jobs/queued-job.ts';
import { readLambdaEnv } from '../../adapters/config/read-lambda-env.ts';
import { DynamoDbPagerDutyStore } from '../../adapters/pagerduty/dynamodb-pagerduty-store.ts';
import { SqsWorkQueue } from '../../adapters/jobs/sqs-work-queue.ts';

export interface WorkerOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  ssm?: Pick<SSMClient, 'send'>;
  sqs?: Pick<SQSClient, 'send'>;
  dynamo?: DynamoDBClient;
  /** Replaces the AWS-backed machine (tests with fake actors). */
  logic?: DiagnosisLogic;
  now?: () => Date;
  settleTimeoutMs?: number;
}

export interface Worker extends WorkerRuntime {
  store: StateStore;
  /** Enqueues a resume for each open diagnosis nobody has touched for `staleMs`; returns how many. */
  sweep(staleMs?: number): Promise<number>;
}

/** A diagnosis untouched this long while open was cut short (the worker runs for 150 s at most). */
export const STALE_AFTER_MS = 10 * 60_000;
/** Older requests are left alone: whoever asked has moved on, and a diagnosis that keeps failing must not loop. */
export const MAX_RESUME_AGE_MS = 24 * 60 * 60_000;

export async function buildWorker(options: WorkerOptions = {}): Promise<Worker> {
  const env = readLambdaEnv(options.env);
  const logger = options.logger ?? createLogger(env.logLevel);
  const now = options.now ?? (() => new Date());
  const [secrets, config, runbook] = await Promise.all([
    loadSsmSecrets(options.ssm ?? new SSMClient({}), env.secretsPrefix),
    loadAccessConfig(env.configPath),
    loadRunbook(),
  ]);
  const dynamo = options.dynamo ?? new DynamoDBClient({});
  const store = new DynamoDbStateStore({ client: dynamo, tableName: env.stateTable, now });
  const queue = new SqsWorkQueue(options.sqs ?? new SQSClient({}), env.workQueueUrl);
  // A rate-limited call waits and retries a couple of times, well inside the worker's timeout.
  const slack = new WebClient(secrets.slackBotToken, { ...(env.slackApiUrl ? { slackApiUrl: env.slackApiUrl } : {}), retryConfig: { retries: 2 } });
  const aws = createClientsForAccount({ config });
  const logic = options.logic ?? provideAwsActors({ clientsFor: aws.clientsFor, now });
  const service = new DiagnosisService({
    store,
    slack,
    logic,
    runbook,
    logger,
    now,
    ...(options.settleTimeoutMs ? { settleTimeoutMs: options.settleTimeoutMs } : {}),
  });
  const runBotJob = createJobHandler(service, logger);
  // PagerDuty is on when its webhook secret is in SSM; its other settings are plain variables.
  const pagerDutyEnv = secrets.pagerDutyWebhookSecret
    ? readPagerDutyEnv({ ...env.raw, PAGERDUTY_WEBHOOK_SECRET: secrets.pagerDutyWebhookSecret, PAGERDUTY_API_TOKEN: secrets.pagerDutyApiToken ?? '' })
    : null;
  const pagerDuty = pagerDutyEnv
    ? createPagerDutyIntegration({
        env: pagerDutyEnv,
        config,
        service,
        store,
        pagerDutyStore: new DynamoDbPagerDutyStore({ client: dynamo, tableName: env.stateTable, now }),
        slack,
        logic,
        runbook,
        logger,
        defaultRegion: env.defaultRegion,
        now,
      })
    : null;

  return {
    store,
    logger,
    async run(job: QueuedJob) {
      if (!isPagerDutyJob(job)) return runBotJob(job);
      if (!pagerDuty) throw new Error(`a ${job.kind} job, but PagerDuty is not configured (no pagerduty-webhook-secret in SSM)`);
      await pagerDuty.handleJob(job);
    },
    async sweep(staleMs = STALE_AFTER_MS) {
      const cutoff = now().getTime() - staleMs;
      let resumed = 0;
      for (const id of await service.findResumable()) {
        const record = await store.get(id);
        // Recently touched: a worker is probably still on it.
        if (!record || record.machineVersion !== DIAGNOSIS_MACHINE_VERSION || Date.parse(record.updatedAt) > cutoff) continue;
        if (now().getTime() - Date.parse(record.requestedAt) > MAX_RESUME_AGE_MS) continue;
        await queue.enqueue({ kind: 'resume', diagnosisId: id });
        resumed += 1;
      }
      return resumed;
    },
  };
}
