/**
 * The PagerDuty "which API?" menu and text box start a diagnosis, so they pass the same access
 * rules as the slash command and the buttons (issue 11, finding 1). Through the real bot: signed
 * webhook in, signed block_actions out, the Slack stand-in and the simulated AWS account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPagerDutyBody } from '../../../src/adapters/pagerduty/verify-pagerduty-signature.ts';
import { ACTION_IDS } from '../../../src/adapters/slack/action-ids.ts';
import type { StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';
import { CHANNEL, SIGNING_SECRET, startBotHarness, type BotHarness } from '../../helpers/slack/bot-harness.ts';
import { fakeTriggerId, postSigned } from '../../helpers/slack/sign-slack-request.ts';
import { asIncident, fixture } from '../runtime/pagerduty-fixtures.ts';

const PD_SECRET = 'pd-secret-access-test';
let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({
    configYaml: ['access:', '  users: [U0ALICE]', 'pagerduty:', `  channel: ${CHANNEL}`].join('\n'),
    env: { PAGERDUTY_WEBHOOK_SECRET: PD_SECRET },
  });
});
afterAll(async () => h?.close());

async function openQuestion(incidentId: string, number: number): Promise<StoredMessage> {
  const body = JSON.stringify(asIncident(fixture('incident-triggered.json'), incidentId, number, 'PUNMAPPED'));
  const res = await fetch(`http://127.0.0.1:${h.bot.port}/pagerduty/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-id': `wh-${incidentId}`, 'x-pagerduty-signature': signPagerDutyBody(body, PD_SECRET) },
    body,
  });
  expect(res.status).toBe(202);
  return h.slack.state.waitFor(
    () => h.slack.state.topLevel(CHANNEL).find((m) => m.text.includes(`#${number}`) && m.text.includes('which API')),
    'the question',
  );
}

/** A menu pick or a typed answer, signed as Slack sends it. */
function answer(question: StoredMessage, incidentId: string, user: string, kind: 'select' | 'text', value: string): Promise<Response> {
  const action =
    kind === 'select' ? { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } : { type: 'plain_text_input', value };
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0LOCAL01' },
    api_app_id: 'A0DIAG502',
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    container: { type: 'message', message_ts: question.ts, channel_id: CHANNEL, is_ephemeral: false },
    trigger_id: fakeTriggerId(),
    team: { id: 'T0LOCAL01', domain: 'local' },
    channel: { id: CHANNEL, name: 'incidents' },
    message: { type: 'message', user: 'U0DIAGBOT', ts: question.ts, text: '' },
    state: { values: {} },
    response_url: h.slack.responseUrl(CHANNEL, user),
    actions: [
      { ...action, action_id: ACTION_IDS.chooseApi, block_id: `${ACTION_IDS.chooseApi}:${kind}:${incidentId}`, action_ts: (Date.now() / 1000).toFixed(6) },
    ],
  };
  return postSigned(h.eventsUrl(), new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), { signingSecret: SIGNING_SECRET });
}

const diagnoses = () => h.parents().filter((m) => m.text.startsWith('5xx diagnosis'));

describe('the "which API?" question under access rules', () => {
  it.each([['select'], ['text']] as const)('refuses a %s answer from a user outside access.users: no diagnosis, no AWS call', async (kind) => {
    // Prepare
    const incidentId = `QDENY${kind.toUpperCase()}`;
    const question = await openQuestion(incidentId, kind === 'select' ? 5101 : 5102);
    await h.bot.idle();
    h.sim.resetCalls();

    // Act
    const res = await answer(question, incidentId, 'U0MALLORY', kind, 'k7x2m9q4ta prod us-east-1');
    await h.bot.idle();

    // Assess
    expect(res.status).toBe(200);
    expect(h.slack.state.ephemeral('U0MALLORY').at(-1)?.text).toMatch(/not allowed to run diagnose-502/);
    expect(diagnoses()).toEqual([]);
    expect(h.sim.calls).toEqual([]);
    expect(h.slack.state.find(CHANNEL, question.ts)?.text).toContain('which API');
  });

  it('lets a listed user answer, and the diagnosis starts', async () => {
    const question = await openQuestion('QALLOWED1', 5103);
    await answer(question, 'QALLOWED1', 'U0ALICE', 'text', 'k7x2m9q4ta prod us-east-1');
    await h.slack.state.waitFor(() => diagnoses().length > 0, 'the diagnosis thread');
    await h.bot.idle();
    expect(diagnoses()).toHaveLength(1);
  });
});
