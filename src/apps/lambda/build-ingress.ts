/**
 * Wires the ingress function: Bolt with AwsLambdaReceiver and the bot's own listeners (which only
 * validate, acknowledge and enqueue), the PagerDuty webhook, and the SQS queue both hand work to.
 * Everything is built once per cold start, on first use; PagerDuty's parts load only when its
 * route is first called, so a Slack-only cold start does not pay for them.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { App, AwsLambdaReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { loadBotSettings } from '../runtime/load-bot-settings.ts';
import { registerChooseApiListener } from '../bot/listeners/actions/choose-api-action.ts';
import { createLogger } from '../../adapters/logging/create-logger.ts';
import { createAccessCheck } from '../bot/create-access-check.ts';
import { registerListeners } from '../bot/listeners/index.ts';
import { logAppError } from '../bot/log-app-error.ts';
import { toBoltLogger } from '../bot/to-bolt-logger.ts';
import type { IngressParts, PagerDutyWebhookHandler, SlackLambdaHandler } from './create-ingress-handler.ts';
import { loadSsmSecrets, type BotSecrets } from '../../adapters/config/load-ssm-secrets.ts';
import { oncePerColdStart } from './once-per-cold-start.ts';
import { readLambdaEnv, type LambdaEnv } from '../../adapters/config/read-lambda-env.ts';
import { SqsWorkQueue } from '../../adapters/jobs/sqs-work-queue.ts';

export interface IngressOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Clients to use instead of the defaults (tests point them at fakes). */
  ssm?: Pick<SSMClient, 'send'>;
  sqs?: Pick<SQSClient, 'send'>;
  /** DynamoDB client for the PagerDuty delivery claims; the SDK default when absent. */
  dynamo?: DynamoDBClient;
  now?: () => Date;
}

export function buildIngressParts(options: IngressOptions = {}): IngressParts {
  const lambdaEnv = oncePerColdStart(async () => readLambdaEnv(options.env));
  const logger = oncePerColdStart(async () => options.logger ?? createLogger((await lambdaEnv()).logLevel));
  const ssm = options.ssm ?? new SSMClient({});
  const secrets = oncePerColdStart(async () => loadSsmSecrets(ssm, (await lambdaEnv()).secretsPrefix));
  // Slack gives up after 3 s: a hung connection must fail fast enough for the 500 to reach it.
  const sqsClient =
    options.sqs ?? new SQSClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_000, throwOnRequestTimeout: true } });
  const queue = oncePerColdStart(async () => new SqsWorkQueue(sqsClient, (await lambdaEnv()).workQueueUrl));
  const now = options.now ?? (() => new Date());

  const slack = oncePerColdStart(async (): Promise<SlackLambdaHandler> => {
    const [env, log, secret, work] = await Promise.all([lambdaEnv(), logger(), secrets(), queue()]);
    return buildSlackHandler(env, log, secret, work, now);
  });

  const pagerDuty = oncePerColdStart(async (): Promise<PagerDutyWebhookHandler | null> => {
    const [env, log, secret, work] = await Promise.all([lambdaEnv(), logger(), secrets(), queue()]);
    if (!secret.pagerDutyWebhookSecret) return null;
    const [{ handlePagerDutyWebhook }, dynamodb, { DynamoDbStateStore }] = await Promise.all([
      import('../runtime/handle-pagerduty-webhook.ts'),
      import('@aws-sdk/client-dynamodb'),
      import('../../adapters/store/dynamodb-state-store.ts'),
    ]);
    const store = new DynamoDbStateStore({ client: options.dynamo ?? new dynamodb.DynamoDBClient({}), tableName: env.stateTable, now });
    const webhookSecrets = secret.pagerDutyWebhookSecret
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return (request) => handlePagerDutyWebhook(request, { secrets: webhookSecrets, store, enqueue: (job) => work.enqueuePagerDuty(job), logger: log, now });
  });

  return { slack, slackSigningSecret: async () => (await secrets()).slackSigningSecret, pagerDuty, logger, now };
}

async function buildSlackHandler(env: LambdaEnv, logger: Logger, secrets: BotSecrets, queue: SqsWorkQueue, now: () => Date): Promise<SlackLambdaHandler> {
  // Settings only: the ingress validates, acknowledges and enqueues, so it loads no runbook and no collectors.
  const { config } = await loadBotSettings({ logLevel: env.logLevel, logger, ...(env.configPath ? { configPath: env.configPath } : {}) });
  const boltLogger = toBoltLogger(logger);
  const receiver = new AwsLambdaReceiver({ signingSecret: secrets.slackSigningSecret, logger: boltLogger });
  const app = new App({
    token: secrets.slackBotToken,
    receiver,
    logger: boltLogger,
    // Slack waits 3 s for the answer: never sleep through a rate limit here, and retry once at most.
    clientOptions: { ...(env.slackApiUrl ? { slackApiUrl: env.slackApiUrl } : {}), rejectRateLimitedCalls: true, retryConfig: { retries: 1 } },
  });
  app.error(async (error) => logAppError(logger, error));
  // One access check for the command, the buttons and the PagerDuty question alike.
  const accessCheck = createAccessCheck({ rules: config.access, client: app.client, logger });
  registerListeners(app, {
    queue,
    accessCheck,
    config,
    defaultRegion: env.defaultRegion,
    logger,
    now,
  });
  // PagerDuty's "which API?" answers come through Slack too; they are queued like everything else.
  if (secrets.pagerDutyWebhookSecret) registerChooseApiListener(app, { enqueue: (job) => queue.enqueuePagerDuty(job), accessCheck });
  return receiver.toHandler() as unknown as SlackLambdaHandler;
}
