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
import { readPagerDutyEnv } from '../../adapters/config/read-pagerduty-env.ts';
import { readRetentionEnv } from '../../adapters/config/read-retention-env.ts';
import { slackClientOptions } from '../../adapters/slack/slack-client-options.ts';
import { createCoreServices } from '../runtime/create-core-services.ts';
import type { DiagnosisLogic } from '../runtime/diagnosis-service.ts';
import { loadBotSettingsWithRunbook } from '../runtime/load-bot-settings.ts';
import { DynamoDbStateStore } from '../../adapters/store/dynamodb-state-store.ts';
import type { StateStore } from '../../adapters/store/state-store.ts';
import type { WorkerRuntime } from './create-worker-handler.ts';
import { loadSsmSecrets } from '../../adapters/config/load-ssm-secrets.ts';
import type { QueuedJob } from '../../adapters/jobs/queued-job.ts';
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
  const retention = readRetentionEnv(env.raw);
  const now = options.now ?? (() => new Date());
  const [secrets, { logger, config, runbook }] = await Promise.all([
    loadSsmSecrets(options.ssm ?? new SSMClient({}), env.secretsPrefix),
    loadBotSettingsWithRunbook({
      logLevel: env.logLevel,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(env.configPath ? { configPath: env.configPath } : {}),
    }),
  ]);
  const dynamo = options.dynamo ?? new DynamoDBClient({});
  const store = new DynamoDbStateStore({ client: dynamo, tableName: env.stateTable, now, retention });
  const queue = new SqsWorkQueue(options.sqs ?? new SQSClient({}), env.workQueueUrl);
  // A failing or rate-limited call is retried a couple of times and each request is capped at
  // 10 s, so a Slack outage fails the job well inside the worker's 150 s (SQS retries it later).
  const slack = new WebClient(secrets.slackBotToken, {
    ...(env.slackApiUrl ? { slackApiUrl: env.slackApiUrl } : {}),
    ...slackClientOptions({ retries: 2, timeoutMs: 10_000 }),
  });
  // PagerDuty is on when its webhook secret is in SSM; its other settings are plain variables.
  const pagerDutyEnv = secrets.pagerDutyWebhookSecret
    ? readPagerDutyEnv({ ...env.raw, PAGERDUTY_WEBHOOK_SECRET: secrets.pagerDutyWebhookSecret, PAGERDUTY_API_TOKEN: secrets.pagerDutyApiToken ?? '' })
    : null;
  // PagerDuty's incidents and the alarms keep their records and storm groups in the state table.
  const groups = new DynamoDbPagerDutyStore({ client: dynamo, tableName: env.stateTable, now });
  const core = createCoreServices({
    logger,
    config,
    runbook,
    store,
    slack,
    defaultRegion: env.defaultRegion,
    now,
    ...(options.logic ? { logic: options.logic } : {}),
    ...(options.settleTimeoutMs ? { settleTimeoutMs: options.settleTimeoutMs } : {}),
    pagerDuty: pagerDutyEnv ? { env: pagerDutyEnv, store: groups } : undefined,
    // Alarm events come straight from the EventBridge rule (serverless.yml); acted on when the config has alarms.
    alarms: config.alarms ? { store: groups, ...(pagerDutyEnv ? { stormWindowMinutes: pagerDutyEnv.stormWindowMinutes } : {}) } : undefined,
  });

  return {
    store,
    logger,
    run: (job: QueuedJob) => core.runJob(job),
    retryAfter: (receiptHandle, seconds) => queue.retryAfter(receiptHandle, seconds),
    async sweep(staleMs = STALE_AFTER_MS) {
      const cutoff = now().getTime() - staleMs;
      let resumed = 0;
      for (const id of await core.service.findResumable()) {
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
