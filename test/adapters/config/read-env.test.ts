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
    });
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
