/**
 * The local sandbox behind `npm start` when no Slack credentials are set: a page that looks and
 * behaves like a Slack channel with the bot in it, running on simulated incidents.
 *
 * Nothing in the bot knows it is in a sandbox. The sandbox starts the simulated AWS account, the
 * Slack Web API stand-in and the bot itself (production's startBot, in a child process, with a
 * random signing secret and a throwaway token). What a person does on the page becomes a request
 * signed as Slack or PagerDuty sign them, sent to the bot's own endpoints; what the bot does in
 * Slack lands in the stand-in and is pushed to the page as it happens.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ConfigValidationError } from '../../core/errors/diagnose-error.ts';
import { DEFAULT_RUNBOOK_PATH } from '../../adapters/config/load-runbook.ts';
import { startSimulatedAws } from '../sim/start-simulated-aws.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../slack-web-api/start-local-slack-web-api.ts';
import { hasAwsCredentials, realAwsBotEnvironment, simulatedBotEnvironment } from './bot-environment.ts';
import { BotProcess } from './bot-process.ts';
import { createSandboxHandler, type ActivityEntry } from './create-sandbox-handler.ts';
import { EventStream } from './event-stream.ts';
import { loadPageAssets } from './load-page-assets.ts';
import { renderBlocksHtml } from './render-blocks-html.ts';
import { toMessageView, type MessageRenderOptions } from './render-message-html.ts';
import { sandboxBotConfig, summarizeScenario, type ScenarioSummary } from './sandbox-bot-config.ts';
import { REAL_AWS_CHANNEL, SANDBOX_BOT, SANDBOX_TEAM, SANDBOX_USER, SANDBOX_USER_NAMES, SIMULATED_CHANNEL, type SandboxChannel } from './sandbox-workspace.ts';
import { watchRunbooks, type RunbookWatcher } from './watch-runbooks.ts';

export interface StartSandboxOptions {
  /** Port of the page; PORT or 3000 by default, 0 for any free port. */
  port?: number;
  /** Interface to listen on; loopback by default, since the page drives a bot. */
  host?: string;
  /** Scenario files to serve; the shipped scenarios/ by default. */
  scenarioDir?: string;
  /** Runbook directory to watch; the shipped runbooks/ by default. */
  runbookDir?: string;
  /** Offer a channel that diagnoses a real AWS account; by default when credentials are in the environment. */
  useRealAws?: boolean;
  /** Where credentials and LOG_LEVEL are read from. */
  env?: NodeJS.ProcessEnv;
  /** Bot and simulator log lines; stderr by default. */
  log?: (line: string) => void;
}

export interface Sandbox {
  url: string;
  scenarios: ScenarioSummary[];
  /** The workspace as the Slack stand-in stores it (tests wait on it). */
  slack: LocalSlackWebApi;
  close(): Promise<void>;
}

/**
 * @example
 * const sandbox = await startSandbox({ port: 3000 });
 * console.log(`Open ${sandbox.url}`);
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const port = options.port ?? Number(env.PORT ?? 3000);
  const host = options.host ?? '127.0.0.1';
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    const sim = await startSimulatedAws({ ...(options.scenarioDir ? { scenarioDir: options.scenarioDir } : {}), log: (line) => log(`[sim] ${line}`) });
    cleanups.push(() => sim.close());
    const scenarios = sim.scenarios.map(summarizeScenario);

    const secrets = {
      botToken: `xoxb-sandbox-${randomBytes(12).toString('hex')}`,
      signingSecret: randomBytes(32).toString('hex'),
      pagerDutySecret: randomBytes(24).toString('hex'),
      alarmSecret: randomBytes(24).toString('hex'),
    };
    const slack = await startLocalSlackWebApi({
      tokens: [secrets.botToken],
      teamId: SANDBOX_TEAM.id,
      teamDomain: SANDBOX_TEAM.domain,
      botUserId: SANDBOX_BOT.userId,
      botId: SANDBOX_BOT.botId,
    });
    cleanups.push(() => slack.close());

    const workDir = await mkdtemp(join(tmpdir(), 'diagnose-502-sandbox-'));
    cleanups.push(() => rm(workDir, { recursive: true, force: true }));
    const configPath = join(workDir, 'bot-config.yaml');
    await writeFile(configPath, sandboxBotConfig(scenarios, SIMULATED_CHANNEL.id));

    const logLevel = (env.LOG_LEVEL ?? 'warn').toLowerCase();
    const minLevel = PINO_LEVELS[logLevel] ?? 40;
    // The runbook the bot reads lives in the watched directory, so an edit there is what it reloads.
    const runbookDir = options.runbookDir ?? dirname(DEFAULT_RUNBOOK_PATH);
    const botRunbook = basename(DEFAULT_RUNBOOK_PATH);
    const runbookPath = join(runbookDir, botRunbook);
    const common = { secrets, slackApiUrl: slack.url, region: scenarios[0]?.region ?? 'us-east-1', logLevel, home: workDir, runbookPath };
    const simBot = new BotProcess({
      name: 'simulated',
      env: simulatedBotEnvironment({ ...common, stateDb: join(workDir, 'simulated.sqlite'), configPath, awsEndpointUrl: sim.url }, env),
      log,
      minLevel,
    });
    cleanups.push(() => simBot.stop());
    const realBot =
      (options.useRealAws ?? hasAwsCredentials(env))
        ? new BotProcess({ name: 'real-aws', env: realAwsBotEnvironment({ ...common, stateDb: join(workDir, 'real-aws.sqlite') }, env), log, minLevel })
        : undefined;
    if (realBot) cleanups.push(() => realBot.stop());
    const channels: SandboxChannel[] = [SIMULATED_CHANNEL, ...(realBot ? [REAL_AWS_CHANNEL] : [])];

    const events = new EventStream();
    cleanups.push(() => events.close());
    const activityLog: ActivityEntry[] = [];
    const activity = (entry: Omit<ActivityEntry, 'at'>) => {
      const full = { at: new Date().toISOString(), ...entry };
      activityLog.push(full);
      if (activityLog.length > 100) activityLog.shift();
      events.send('activity', full);
    };

    const renderOptions: MessageRenderOptions = {
      users: { ...SANDBOX_USER_NAMES, USLACKBOT: 'Slackbot' },
      fileUrl: (file) => `/files/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}`,
    };
    const unsubscribe = slack.state.subscribe((change) => events.send('message', toMessageView(change.message, renderOptions)));
    cleanups.push(unsubscribe);
    // The Home tab is per person: the page shows the one published for the person at the keyboard.
    const homeView = () => {
      const home = slack.state.homes.get(SANDBOX_USER.id);
      return home ? { publishedAt: home.publishedAt, publishes: home.publishes, html: renderBlocksHtml(home.view.blocks, renderOptions) } : null;
    };
    const unsubscribeHome = slack.state.subscribeHome((home) => {
      if (home.user === SANDBOX_USER.id) events.send('home', homeView());
    });
    cleanups.push(unsubscribeHome);

    let pagerDuty: { available: boolean; note?: string } = { available: false, note: 'Waiting for the bot to start…' };
    let alarms: { available: boolean; note?: string } = { available: false, note: 'Waiting for the bot to start…' };
    const botStates = () => ({ simulated: simBot.state, ...(realBot ? { realAws: realBot.state } : {}) });
    const announceBots = () => events.send('bots', { bots: botStates(), pagerDuty, alarms });

    const startSimBot = async () => {
      announceBots();
      try {
        const url = await simBot.start();
        [pagerDuty, alarms] = await Promise.all([probePagerDutyRoute(url), probeAlarmRoute(url)]);
      } catch (error) {
        pagerDuty = { available: false, note: 'The bot is not running.' };
        alarms = pagerDuty;
        activity({ kind: 'bot', summary: 'the bot did not start', error: error instanceof Error ? error.message : String(error) });
      }
      announceBots();
    };

    // Runbook edits: validate, show problems, and give the bot the new version when it is good.
    let reloads = Promise.resolve();
    let watcher: RunbookWatcher | undefined;
    watcher = await watchRunbooks({
      dir: runbookDir,
      onStatus: (status) => {
        events.send('runbooks', watcher?.statuses() ?? [status]);
        if (!status.ok) activity({ kind: 'runbook', summary: `${status.file} is not valid; the bot keeps the last good version`, error: status.error });
      },
      // One reload at a time: a burst of saves must not restart the bot while it is still starting.
      onValid: (path) => (reloads = reloads.then(() => reloadBots(path))),
    });
    cleanups.push(() => watcher?.close());

    async function reloadBots(path: string): Promise<void> {
      if (basename(path) !== botRunbook) {
        activity({ kind: 'runbook', summary: `${basename(path)} is valid (the bot reads ${botRunbook})` });
        return;
      }
      const started = performance.now();
      for (const bot of [simBot, realBot]) {
        if (!bot || (bot === realBot && bot.state.status === 'stopped')) continue;
        announceBots();
        try {
          await bot.reloadRunbook();
          activity({ kind: 'runbook', summary: `${botRunbook} reloaded (bot restarted) in ${Math.round(performance.now() - started)} ms` });
        } catch (error) {
          activity({ kind: 'runbook', summary: `the bot could not load ${botRunbook}`, error: error instanceof Error ? error.message : String(error) });
        }
      }
      if (simBot.state.status === 'ready') [pagerDuty, alarms] = await Promise.all([probePagerDutyRoute(simBot.state.url), probeAlarmRoute(simBot.state.url)]);
      announceBots();
    }

    const snapshot = () => ({
      workspace: { team: SANDBOX_TEAM, user: SANDBOX_USER, bot: SANDBOX_BOT },
      channels,
      scenarios,
      messages: slack.state.messages().map((m) => toMessageView(m, renderOptions)),
      home: homeView(),
      runbooks: watcher?.statuses() ?? [],
      bots: botStates(),
      pagerDuty,
      alarms,
      realAws: realBot
        ? { available: true, note: `#${REAL_AWS_CHANNEL.name} diagnoses your real AWS account with the credentials npm start was given (read-only calls).` }
        : {
            available: false,
            note: 'To diagnose a real API, start the sandbox with AWS credentials in the environment (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).',
          },
      activity: activityLog.slice(-30),
      stats: stats(),
    });
    const stats = () => ({
      webApiCalls: slack.calls.length,
      awsCalls: sim.calls.length,
      signedRequests: activityLog.filter((a) => a.kind !== 'runbook' && a.kind !== 'bot').length,
    });
    let lastStats = '';
    const statsTimer = setInterval(() => {
      const now = JSON.stringify(stats());
      if (now !== lastStats) events.send('stats', JSON.parse(now));
      lastStats = now;
    }, 500);
    statsTimer.unref();
    cleanups.push(() => clearInterval(statsTimer));

    const handler = createSandboxHandler({
      slack,
      channels,
      scenarios,
      signingSecret: secrets.signingSecret,
      pagerDutySecret: secrets.pagerDutySecret,
      alarmSecret: secrets.alarmSecret,
      botUrlFor: (channel) => (channel.aws === 'real' && realBot ? realBot.url() : simBot.url()),
      pagerDuty: () => pagerDuty,
      alarms: () => alarms,
      events,
      assets: await loadPageAssets(),
      snapshot,
      activity,
      listenHost: host,
    });
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new ConfigValidationError(`Port ${port} is already in use; start the sandbox on another one, e.g. PORT=${port + 1} npm start`, { cause: error })
            : error,
        ),
      );
      server.listen(port, host, () => resolve());
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const bound = (server.address() as AddressInfo).port;
    const shownHost = ['127.0.0.1', '0.0.0.0', '::', '::1'].includes(host) ? 'localhost' : host;

    await startSimBot();
    return { url: `http://${shownHost}:${bound}`, scenarios, slack, close: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

const PINO_LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };

/**
 * Whether the bot serves PagerDuty webhooks: an unsigned probe is refused (401) by a bot that
 * has the route and is a 404 for one that does not. Nothing is posted either way.
 */
async function probePagerDutyRoute(botUrl: string): Promise<{ available: boolean; note?: string }> {
  try {
    const res = await fetch(`${botUrl}/pagerduty/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(3_000),
    });
    await res.arrayBuffer();
    if (res.status === 404) return { available: false, note: 'This bot has no PagerDuty webhook yet (POST /pagerduty/webhook answered 404).' };
    return { available: true };
  } catch {
    return { available: false, note: 'The bot did not answer the PagerDuty webhook probe.' };
  }
}

/** Whether the bot serves signed alarm events: the same unsigned probe, refused (401) when it does. */
async function probeAlarmRoute(botUrl: string): Promise<{ available: boolean; note?: string }> {
  try {
    const res = await fetch(`${botUrl}/alarms/event`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(3_000),
    });
    await res.arrayBuffer();
    if (res.status === 404)
      return { available: false, note: 'This bot has no alarm route (POST /alarms/event answered 404: ALARM_EVENT_SECRET and alarms.channel are needed).' };
    return { available: true };
  } catch {
    return { available: false, note: 'The bot did not answer the alarm route probe.' };
  }
}
