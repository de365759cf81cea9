/**
 * Starts the Slack bot: reads the environment, opens the state database, wires AWS, the
 * diagnosis service, the work queue and the Bolt app, starts listening and resumes every
 * diagnosis left open by the previous run. `npm start` calls this.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { readEnv } from '../../adapters/config/read-env.ts';
import type { BotJob } from '../../adapters/jobs/bot-job.ts';
import { createCoreServices } from '../runtime/create-core-services.ts';
import type { DiagnosisLogic } from '../runtime/diagnosis-service.ts';
import { loadBotSettingsWithRunbook } from '../runtime/load-bot-settings.ts';
import { InProcessWorkQueue } from '../../adapters/jobs/work-queue.ts';
import { openSqliteStateStore } from '../../adapters/store/open-sqlite-state-store.ts';
import { createPagerDutyIntegration, type PagerDutyIntegration } from './create-pagerduty-integration.ts';
import { pagerDutyWebhookRoute } from './pagerduty-webhook-route.ts';
import { readPagerDutyEnv } from '../../adapters/config/read-pagerduty-env.ts';
import { readRetentionEnv } from '../../adapters/config/read-retention-env.ts';
import { SqlitePagerDutyStore } from '../../adapters/pagerduty/sqlite-pagerduty-store.ts';
import { SqliteJobJournal } from '../../adapters/jobs/sqlite-job-journal.ts';
import { CommandRateLimit } from './command-rate-limit.ts';
import { createAccessCheck, type AccessCheck } from './create-access-check.ts';
import { createSlackApp } from './create-slack-app.ts';
import { InFlightTracker } from './in-flight-tracker.ts';
import { alarmEventRoute } from './alarm-event-route.ts';
import type { AlarmJob } from '../../adapters/jobs/alarm-job.ts';

export interface RunningBot {
  /** The HTTP port actually bound (useful with PORT=0). */
  port: number;
  mode: 'http' | 'socket';
  /** Waits until every queued job has finished; for tests and benchmarks. */
  idle(): Promise<void>;
  /** Stops taking requests, lets running jobs finish, closes the database and AWS clients. */
  close(): Promise<void>;
}

export interface StartBotOptions {
  logger?: Logger;
  /** Replaces the AWS-backed machine (tests with fake actors). */
  logic?: DiagnosisLogic;
  now?: () => Date;
  settleTimeoutMs?: number;
}

/**
 * @example
 * const bot = await startBot(process.env);
 * process.on('SIGTERM', () => void bot.close());
 */
export async function startBot(envVars: NodeJS.ProcessEnv = process.env, options: StartBotOptions = {}): Promise<RunningBot> {
  const env = readEnv(envVars);
  const pagerDutyEnv = readPagerDutyEnv(envVars);
  const retention = readRetentionEnv(envVars);
  const now = options.now ?? (() => new Date());
  // Configuration and runbook first: a broken file must stop the bot before it listens.
  const { logger, config, runbook } = await loadBotSettingsWithRunbook({
    logLevel: env.logLevel,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(env.configPath ? { configPath: env.configPath } : {}),
    ...(env.runbookPath ? { runbookPath: env.runbookPath } : {}),
  });
  // Opening prunes records past retention; only active (non-dormant) ones are resumed below.
  const store = openSqliteStateStore({ path: env.stateDb, retention, now });
  // The file opened above, so these open too; each queue keeps to its own rows.
  const botJournal = new SqliteJobJournal({ path: env.stateDb, queue: 'bot' });
  const pagerDutyJournal = new SqliteJobJournal({ path: env.stateDb, queue: 'pagerduty' });
  const alarmJournal = new SqliteJobJournal({ path: env.stateDb, queue: 'alarm' });

  let ready = false;
  // The queue exists before the service (listeners need it, the service needs the app's client).
  let handle: ((job: BotJob) => Promise<void>) | undefined;
  const queue = new InProcessWorkQueue(
    (job) => handle!(job),
    (error, job) => logger.error({ err: error, job: job.kind }, 'a background job failed'),
    // Jobs waiting their turn are written down in STATE_DB, so a crash does not lose them.
    { concurrency: env.limits.jobConcurrency, journal: botJournal },
  );
  const inFlight = new InFlightTracker();
  // The webhook route exists before the app; the jobs behind it need the app's client, so later.
  let pagerDuty: PagerDutyIntegration | undefined;
  // PagerDuty and alarms keep their records and storm groups in the same versioned store.
  const pagerDutyStore = pagerDutyEnv || config.alarms ? new SqlitePagerDutyStore({ path: env.stateDb, now }) : undefined;
  const pagerDutyRoutes = pagerDutyEnv
    ? [pagerDutyWebhookRoute({ secrets: pagerDutyEnv.webhookSecrets, store, logger, now, enqueue: (job) => pagerDuty!.enqueue(job) })]
    : [];
  // Alarm jobs run on a queue of their own (the bot's takes BotJobs), like PagerDuty's.
  let handleAlarm: ((job: AlarmJob) => Promise<void>) | undefined;
  const alarmQueue = new InProcessWorkQueue(
    (job) => handleAlarm!(job as unknown as AlarmJob),
    (error) => logger.error({ err: error, job: 'alarm-event' }, 'an alarm job failed'),
    { concurrency: env.limits.jobConcurrency, journal: alarmJournal },
  );
  const alarmRoutes =
    env.alarmEventSecrets && config.alarms
      ? [alarmEventRoute({ secrets: env.alarmEventSecrets, store, logger, now, enqueue: (job) => alarmQueue.enqueue(job as unknown as BotJob) })]
      : [];
  if (env.alarmEventSecrets && !config.alarms) logger.warn('ALARM_EVENT_SECRET is set but the config has no alarms section: POST /alarms/event is off');
  // One access check for every path that starts or steers a diagnosis (command, buttons, the
  // PagerDuty question), so they share one rule set and one group-membership cache.
  let accessCheck: AccessCheck | undefined;
  const app = createSlackApp({
    env,
    logger,
    inFlight,
    isReady: () => ready,
    customRoutes: [...pagerDutyRoutes, ...alarmRoutes],
    deps: (boltApp) => {
      accessCheck = createAccessCheck({ rules: config.access, client: boltApp.client, logger });
      const commandRateLimit = new CommandRateLimit({
        perUserPerMinute: env.limits.commandsPerUserPerMinute,
        perChannelPerMinute: env.limits.commandsPerChannelPerMinute,
        now,
      });
      return { queue, accessCheck, config, defaultRegion: env.defaultRegion, logger, now, commandRateLimit };
    },
  });
  const core = createCoreServices({
    logger,
    config,
    runbook,
    store,
    slack: app.client,
    defaultRegion: env.defaultRegion,
    now,
    ...(options.logic ? { logic: options.logic } : {}),
    ...(options.settleTimeoutMs ? { settleTimeoutMs: options.settleTimeoutMs } : {}),
    pagerDuty: pagerDutyEnv && pagerDutyStore ? { env: pagerDutyEnv, store: pagerDutyStore } : undefined,
    alarms:
      config.alarms && pagerDutyStore ? { store: pagerDutyStore, ...(pagerDutyEnv ? { stormWindowMinutes: pagerDutyEnv.stormWindowMinutes } : {}) } : undefined,
  });
  const service = core.service;
  handle = core.handleBotJob;
  handleAlarm = core.handleAlarmJob ?? undefined;
  if (pagerDutyEnv && core.handlePagerDutyJob) {
    // The bot's queue takes BotJobs; PagerDuty jobs go through the integration's own queue.
    // Its own queue, bounded like the bot's: an incident storm during a Slack outage must not pile up either.
    pagerDuty = createPagerDutyIntegration({
      handleJob: core.handlePagerDutyJob,
      env: pagerDutyEnv,
      store,
      logger,
      now,
      concurrency: env.limits.jobConcurrency,
      journal: pagerDutyJournal,
    });
    pagerDuty.register(app, accessCheck!);
  }

  const mode = env.slackAppToken ? 'socket' : 'http';
  let port = env.port;
  let resumable: string[];
  try {
    if (mode === 'http') {
      const server = (await app.start(env.port)) as Server;
      port = (server.address() as AddressInfo).port;
    } else {
      await app.start();
    }
    resumable = await service.findResumable();
  } catch (error) {
    // A taken port or an unreachable Slack must not leave the database open behind a dead bot.
    await app.stop().catch(() => undefined);
    botJournal.close();
    pagerDutyJournal.close();
    alarmJournal.close();
    await store.close();
    core.destroy();
    throw error;
  }
  // Jobs a crash left waiting first (they were accepted before), then the diagnoses cut short.
  const replayed = queue.replay() + (pagerDuty?.replay() ?? 0) + (handleAlarm ? alarmQueue.replay() : 0);
  for (const diagnosisId of resumable) await queue.enqueue({ kind: 'resume', diagnosisId });
  ready = true;
  logger.info(
    { mode, port, stateDb: env.stateDb, resumed: resumable.length, replayed, accessRules: config.access ? 'restricted' : 'open' },
    'diagnose-502 bot is listening',
  );

  let closing: Promise<void> | undefined;
  return {
    port,
    mode,
    idle: async () => {
      // Listeners enqueue after acknowledging and jobs may enqueue more: settle until all are quiet.
      while (inFlight.size > 0 || queue.size > 0) {
        await inFlight.idle();
        await queue.idle();
      }
      // PagerDuty and alarm jobs run on their own queues (and wait for the diagnoses they start).
      await pagerDuty?.idle();
      await alarmQueue.idle();
      await service.idle();
    },
    close: () =>
      (closing ??= (async () => {
        ready = false;
        await app.stop();
        await inFlight.idle();
        await queue.close();
        await pagerDuty?.close();
        await alarmQueue.close();
        await pagerDutyStore?.close();
        botJournal.close();
        pagerDutyJournal.close();
        alarmJournal.close();
        await store.close();
        core.destroy();
        logger.info('diagnose-502 bot stopped');
      })()),
  };
}
