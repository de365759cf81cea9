import { describe, expect, it } from 'vitest';
import { isTransientSlackError } from '../../../src/adapters/slack/is-transient-slack-error.ts';

const platform = (error: string) => Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('isTransientSlackError', () => {
  it('calls outages, 5xx, rate limits and network failures transient', () => {
    expect(isTransientSlackError(Object.assign(new Error('503'), { code: 'slack_webapi_http_error', statusCode: 503 }))).toBe(true);
    expect(isTransientSlackError(Object.assign(new Error('limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 1 }))).toBe(true);
    expect(isTransientSlackError(Object.assign(new Error('ECONNRESET'), { code: 'slack_webapi_request_error' }))).toBe(true);
    expect(isTransientSlackError(platform('internal_error'))).toBe(true);
    expect(isTransientSlackError(platform('ratelimited'))).toBe(true);
  });

  it('calls refusals of the request itself permanent', () => {
    for (const error of ['not_in_channel', 'channel_not_found', 'invalid_auth', 'is_archived', 'invalid_blocks']) {
      expect(isTransientSlackError(platform(error))).toBe(false);
    }
  });
});
