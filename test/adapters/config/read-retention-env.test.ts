import { describe, expect, it } from 'vitest';
import { readRetentionEnv } from '../../../src/adapters/config/read-retention-env.ts';
import { ConfigValidationError } from '../../../src/core/errors/diagnose-error.ts';

const HOUR = 3_600_000;

describe('readRetentionEnv', () => {
  it('defaults to dormant after 24 hours and deleted after 90 days', () => {
    expect(readRetentionEnv({})).toEqual({ dormantAfterMs: 24 * HOUR, expireAfterMs: 90 * 24 * HOUR });
    expect(readRetentionEnv({ DIAGNOSIS_DORMANT_HOURS: ' ', DIAGNOSIS_RETENTION_DAYS: '' })).toEqual({
      dormantAfterMs: 24 * HOUR,
      expireAfterMs: 90 * 24 * HOUR,
    });
  });

  it('reads both settings, fractions of an hour included', () => {
    expect(readRetentionEnv({ DIAGNOSIS_DORMANT_HOURS: '1.5', DIAGNOSIS_RETENTION_DAYS: '30' })).toEqual({
      dormantAfterMs: 1.5 * HOUR,
      expireAfterMs: 30 * 24 * HOUR,
    });
  });

  it('names each bad variable and refuses a retention shorter than the dormancy', () => {
    expect(() => readRetentionEnv({ DIAGNOSIS_DORMANT_HOURS: '24h' })).toThrow(/DIAGNOSIS_DORMANT_HOURS must be a number of hours between 1 and 720/);
    expect(() => readRetentionEnv({ DIAGNOSIS_RETENTION_DAYS: '0' })).toThrow(/DIAGNOSIS_RETENTION_DAYS must be a number of days between 1 and 3650/);
    expect(() => readRetentionEnv({ DIAGNOSIS_DORMANT_HOURS: '72', DIAGNOSIS_RETENTION_DAYS: '2' })).toThrow(ConfigValidationError);
    expect(() => readRetentionEnv({ DIAGNOSIS_DORMANT_HOURS: '72', DIAGNOSIS_RETENTION_DAYS: '2' })).toThrow(
      /DIAGNOSIS_RETENTION_DAYS must be longer than DIAGNOSIS_DORMANT_HOURS/,
    );
  });
});
