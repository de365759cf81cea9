/**
 * The bot's environment, read once at start-up and checked with zod so that a missing token or a
 * mistyped port stops the process with a message naming the variable, not a 401 at the first command.
 */
import { z } from 'zod';
import { regionSchema } from '../../core/api/api-ref.ts';
import { ConfigValidationError } from '../../core/errors/diagnose-error.ts';
import { optionalEnvVar } from './optional-env-var.ts';

export const DEFAULT_STATE_DB = './data/diagnose-502.sqlite';
export const DEFAULT_PORT = 3000;
export const DEFAULT_REGION = 'us-east-1';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

const optional = optionalEnvVar;

/** An optional whole number within bounds, with its default and the unit named in the message. */
const boundedInt = (fallback: number, min: number, max: number, unit: string) =>
  optional
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, `must be a whole number of ${unit} between ${min} and ${max}`);

/**
 * Defaults of the bot's bounds. The Web API client's own defaults (10 retries over about 30
 * minutes, no request timeout) keep a job and its diagnosis lock for half an hour in a Slack
 * outage. Six retries with backoff ride out an outage of a minute (1+2+4+8+16+30 s, each up to
 * twice as long at random) and give up after one to two minutes, about three if every request
 * hangs to its timeout; the job pool and the command limits stop work piling up meanwhile.
 */
export const DEFAULT_LIMITS: BotLimits = {
  slackRetries: 6,
  slackTimeoutMs: 10_000,
  jobConcurrency: 4,
  commandsPerUserPerMinute: 5,
  commandsPerChannelPerMinute: 20,
};

const envSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required (the Bot User OAuth Token, xoxb-…, from "OAuth & Permissions")' })
    .trim()
    .min(1, 'is required (the Bot User OAuth Token, xoxb-…, from "OAuth & Permissions")'),
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xapp-'), 'must be an app-level token starting with xapp-'),
  SLACK_API_URL: optional.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL such as https://slack.com/api/'),
  PORT: optional
    .transform((v) => (v === undefined ? DEFAULT_PORT : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65_535, 'must be a port number between 0 and 65535'),
  STATE_DB: optional.transform((v) => v ?? DEFAULT_STATE_DB),
  DIAGNOSE502_CONFIG: optional,
  DIAGNOSE502_RUNBOOK: optional,
  AWS_REGION: optional.transform((v) => v ?? DEFAULT_REGION).pipe(regionSchema),
  ALARM_EVENT_SECRET: optional,
  LOG_LEVEL: optional.transform((v) => (v ?? 'info').toLowerCase()).pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  SLACK_RETRIES: boundedInt(DEFAULT_LIMITS.slackRetries, 0, 10, 'retries'),
  SLACK_TIMEOUT_MS: boundedInt(DEFAULT_LIMITS.slackTimeoutMs, 100, 120_000, 'milliseconds'),
  JOB_CONCURRENCY: boundedInt(DEFAULT_LIMITS.jobConcurrency, 1, 64, 'jobs'),
  COMMANDS_PER_USER_PER_MINUTE: boundedInt(DEFAULT_LIMITS.commandsPerUserPerMinute, 1, 600, 'commands'),
  COMMANDS_PER_CHANNEL_PER_MINUTE: boundedInt(DEFAULT_LIMITS.commandsPerChannelPerMinute, 1, 6000, 'commands'),
});

const SIGNING_SECRET_MISSING =
  'SLACK_SIGNING_SECRET is required in HTTP mode (from "Basic Information" → "App Credentials"), or set SLACK_APP_TOKEN for Socket Mode';

/** How much the local bot takes on at once, and how long it waits for Slack. */
export interface BotLimits {
  /** Retries of one Slack Web API call after a 5xx, a network error, a timeout or a 429 (which first waits for Retry-After). */
  slackRetries: number;
  /** Longest one Slack Web API request may take before it counts as failed. */
  slackTimeoutMs: number;
  /** Jobs (diagnoses, presses, questions, scans) running at once; later ones wait their turn in order. */
  jobConcurrency: number;
  /** `/diagnose-502` commands one person may run in a minute; more are refused with an ephemeral note. */
  commandsPerUserPerMinute: number;
  /** `/diagnose-502` commands everyone together may run in one channel in a minute. */
  commandsPerChannelPerMinute: number;
}

export interface BotEnv {
  slackBotToken: string;
  /** Required in HTTP mode; unused in Socket Mode. */
  slackSigningSecret?: string;
  /** Set: Socket Mode over a WebSocket; unset: HTTP mode on `port`. */
  slackAppToken?: string;
  /** Web API base URL override, e.g. a local stand-in; Slack's own when unset. */
  slackApiUrl?: string;
  port: number;
  stateDb: string;
  configPath?: string;
  /** Runbook YAML to use instead of the shipped runbooks/api-gateway-502.yaml. */
  runbookPath?: string;
  /** Region used when neither the command nor the access config names one. */
  defaultRegion: string;
  logLevel: LogLevelName;
  /**
   * Secrets that sign alarm events posted to `POST /alarms/event` (comma-separated in
   * ALARM_EVENT_SECRET, the current one first during a rotation); the route is off without one.
   */
  alarmEventSecrets?: string[];
  limits: BotLimits;
}

/**
 * Reads and validates the bot's environment variables.
 *
 * @example
 * const env = readEnv(); // throws ConfigValidationError: "SLACK_BOT_TOKEN is required (…)"
 */
export function readEnv(env: NodeJS.ProcessEnv = process.env): BotEnv {
  const result = envSchema.safeParse(env);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.map(String).join('.')} ${i.message}`);
  // Socket Mode needs no signing secret (Slack never calls us); HTTP mode cannot work without one.
  if (!env['SLACK_APP_TOKEN']?.trim() && !env['SLACK_SIGNING_SECRET']?.trim()) problems.push(SIGNING_SECRET_MISSING);
  if (!result.success || problems.length > 0) {
    throw new ConfigValidationError(`Environment: ${problems.join('; ')}. See .env.sample and docs/slack-setup.md.`, { cause: result.error });
  }
  const e = result.data;
  return {
    slackBotToken: e.SLACK_BOT_TOKEN,
    ...(e.SLACK_SIGNING_SECRET ? { slackSigningSecret: e.SLACK_SIGNING_SECRET } : {}),
    ...(e.SLACK_APP_TOKEN ? { slackAppToken: e.SLACK_APP_TOKEN } : {}),
    ...(e.SLACK_API_URL ? { slackApiUrl: withTrailingSlash(e.SLACK_API_URL) } : {}),
    port: e.PORT,
    stateDb: e.STATE_DB,
    ...(e.DIAGNOSE502_CONFIG ? { configPath: e.DIAGNOSE502_CONFIG } : {}),
    ...(e.DIAGNOSE502_RUNBOOK ? { runbookPath: e.DIAGNOSE502_RUNBOOK } : {}),
    defaultRegion: e.AWS_REGION,
    logLevel: e.LOG_LEVEL,
    ...(e.ALARM_EVENT_SECRET ? { alarmEventSecrets: splitSecrets(e.ALARM_EVENT_SECRET) } : {}),
    limits: {
      slackRetries: e.SLACK_RETRIES,
      slackTimeoutMs: e.SLACK_TIMEOUT_MS,
      jobConcurrency: e.JOB_CONCURRENCY,
      commandsPerUserPerMinute: e.COMMANDS_PER_USER_PER_MINUTE,
      commandsPerChannelPerMinute: e.COMMANDS_PER_CHANNEL_PER_MINUTE,
    },
  };
}

function splitSecrets(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** The WebClient joins method names onto the base URL, so "…/api" and "…/api/" must mean the same. */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
