import { describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/adapters/config/read-env.ts';
import { ConfigValidationError } from '../../../src/core/errors/diagnose-error.ts';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shh' };

describe('readEnv', () => {
  it('applies the defaults when only the two Slack secrets are set', () => {
    // Act
    const env = readEnv(base);
    // Assess
    expect(env).toEqual({
      slackBotToken: 'xoxb-1-2-abc',
      slackSigningSecret: 'shh',
      port: 3000,
      stateDb: './data/diagnose-502.sqlite',
      defaultRegion: 'us-east-1',
      logLevel: 'info',
      limits: { slackRetries: 6, slackTimeoutMs: 10_000, jobConcurrency: 4, commandsPerUserPerMinute: 5, commandsPerChannelPerMinute: 20 },
    });
  });

  // Issue 11, finding 7: the Web API client's defaults retried for about 30 minutes with no timeout.
  it('reads the bounds on Slack calls, the job pool and commands, naming a bad one', () => {
    const env = readEnv({
      ...base,
      SLACK_RETRIES: '0',
      SLACK_TIMEOUT_MS: '2500',
      JOB_CONCURRENCY: '2',
      COMMANDS_PER_USER_PER_MINUTE: '3',
      COMMANDS_PER_CHANNEL_PER_MINUTE: '9',
    });
    expect(env.limits).toEqual({ slackRetries: 0, slackTimeoutMs: 2500, jobConcurrency: 2, commandsPerUserPerMinute: 3, commandsPerChannelPerMinute: 9 });
    expect(() => readEnv({ ...base, JOB_CONCURRENCY: '0' })).toThrow(/JOB_CONCURRENCY must be a whole number of jobs between 1 and 64/);
    expect(() => readEnv({ ...base, SLACK_RETRIES: 'many' })).toThrow(/SLACK_RETRIES must be a whole number of retries between 0 and 10/);
  });

  it('reads every optional variable and normalises the API URL', () => {
    const env = readEnv({
      ...base,
      SLACK_APP_TOKEN: 'xapp-1-A1-xyz',
      SLACK_API_URL: 'http://127.0.0.1:4000/api',
      PORT: '0',
      STATE_DB: '/tmp/s.sqlite',
      DIAGNOSE502_CONFIG: './bot.yaml',
      AWS_REGION: 'eu-west-1',
      LOG_LEVEL: 'DEBUG',
    });
    expect(env).toMatchObject({
      slackAppToken: 'xapp-1-A1-xyz',
      slackApiUrl: 'http://127.0.0.1:4000/api/',
      port: 0,
      stateDb: '/tmp/s.sqlite',
      configPath: './bot.yaml',
      defaultRegion: 'eu-west-1',
      logLevel: 'debug',
    });
  });

  it('treats empty strings as unset', () => {
    expect(readEnv({ ...base, SLACK_APP_TOKEN: '', PORT: '' })).toMatchObject({ port: 3000 });
    expect(readEnv({ ...base, SLACK_APP_TOKEN: '' }).slackAppToken).toBeUndefined();
  });

  it('names every missing secret in one message', () => {
    expect(() => readEnv({})).toThrowError(ConfigValidationError);
    expect(() => readEnv({})).toThrowError(/SLACK_BOT_TOKEN is required.*SLACK_SIGNING_SECRET is required in HTTP mode/);
  });

  it('needs no signing secret in Socket Mode', () => {
    const env = readEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A-b' });
    expect(env.slackAppToken).toBe('xapp-1-A-b');
    expect(env.slackSigningSecret).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ PORT: '70000' }, /PORT must be a port number/],
    [{ SLACK_APP_TOKEN: 'xoxb-wrong' }, /SLACK_APP_TOKEN must be an app-level token/],
    [{ SLACK_API_URL: 'slack.com/api' }, /SLACK_API_URL must be an http\(s\) URL/],
    [{ AWS_REGION: 'Europe' }, /AWS_REGION a region looks like eu-west-1/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of fatal/],
  ])('rejects %o', (extra, message) => {
    expect(() => readEnv({ ...base, ...extra })).toThrowError(message);
  });
});
