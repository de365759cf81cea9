/**
 * How long diagnoses stay active and stored, shared by the local bot and both Lambda functions.
 * Read with the rest of the environment at start-up; a bad value stops the process naming the
 * variable, because a typo here would silently keep (or delete) state for the wrong length of time.
 */
import { z } from 'zod';
import { ConfigValidationError } from '../../core/errors/diagnose-error.ts';
import { DEFAULT_RETENTION, type RetentionSettings } from '../store/state-store.ts';
import { optionalEnvVar } from './optional-env-var.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_DORMANT_HOURS = DEFAULT_RETENTION.dormantAfterMs / HOUR_MS;
export const DEFAULT_RETENTION_DAYS = DEFAULT_RETENTION.expireAfterMs / DAY_MS;

const number = (fallback: number, min: number, max: number, unit: string) =>
  optionalEnvVar
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isFinite(n) && n >= min && n <= max, `must be a number of ${unit} between ${min} and ${max}`);

const envSchema = z
  .object({
    DIAGNOSIS_DORMANT_HOURS: number(DEFAULT_DORMANT_HOURS, 1, 24 * 30, 'hours'),
    DIAGNOSIS_RETENTION_DAYS: number(DEFAULT_RETENTION_DAYS, 1, 3650, 'days'),
  })
  .refine((e) => e.DIAGNOSIS_RETENTION_DAYS * 24 > e.DIAGNOSIS_DORMANT_HOURS, {
    path: ['DIAGNOSIS_RETENTION_DAYS'],
    message: 'must be longer than DIAGNOSIS_DORMANT_HOURS (a record would be deleted while its diagnosis is still active)',
  });

/**
 * Reads DIAGNOSIS_DORMANT_HOURS (default 24) and DIAGNOSIS_RETENTION_DAYS (default 90).
 *
 * @example
 * readRetentionEnv({ DIAGNOSIS_DORMANT_HOURS: '12' }); // { dormantAfterMs: 43_200_000, expireAfterMs: 7_776_000_000 }
 */
export function readRetentionEnv(env: NodeJS.ProcessEnv = process.env): RetentionSettings {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.map(String).join('.')} ${i.message}`);
    throw new ConfigValidationError(`Environment: ${problems.join('; ')}. See .env.sample.`, { cause: result.error });
  }
  return { dormantAfterMs: result.data.DIAGNOSIS_DORMANT_HOURS * HOUR_MS, expireAfterMs: result.data.DIAGNOSIS_RETENTION_DAYS * DAY_MS };
}
