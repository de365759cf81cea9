import { describe, expect, it } from 'vitest';
import { readPagerDutyEnv } from '../../../src/adapters/config/read-pagerduty-env.ts';

describe('readPagerDutyEnv', () => {
  it('is off without a webhook secret', () => {
    expect(readPagerDutyEnv({})).toBeNull();
    expect(readPagerDutyEnv({ PAGERDUTY_WEBHOOK_SECRET: '  ' })).toBeNull();
  });

  it('reads rotation secrets, the token, a stand-in URL, the From address and the storm window', () => {
    expect(
      readPagerDutyEnv({
        PAGERDUTY_WEBHOOK_SECRET: 'new-secret, old-secret',
        PAGERDUTY_API_TOKEN: 'u+abc',
        PAGERDUTY_API_URL: 'http://127.0.0.1:4010/',
        PAGERDUTY_FROM_EMAIL: 'oncall-bot@acme.example',
        PAGERDUTY_STORM_MINUTES: '5',
      }),
    ).toEqual({
      webhookSecrets: ['new-secret', 'old-secret'],
      apiToken: 'u+abc',
      apiUrl: 'http://127.0.0.1:4010',
      fromEmail: 'oncall-bot@acme.example',
      stormWindowMinutes: 5,
    });
    expect(readPagerDutyEnv({ PAGERDUTY_WEBHOOK_SECRET: 's' })).toEqual({ webhookSecrets: ['s'], apiUrl: 'https://api.pagerduty.com', stormWindowMinutes: 10 });
  });

  it('names each malformed variable', () => {
    expect(() =>
      readPagerDutyEnv({ PAGERDUTY_WEBHOOK_SECRET: 's', PAGERDUTY_API_URL: 'api.pagerduty.com', PAGERDUTY_STORM_MINUTES: 'ten', PAGERDUTY_FROM_EMAIL: 'bot' }),
    ).toThrow(
      /PAGERDUTY_API_URL must be an http\(s\) URL.*PAGERDUTY_FROM_EMAIL must be the email address.*PAGERDUTY_STORM_MINUTES must be a number of minutes/,
    );
    expect(() => readPagerDutyEnv({ PAGERDUTY_API_TOKEN: 't' })).toThrow(/PAGERDUTY_API_TOKEN is set but PAGERDUTY_WEBHOOK_SECRET is not/);
  });
});
