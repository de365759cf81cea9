/**
 * The Lambda functions' environment, set by serverless.yml. It holds names and locations only:
 * the secrets themselves are read from SSM Parameter Store under SECRETS_PREFIX, so they never
 * appear in the CloudFormation template or the function configuration.
 */
import { z } from 'zod';
import { regionSchema } from '../../core/api/api-ref.ts';
import type { LogLevelName } from './read-env.ts';
import { ConfigValidationError } from '../../core/errors/diagnose-error.ts';
import { optionalEnvVar } from './optional-env-var.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optional = optionalEnvVar;

const required = (what: string) =>
  z
    .string({ error: `is required (${what})` })
    .trim()
    .min(1, `is required (${what})`);

const envSchema = z.object({
  STATE_TABLE: required('the DynamoDB table name; serverless.yml sets it'),
  WORK_QUEUE_URL: required('the SQS work queue URL; serverless.yml sets it').regex(/^https?:\/\/\S+$/, 'must be the queue URL'),
  SECRETS_PREFIX: required('the SSM parameter path holding the secrets, e.g. /diagnose-502/prod/').regex(
    /^\/[\w./-]*\/$/,
    'must start and end with "/", e.g. /diagnose-502/prod/',
  ),
  DIAGNOSE502_CONFIG: optional,
  DEFAULT_REGION: optional,
  AWS_REGION: optional,
  SLACK_API_URL: optional,
  LOG_LEVEL: optional.transform((v) => (v ?? 'info').toLowerCase()).pipe(z.enum(LOG_LEVELS)),
});

export interface LambdaEnv {
  stateTable: string;
  workQueueUrl: string;
  secretsPrefix: string;
  configPath?: string;
  /** Region used when neither the command nor the config names one: the function's own. */
  defaultRegion: string;
  slackApiUrl?: string;
  logLevel: LogLevelName;
  /** Everything else (PAGERDUTY_API_URL and friends), for readers of their own variables. */
  raw: NodeJS.ProcessEnv;
}

export function readLambdaEnv(env: NodeJS.ProcessEnv = process.env): LambdaEnv {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.map(String).join('.')} ${i.message}`);
    throw new ConfigValidationError(`Lambda environment: ${problems.join('; ')}. Deploy with serverless.yml (docs/deploy.md).`, { cause: result.error });
  }
  const e = result.data;
  const defaultRegion = e.DEFAULT_REGION ?? e.AWS_REGION ?? 'us-east-1';
  if (!regionSchema.safeParse(defaultRegion).success)
    throw new ConfigValidationError(`Lambda environment: DEFAULT_REGION ${JSON.stringify(defaultRegion)} is not a region`);
  return {
    stateTable: e.STATE_TABLE,
    workQueueUrl: e.WORK_QUEUE_URL,
    secretsPrefix: e.SECRETS_PREFIX,
    ...(e.DIAGNOSE502_CONFIG ? { configPath: e.DIAGNOSE502_CONFIG } : {}),
    defaultRegion,
    ...(e.SLACK_API_URL ? { slackApiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/` } : {}),
    logLevel: e.LOG_LEVEL,
    raw: env,
  };
}
