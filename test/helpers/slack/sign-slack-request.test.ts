import { isValidSlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { blockActionsBody, signSlackRequest, slackSignature, slashCommandBody } from './sign-slack-request.ts';

describe('signing requests as Slack does', () => {
  it('reproduces the example from Slack’s request-verification documentation', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature(body, '8f742231b10e8888abcd99yyyzzz85a5', 1531420618)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it('produces headers Bolt’s own verifier accepts, and only for the right secret', () => {
    const body = slashCommandBody({ text: 'a1b2c3d4e5 prod' });
    const headers = signSlackRequest(body, 'secret');
    const check = (signingSecret: string) =>
      isValidSlackRequest({
        signingSecret,
        body,
        headers: { 'x-slack-signature': headers['x-slack-signature'], 'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']) },
      });
    expect(check('secret')).toBe(true);
    expect(check('other')).toBe(false);
  });

  it('builds a slash command body with the fields Slack sends', () => {
    const fields = Object.fromEntries(new URLSearchParams(slashCommandBody({ text: 'a1b2c3d4e5 prod', user_id: 'U0BOB' })));
    expect(Object.keys(fields).sort()).toEqual(
      [
        'api_app_id',
        'channel_id',
        'channel_name',
        'command',
        'is_enterprise_install',
        'response_url',
        'team_domain',
        'team_id',
        'text',
        'token',
        'trigger_id',
        'user_id',
        'user_name',
      ].sort(),
    );
    expect(fields).toMatchObject({ command: '/diagnose-502', text: 'a1b2c3d4e5 prod', user_id: 'U0BOB' });
    expect(fields['trigger_id']).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
  });

  it('builds a block_actions body as payload=<json>', () => {
    const body = blockActionsBody({
      actionId: 'd502_recheck',
      value: '{"diagnosisId":"d","version":3}',
      messageTs: '1.000001',
      threadTs: '1.000000',
      userId: 'U0CAROL',
    });
    const payload = JSON.parse(new URLSearchParams(body).get('payload')!) as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0CAROL' },
      channel: { id: 'C0INCIDENT' },
      container: { type: 'message', message_ts: '1.000001', thread_ts: '1.000000' },
      message: { ts: '1.000001', thread_ts: '1.000000' },
      actions: [{ action_id: 'd502_recheck', type: 'button', value: '{"diagnosisId":"d","version":3}' }],
    });
  });
});
