/**
 * The PagerDuty part of the bot's environment. Absent PAGERDUTY_WEBHOOK_SECRET means the
 * integration is off; anything set but malformed stops the start-up with the variable named.
 */
import { z } from 'zod';
import { ConfigValidationError } from '../../core/errors/diagnose-error.ts';
import { optionalEnvVar } from './optional-env-var.ts';

export const DEFAULT_PAGERDUTY_API_URL = 'https://api.pagerduty.com';
export const DEFAULT_STORM_WINDOW_MINUTES = 10;

const optional = optionalEnvVar;

const envSchema = z.object({
  PAGERDUTY_WEBHOOK_SECRET: optional,
  PAGERDUTY_API_TOKEN: optional,
  PAGERDUTY_API_URL: optional.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL such as https://api.pagerduty.com'),
  PAGERDUTY_FROM_EMAIL: optional.refine(
    (v) => v === undefined || /^[^\s@]+@[^\s@]+$/.test(v),
    'must be the email address of a PagerDuty user (sent as the From header)',
  ),
  PAGERDUTY_STORM_MINUTES: optional
    .transform((v) => (v === undefined ? DEFAULT_STORM_WINDOW_MINUTES : Number(v)))
    .refine((n) => Number.isFinite(n) && n > 0 && n <= 24 * 60, 'must be a number of minutes between 1 and 1440'),
});

export interface PagerDutyEnv {
  /** Secrets a signature may match: the current one and, during a rotation, the previous. */
  webhookSecrets: string[];
  /** REST API token: alert details in, verdict notes out. Neither happens without it. */
  apiToken?: string;
  apiUrl: string;
  /** The From header PagerDuty requires on writes; notes are skipped without it. */
  fromEmail?: string;
  /** Incidents for the same API within this long of the first join its diagnosis. */
  stormWindowMinutes: number;
}

/**
 * Reads the PagerDuty settings; null when the integration is not configured.
 *
 * @example
 * // PAGERDUTY_WEBHOOK_SECRET="new-secret,old-secret" during a rotation
 * readPagerDutyEnv()?.webhookSecrets; // ['new-secret', 'old-secret']
 */
export function readPagerDutyEnv(env: NodeJS.ProcessEnv = process.env): PagerDutyEnv | null {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.map(String).join('.')} ${i.message}`);
    throw new ConfigValidationError(`Environment: ${problems.join('; ')}. See .env.sample.`, { cause: result.error });
  }
  const e = result.data;
  if (!e.PAGERDUTY_WEBHOOK_SECRET) {
    if (e.PAGERDUTY_API_TOKEN)
      throw new ConfigValidationError(
        "Environment: PAGERDUTY_API_TOKEN is set but PAGERDUTY_WEBHOOK_SECRET is not; set the webhook subscription's signing secret too.",
      );
    return null;
  }
  const secrets = e.PAGERDUTY_WEBHOOK_SECRET.split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return {
    webhookSecrets: secrets,
    ...(e.PAGERDUTY_API_TOKEN ? { apiToken: e.PAGERDUTY_API_TOKEN } : {}),
    apiUrl: (e.PAGERDUTY_API_URL ?? DEFAULT_PAGERDUTY_API_URL).replace(/\/+$/, ''),
    ...(e.PAGERDUTY_FROM_EMAIL ? { fromEmail: e.PAGERDUTY_FROM_EMAIL } : {}),
    stormWindowMinutes: e.PAGERDUTY_STORM_MINUTES,
  };
}
