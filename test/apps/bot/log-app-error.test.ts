import { describe, expect, it } from 'vitest';
import { categorize } from '../../../src/apps/bot/log-app-error.ts';

describe('categorize', () => {
  it.each([
    [{ code: 'slack_webapi_platform_error', data: { error: 'invalid_blocks' } }, 'slack_api'],
    [{ code: 'slack_webapi_rate_limited_error' }, 'rate_limited'],
    [{ code: 'slack_webapi_request_error' }, 'network'],
    [{ code: 'slack_bolt_authorization_error' }, 'authorization'],
    [{ code: 'slack_bolt_unknown_error', original: { code: 'slack_webapi_platform_error' } }, 'slack_api'],
    [{ code: 'slack_bolt_respond_error' }, 'respond'],
    [new TypeError('x is undefined'), 'bot'],
  ])('files %o under %s', (error, category) => {
    expect(categorize(error)).toBe(category);
  });
});
