/**
 * One factory for the bot's core services, shared by the local bot (SQLite) and the Lambda worker
 * (DynamoDB): the AWS-backed machine, the DiagnosisService on the given store and Slack client,
 * the job handler, and the PagerDuty job handler when PagerDuty is configured. Each composition
 * root only picks its store, Slack client and queue; the wiring between them lives here.
 *
 * @example
 * const { logger, config, runbook } = await loadBotSettingsWithRunbook({ logLevel, configPath });
 * const core = createCoreServices({ logger, config, runbook, store, slack, defaultRegion });
 * await core.runJob(job);
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { AccessConfig } from '../../adapters/config/access-config-schema.ts';
import type { PagerDutyEnv } from '../../adapters/config/read-pagerduty-env.ts';
import type { BotJob } from '../../adapters/jobs/bot-job.ts';
import type { PagerDutyJob } from '../../adapters/jobs/pagerduty-job.ts';
import { isAlarmJob, isPagerDutyJob, type QueuedJob } from '../../adapters/jobs/queued-job.ts';
import type { AlarmJob } from '../../adapters/jobs/alarm-job.ts';
import { AlarmIncidentService } from './alarm-incident-service.ts';
import { createDiagnosisRuntime } from './diagnosis-runtime.ts';
import type { PagerDutyStore } from '../../adapters/pagerduty/pagerduty-store.ts';
import type { StateStore } from '../../adapters/store/state-store.ts';
import type { Runbook } from '../../core/runbook/runbook-schema.ts';
import { createAwsLogic } from './create-aws-logic.ts';
import { createPagerDutyJobs } from './create-pagerduty-jobs.ts';
import type { DiagnosisLogic } from './diagnosis-runner.ts';
import { DiagnosisService } from './diagnosis-service.ts';
import { AppHomeService, BOT_COMMANDS } from './app-home-service.ts';
import { createJobHandler } from './handle-bot-job.ts';
import { IncidentMemory } from './incident-memory.ts';
import { LabelService } from './label-service.ts';
import { PermalinkCache } from './permalink-cache.ts';
import { resolveApiTarget } from '../../adapters/aws/resolve-api-target.ts';
import { DiscoveryService } from './discovery-service.ts';
import { createClientsForAccount } from '../../adapters/aws/clients-for-account.ts';

export interface CoreServicesOptions {
  logger: Logger;
  config: AccessConfig;
  runbook: Runbook;
  store: StateStore;
  slack: WebClient;
  /** Region of a command that names none. */
  defaultRegion: string;
  /** Replaces the AWS-backed machine (tests with fake actors); AWS clients are not created then. */
  logic?: DiagnosisLogic;
  now?: () => Date;
  settleTimeoutMs?: number;
  /** PagerDuty's settings and store; absent when the integration is off. */
  pagerDuty?: { env: PagerDutyEnv; store: PagerDutyStore } | undefined;
  /** Where alarm records and storm groups live; alarm jobs are handled when this and `config.alarms` are set. */
  alarms?: { store: PagerDutyStore; stormWindowMinutes?: number } | undefined;
}

export interface CoreServices {
  /** The machine the service runs (AWS-backed unless replaced). */
  logic: DiagnosisLogic;
  service: DiagnosisService;
  handleBotJob: (job: BotJob) => Promise<void>;
  /** Null when PagerDuty is not configured. */
  handlePagerDutyJob: ((job: PagerDutyJob) => Promise<void>) | null;
  /** Null when `alarms` is not configured. */
  handleAlarmJob: ((job: AlarmJob) => Promise<void>) | null;
  /** Runs any queued job, bot or PagerDuty. */
  runJob(job: QueuedJob): Promise<void>;
  /** Closes the AWS clients. */
  destroy(): void;
}

export function createCoreServices(options: CoreServicesOptions): CoreServices {
  const { logger, config, runbook, store, slack, now } = options;
  const aws = options.logic ? null : createAwsLogic({ config, ...(now ? { now } : {}) });
  const logic = options.logic ?? aws!.logic;
  // Feedback, memory of past incidents and App Home (issue 12) read and write the same store.
  const permalinks = new PermalinkCache(slack, logger);
  const labels = new LabelService({ store, slack, logic, runbook, logger, ...(now ? { now } : {}) });
  const memory = new IncidentMemory({ store, slack, permalinks, logger });
  const home = new AppHomeService({ store, slack, logic, permalinks, logger, commands: BOT_COMMANDS, ...(now ? { now } : {}) });
  const service = new DiagnosisService({
    store,
    slack,
    logic,
    runbook,
    logger,
    ...(now ? { now } : {}),
    ...(options.settleTimeoutMs ? { settleTimeoutMs: options.settleTimeoutMs } : {}),
    afterRun: async (record) => memory.postOnce(await labels.labelVerifiedFix(record)),
    summaryExtras: async (record) => ({ similar: await memory.similarTo(record) }),
  });
  // Scans and name lookups read AWS even when tests replace the machine; clients are built lazily.
  const discoveryClients = aws ? aws.clients : createClientsForAccount({ config });
  const discovery = new DiscoveryService({
    clients: discoveryClients,
    config,
    defaultRegion: options.defaultRegion,
    slack,
    logger,
    start: (request) => service.start(request),
    ...(now ? { now } : {}),
  });
  const handleBotJob = createJobHandler(service, logger, { labels, home }, discovery);
  const handlePagerDutyJob = options.pagerDuty
    ? createPagerDutyJobs({
        env: options.pagerDuty.env,
        config,
        service,
        store,
        pagerDutyStore: options.pagerDuty.store,
        slack,
        logic,
        logger,
        defaultRegion: options.defaultRegion,
        resolveTarget: async (target) =>
          (await resolveApiTarget(target, { clientsFor: (region) => discoveryClients.clientsIn(region), defaultRegion: options.defaultRegion })).ref,
        ...(now ? { now } : {}),
      })
    : null;
  const alarmService =
    options.alarms && config.alarms
      ? new AlarmIncidentService({
          config,
          runtime: createDiagnosisRuntime({ service, store, logic }),
          slack,
          claims: store,
          store: options.alarms.store,
          clients: discoveryClients,
          logger: logger.child({ integration: 'alarms' }),
          ...(options.alarms.stormWindowMinutes ? { stormWindowMinutes: options.alarms.stormWindowMinutes } : {}),
          ...(now ? { now } : {}),
        })
      : null;
  const handleAlarmJob = alarmService ? (job: AlarmJob) => alarmService.handle(job) : null;
  return {
    logic,
    service,
    handleBotJob,
    handlePagerDutyJob,
    handleAlarmJob,
    async runJob(job) {
      if (isAlarmJob(job)) {
        // The EventBridge rule is deployed disabled without the config section, but an event may still
        // come (a rule enabled by hand, a queue drained after a config change): drop it, do not retry
        // it into the dead-letter queue.
        if (!handleAlarmJob) {
          logger.warn({ job: job.kind }, 'a CloudWatch alarm event arrived, but alarms are not configured: add alarms.channel to the config to act on it');
          return;
        }
        return handleAlarmJob(job);
      }
      if (!isPagerDutyJob(job)) return handleBotJob(job);
      if (!handlePagerDutyJob) throw new Error(`a ${job.kind} job arrived, but PagerDuty is not configured: set its webhook secret, or drain the queue`);
      await handlePagerDutyJob(job);
    },
    destroy: () => {
      aws?.destroy();
      if (!aws) discoveryClients.destroy();
    },
  };
}
