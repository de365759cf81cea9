/**
 * The requests the sandbox sends the bot: signed as Slack signs them (checked with Bolt's own
 * verifier) and shaped as Slack shapes a slash command and a block_actions payload.
 */
import { isValidSlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { buildBlockActions } from '../../../src/tools/sandbox/build-block-actions.ts';
import { buildPagerDutyIncident } from '../../../src/tools/sandbox/build-pagerduty-incident.ts';
import { buildSlashCommand } from '../../../src/tools/sandbox/build-slash-command.ts';
import { findPressedAction } from '../../../src/tools/sandbox/find-pressed-action.ts';
import { SIMULATED_CHANNEL } from '../../../src/tools/sandbox/sandbox-workspace.ts';
import { signSlackRequest } from '../../../src/tools/sandbox/sign-slack-request.ts';
import { handlePagerDutyWebhook } from '../../../src/apps/runtime/handle-pagerduty-webhook.ts';
import type { PagerDutyJob } from '../../../src/adapters/jobs/pagerduty-job.ts';
import { verifyPagerDutySignature } from '../../../src/adapters/pagerduty/verify-pagerduty-signature.ts';
import { MemoryStateStore } from '../../../src/adapters/store/memory-state-store.ts';
import type { StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';
import { slackSignature } from '../../helpers/slack/sign-slack-request.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

const checklist: StoredMessage = {
  channel: SIMULATED_CHANNEL.id,
  ts: '1795324073.486000',
  threadTs: '1795324073.106000',
  user: 'U0DIAGBOT',
  text: 'Checklist: Call the backend directly',
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: '☑️ *Call the backend directly*' } },
    {
      type: 'actions',
      block_id: 'd502_step_direct-call',
      elements: [
        {
          type: 'button',
          action_id: 'd502_answer_step:works-directly',
          value: '{"diagnosisId":"d-1","version":3,"step":"direct-call","answer":"works-directly"}',
          text: { type: 'plain_text', text: 'Works directly' },
        },
        {
          type: 'button',
          action_id: 'd502_answer_step:skipped',
          value: '{"diagnosisId":"d-1","version":3,"step":"direct-call","answer":"skipped"}',
          text: { type: 'plain_text', text: 'Skip' },
          style: 'danger',
        },
      ],
    },
    {
      type: 'section',
      block_id: 'choose',
      text: { type: 'mrkdwn', text: 'Which API?' },
      accessory: {
        type: 'static_select',
        action_id: 'd502_choose_api',
        options: [{ text: { type: 'plain_text', text: 'orders-api prod' }, value: 'k7x2m9q4ta:prod' }],
      },
    },
  ],
  edits: [],
  files: [],
  via: 'chat.postMessage',
  postedAt: '2026-11-22T05:07:53.486Z',
};

describe('signSlackRequest', () => {
  it('signs v0:<ts>:<body> with HMAC-SHA256, as Slack does and Bolt checks', () => {
    // Prepare
    const body = 'token=x&team_id=T0SANDBOX&command=%2Fdiagnose-502&text=k7x2m9q4ta+prod';
    const now = 1_795_324_073;

    // Act
    const headers = signSlackRequest(body, SECRET, now);

    // Assess
    expect(headers['x-slack-signature']).toBe(slackSignature(body, SECRET, now));
    expect(headers['x-slack-request-timestamp']).toBe(String(now));
    const verify = (signature: string, secret = SECRET) =>
      isValidSlackRequest({
        signingSecret: secret,
        body,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': now },
        nowMilliseconds: now * 1000,
      });
    expect(verify(headers['x-slack-signature'])).toBe(true);
    expect(verify(headers['x-slack-signature'], 'another-secret')).toBe(false);
  });
});

describe('buildSlashCommand', () => {
  it('has every field Slack sends with a command', () => {
    // Act
    const fields = Object.fromEntries(
      new URLSearchParams(
        buildSlashCommand({ command: '/diagnose-502', text: 'k7x2m9q4ta prod', channel: SIMULATED_CHANNEL, responseUrl: 'http://127.0.0.1:1/respond/x' }),
      ),
    );

    // Assess
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
    expect(fields).toMatchObject({
      command: '/diagnose-502',
      text: 'k7x2m9q4ta prod',
      channel_id: 'C0INCIDENT',
      channel_name: 'incident-502',
      user_id: 'U0ONCALL',
      response_url: 'http://127.0.0.1:1/respond/x',
    });
    expect(fields['trigger_id']).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
  });
});

describe('findPressedAction', () => {
  it('takes the value, label and style from the stored message, not from the page', () => {
    // Act
    const pressed = findPressedAction(checklist, { blockId: 'd502_step_direct-call', actionId: 'd502_answer_step:skipped' });

    // Assess
    expect(pressed).toEqual({
      type: 'button',
      actionId: 'd502_answer_step:skipped',
      blockId: 'd502_step_direct-call',
      value: '{"diagnosisId":"d-1","version":3,"step":"direct-call","answer":"skipped"}',
      text: 'Skip',
      style: 'danger',
    });
  });

  it('finds a select accessory and the chosen option', () => {
    expect(findPressedAction(checklist, { blockId: 'choose', actionId: 'd502_choose_api', selectedValue: 'k7x2m9q4ta:prod' })).toEqual({
      type: 'static_select',
      actionId: 'd502_choose_api',
      blockId: 'choose',
      selectedOption: { text: 'orders-api prod', value: 'k7x2m9q4ta:prod' },
    });
  });

  it('refuses buttons, blocks and options the message does not have', () => {
    expect(findPressedAction(checklist, { blockId: 'd502_step_direct-call', actionId: 'd502_recheck' })).toEqual({
      error: expect.stringContaining('no element d502_recheck'),
    });
    expect(findPressedAction(checklist, { blockId: 'gone', actionId: 'x' })).toEqual({ error: expect.stringContaining('no block gone') });
    expect(findPressedAction(checklist, { blockId: 'choose', actionId: 'd502_choose_api', selectedValue: 'other' })).toEqual({
      error: expect.stringContaining('no option other'),
    });
  });
});

describe('buildBlockActions', () => {
  it('builds the payload Slack sends for a button in a thread, with the stored message', () => {
    // Prepare
    const action = findPressedAction(checklist, { blockId: 'd502_step_direct-call', actionId: 'd502_answer_step:works-directly' });
    if ('error' in action) throw new Error(action.error);

    // Act
    const body = buildBlockActions({
      channel: SIMULATED_CHANNEL,
      message: checklist,
      action,
      responseUrl: 'http://127.0.0.1:1/respond/y',
      now: new Date('2026-11-22T05:08:00Z'),
    });

    // Assess
    const payload = JSON.parse(new URLSearchParams(body).get('payload')!) as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ONCALL', username: 'oncall', team_id: 'T0SANDBOX' },
      team: { id: 'T0SANDBOX' },
      channel: { id: 'C0INCIDENT', name: 'incident-502' },
      container: { type: 'message', message_ts: '1795324073.486000', channel_id: 'C0INCIDENT', is_ephemeral: false, thread_ts: '1795324073.106000' },
      message: { ts: '1795324073.486000', thread_ts: '1795324073.106000', user: 'U0DIAGBOT', bot_id: 'B0DIAGBOT', blocks: checklist.blocks },
      response_url: 'http://127.0.0.1:1/respond/y',
      actions: [
        {
          type: 'button',
          action_id: 'd502_answer_step:works-directly',
          block_id: 'd502_step_direct-call',
          value: '{"diagnosisId":"d-1","version":3,"step":"direct-call","answer":"works-directly"}',
          text: { type: 'plain_text', text: 'Works directly', emoji: true },
          action_ts: '1795324080.000000',
        },
      ],
    });
  });

  it('leaves the message out for an ephemeral one, as Slack does, and reports a select in state', () => {
    // Prepare
    const ephemeral = { ...checklist, ephemeralFor: 'U0ONCALL' };
    const action = findPressedAction(ephemeral, { blockId: 'choose', actionId: 'd502_choose_api', selectedValue: 'k7x2m9q4ta:prod' });
    if ('error' in action) throw new Error(action.error);

    // Act
    const payload = JSON.parse(
      new URLSearchParams(buildBlockActions({ channel: SIMULATED_CHANNEL, message: ephemeral, action, responseUrl: 'http://r' })).get('payload')!,
    ) as Record<string, unknown>;

    // Assess
    expect(payload['message']).toBeUndefined();
    expect(payload['container']).toMatchObject({ is_ephemeral: true });
    expect(payload['state']).toEqual({
      values: {
        choose: {
          d502_choose_api: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'orders-api prod', emoji: true }, value: 'k7x2m9q4ta:prod' },
          },
        },
      },
    });
    expect((payload['actions'] as unknown[])[0]).toMatchObject({ type: 'static_select', selected_option: { value: 'k7x2m9q4ta:prod' } });
  });
});

describe('buildPagerDutyIncident', () => {
  it('builds a v3 incident.triggered delivery signed with v1= HMAC-SHA256 of the body', () => {
    // Act
    const delivery = buildPagerDutyIncident({
      serviceId: 'PABC123',
      serviceName: 'orders-api (prod)',
      title: 'ALARM: "orders-api-prod-5xx"',
      number: 1201,
      secret: SECRET,
      now: new Date('2026-11-22T05:08:00Z'),
    });

    // Assess
    const envelope = JSON.parse(delivery.body) as { event: Record<string, unknown> };
    expect(envelope.event).toMatchObject({
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: '2026-11-22T05:08:00.000Z',
      data: {
        id: delivery.incidentId,
        type: 'incident',
        number: 1201,
        status: 'triggered',
        title: 'ALARM: "orders-api-prod-5xx"',
        urgency: 'high',
        service: { id: 'PABC123', summary: 'orders-api (prod)' },
      },
    });
    expect(delivery.headers['x-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(verifyPagerDutySignature(delivery.body, delivery.headers['x-pagerduty-signature'], [SECRET])).toBe(true);
    expect(verifyPagerDutySignature(delivery.body, delivery.headers['x-pagerduty-signature'], ['other'])).toBe(false);
  });
});

describe("a simulated PagerDuty delivery at the bot's webhook handler", () => {
  it('is accepted and queued once, and refused with another secret', async () => {
    // Prepare
    const delivery = buildPagerDutyIncident({ serviceId: 'PABC123', serviceName: 'orders-api (prod)', title: 'ALARM', number: 1202, secret: SECRET });
    const jobs: PagerDutyJob[] = [];
    const deps = { secrets: [SECRET], store: new MemoryStateStore(), enqueue: async (job: PagerDutyJob) => void jobs.push(job) };

    // Act
    const first = await handlePagerDutyWebhook({ rawBody: delivery.body, headers: delivery.headers }, deps);
    const again = await handlePagerDutyWebhook({ rawBody: delivery.body, headers: delivery.headers }, deps);
    const forged = await handlePagerDutyWebhook({ rawBody: delivery.body, headers: delivery.headers }, { ...deps, secrets: ['other'] });

    // Assess
    expect(first).toEqual({ status: 202, body: { ok: true, status: 'queued' } });
    expect(again.body.status).toBe('duplicate');
    expect(forged.status).toBe(401);
    expect(jobs).toHaveLength(1);
  });
});
