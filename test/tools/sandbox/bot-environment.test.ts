import { describe, expect, it } from 'vitest';
import { hasAwsCredentials, realAwsBotEnvironment, simulatedBotEnvironment } from '../../../src/tools/sandbox/bot-environment.ts';

const input = {
  secrets: { botToken: 'xoxb-sandbox-1', signingSecret: 'sign', pagerDutySecret: 'pd', alarmSecret: 'alarm' },
  slackApiUrl: 'http://127.0.0.1:5000/api/',
  stateDb: '/tmp/sb/simulated.sqlite',
  configPath: '/tmp/sb/bot-config.yaml',
  region: 'us-east-1',
  logLevel: 'warn',
  home: '/tmp/sb',
  runbookPath: '/repo/runbooks/api-gateway-502.yaml',
};

const userEnv = {
  PATH: '/usr/bin',
  AWS_PROFILE: 'prod-admin',
  AWS_ACCESS_KEY_ID: 'AKIAREAL',
  AWS_SECRET_ACCESS_KEY: 'real-secret',
  AWS_SESSION_TOKEN: 'real-session',
  AWS_ENDPOINT_URL: 'http://localhost:4566',
  SLACK_APP_TOKEN: 'xapp-real',
  AWS_REGION: 'eu-west-1',
};

describe('simulatedBotEnvironment', () => {
  it('points the bot at the stand-in and the simulator, and takes nothing from the user environment', () => {
    // Act
    const env = simulatedBotEnvironment({ ...input, awsEndpointUrl: 'http://127.0.0.1:4566' }, userEnv);

    // Assess
    expect(env).toMatchObject({
      SLACK_BOT_TOKEN: 'xoxb-sandbox-1',
      SLACK_SIGNING_SECRET: 'sign',
      SLACK_API_URL: 'http://127.0.0.1:5000/api/',
      PAGERDUTY_WEBHOOK_SECRET: 'pd',
      ALARM_EVENT_SECRET: 'alarm',
      PORT: '0',
      STATE_DB: '/tmp/sb/simulated.sqlite',
      DIAGNOSE502_CONFIG: '/tmp/sb/bot-config.yaml',
      DIAGNOSE502_RUNBOOK: '/repo/runbooks/api-gateway-502.yaml',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_ACCESS_KEY_ID: 'sandbox',
      AWS_REGION: 'us-east-1',
      HOME: '/tmp/sb',
    });
    // Real credentials, a profile or Socket Mode would take the bot somewhere else.
    expect(env).not.toHaveProperty('AWS_PROFILE');
    expect(env).not.toHaveProperty('AWS_SESSION_TOKEN');
    expect(env).not.toHaveProperty('SLACK_APP_TOKEN');
  });
});

describe('realAwsBotEnvironment', () => {
  it('keeps the user credentials and region but no endpoint override or Slack settings of theirs', () => {
    // Act
    const env = realAwsBotEnvironment({ ...input, configPath: undefined }, userEnv);

    // Assess
    expect(env).toMatchObject({ AWS_PROFILE: 'prod-admin', AWS_SESSION_TOKEN: 'real-session', AWS_REGION: 'eu-west-1', SLACK_BOT_TOKEN: 'xoxb-sandbox-1' });
    expect(env).not.toHaveProperty('AWS_ENDPOINT_URL');
    expect(env).not.toHaveProperty('SLACK_APP_TOKEN');
    expect(env).not.toHaveProperty('DIAGNOSE502_CONFIG');
  });
});

describe('hasAwsCredentials', () => {
  it('recognises keys, profiles, web identity and container roles, and nothing else', () => {
    expect(hasAwsCredentials({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })).toBe(true);
    expect(hasAwsCredentials({ AWS_PROFILE: 'dev' })).toBe(true);
    expect(hasAwsCredentials({ AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token' })).toBe(true);
    expect(hasAwsCredentials({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x' })).toBe(true);
    expect(hasAwsCredentials({ AWS_ACCESS_KEY_ID: 'a' })).toBe(false);
    expect(hasAwsCredentials({ AWS_REGION: 'us-east-1' })).toBe(false);
  });
});
