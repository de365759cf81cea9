/**
 * The Bolt app: HTTP mode (POST /slack/events for commands and interactivity, GET /healthz) or
 * Socket Mode when an app-level token is configured, for workspaces without a public URL.
 */
import { App, HTTPReceiver, type CustomRoute } from '@slack/bolt';
import { slackClientOptions } from '../../adapters/slack/slack-client-options.ts';
import { checkSlackTimestamp } from '../../adapters/slack/verify-slack-signature.ts';
import type { Logger } from 'pino';
import type { BotEnv } from '../../adapters/config/read-env.ts';
import type { InFlightTracker } from './in-flight-tracker.ts';
import type { ListenerDeps } from './listener-deps.ts';
import { registerListeners } from './listeners/index.ts';
import { logAppError } from './log-app-error.ts';
import { toBoltLogger } from './to-bolt-logger.ts';

export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

export interface SlackAppOptions {
  env: BotEnv;
  logger: Logger;
  /** Listener dependencies, except the ones only known once the app (and its client) exists. */
  deps: (app: App) => ListenerDeps;
  /** Whether the bot is ready (store open, diagnoses resumed); /healthz answers 503 until then. */
  isReady: () => boolean;
  /** Counts listener runs in progress, for a clean shutdown. */
  inFlight?: InFlightTracker;
  /** More HTTP routes, e.g. POST /pagerduty/webhook (HTTP mode only). */
  customRoutes?: CustomRoute[];
}

/**
 * Bolt's HTTP receiver, with one check in front: Bolt refuses old timestamps but not future ones,
 * so a request stamped more than five minutes either way is refused (401) before Bolt reads it.
 */
function httpReceiver(env: BotEnv, logger: ReturnType<typeof toBoltLogger>, customRoutes: CustomRoute[]): HTTPReceiver {
  const receiver = new HTTPReceiver({ signingSecret: env.slackSigningSecret!, endpoints: EVENTS_PATH, customRoutes, logger });
  const boltListener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path === EVENTS_PATH) {
      const check = checkSlackTimestamp(req.headers);
      if (!check.ok) {
        logger.warn(`refused a Slack request: ${check.reason}`);
        req.resume();
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'invalid request timestamp' }));
        return;
      }
    }
    boltListener(req, res);
  };
  return receiver;
}

export function createSlackApp(options: SlackAppOptions): App {
  const { env, logger } = options;
  const healthz: CustomRoute = {
    path: HEALTH_PATH,
    method: ['GET'],
    handler: (_req, res) => {
      const ready = options.isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: ready }));
    },
  };
  const common = {
    token: env.slackBotToken,
    logger: toBoltLogger(logger),
    customRoutes: [healthz, ...(options.customRoutes ?? [])],
    // Bounded retries and a timeout per request: a Slack outage must not hold jobs for half an
    // hour. A 429 still waits for Retry-After, as Slack asks.
    clientOptions: {
      ...slackClientOptions({ retries: env.limits.slackRetries, timeoutMs: env.limits.slackTimeoutMs }),
      ...(env.slackApiUrl ? { slackApiUrl: env.slackApiUrl } : {}),
    },
  };
  const app = env.slackAppToken
    ? new App({ ...common, appToken: env.slackAppToken, socketMode: true, installerOptions: { port: env.port } })
    : new App({
        token: common.token,
        logger: common.logger,
        clientOptions: common.clientOptions,
        receiver: httpReceiver(env, common.logger, common.customRoutes),
      });
  app.error(async (error) => logAppError(logger, error));
  const inFlight = options.inFlight;
  if (inFlight) app.use(({ next }) => inFlight.track(next));
  registerListeners(app, options.deps(app));
  return app;
}
