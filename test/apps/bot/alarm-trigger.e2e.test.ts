/**
 * CloudWatch alarms as a trigger, end to end: signed alarm state changes posted to the real bot's
 * `POST /alarms/event`, the Slack stand-in and the simulated account (shipped scenarios: the
 * REST `orders-api` times out, the HTTP `shipping-http-api` fails in its backend). An alarm in
 * ALARM opens a thread with the verdict; redeliveries open nothing; a second alarm of the same
 * API joins the thread; OK transitions mark the parent recovered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_EVENT_PATH } from '../../../src/apps/bot/alarm-event-route.ts';
import { signAlarmEvent } from '../../../src/adapters/alarms/verify-alarm-signature.ts';
import { buildAlarmEvent, type AlarmEventInput } from '../../../src/tools/sandbox/build-alarm-event.ts';
import { CHANNEL, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';

const SECRET = 'alarm-event-secret-e2e';
const SHIPPING_CHANNEL = 'C0SHIPPING';
const CONFIG = [
  'access:',
  `  channels: [${CHANNEL}, ${SHIPPING_CHANNEL}]`,
  '  users: [U0ALICE]',
  'alarms:',
  `  channel: ${CHANNEL}`,
  '  namePrefix: api-',
  '  overrides:',
  `    - { prefix: api-shipping-, channel: ${SHIPPING_CHANNEL} }`,
].join('\n');

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ configYaml: CONFIG, env: { ALARM_EVENT_SECRET: SECRET } });
});
afterAll(async () => h?.close());

const url = () => `http://127.0.0.1:${h.bot.port}${ALARM_EVENT_PATH}`;

function post(event: unknown, headers?: Record<string, string>): Promise<Response> {
  const body = JSON.stringify(event);
  return fetch(url(), { method: 'POST', headers: headers ?? signAlarmEvent(body, SECRET), body });
}

const at = new Date(Date.now() - 3 * 60_000);
const ordersAlarm = (over: Partial<AlarmEventInput> = {}) =>
  buildAlarmEvent({ alarmName: 'api-orders-5xx', region: 'us-east-1', state: 'ALARM', at, api: { type: 'rest', name: 'orders-api', stage: 'prod' }, ...over });
const blocksOf = (channel = CHANNEL) => JSON.stringify(h.parents(channel).at(-1)?.blocks ?? []);

describe('CloudWatch alarm → thread → verdict → OK', () => {
  it('refuses an unsigned or wrongly signed event (401) and posts nothing', async () => {
    const body = JSON.stringify(ordersAlarm());
    const unsigned = await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const wrong = await post(ordersAlarm(), signAlarmEvent(body, 'not-the-secret'));
    expect(unsigned.status).toBe(401);
    expect(wrong.status).toBe(401);
    await h.bot.idle();
    expect(h.parents()).toHaveLength(0);
  });

  it('opens a thread for a REST 5XXError alarm (ApiName resolved to the id) and runs it to the verdict', async () => {
    const res = await post(ordersAlarm());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true, status: 'queued' });
    await h.bot.idle();

    const parents = h.parents();
    expect(parents).toHaveLength(1);
    expect(parents[0]!.text).toMatch(/^5xx diagnosis for orders-api prod \(us-east-1\): Suspected cause: timeout/);
    const text = textOf(parents[0]!);
    expect(text).toContain('k7x2m9q4ta');
    expect(text).toContain('Asked by CloudWatch alarm');
    expect(blocksOf()).toContain('CloudWatch alarms');
    expect(blocksOf()).toContain('api-orders-5xx');
    expect(blocksOf()).toMatch(/ALARM since \d\d:\d\d UTC/);
  });

  it('opens one thread only: the same event again, and the same transition under another event id', async () => {
    const again = await post(ordersAlarm());
    const otherId = await post(ordersAlarm({ id: '11111111-2222-3333-4444-555555555555' }));
    await h.bot.idle();
    expect(await again.json()).toEqual({ ok: true, status: 'duplicate' });
    expect(otherId.status).toBe(202);
    expect(h.parents()).toHaveLength(1);
  });

  it('joins a second alarm on the same API to the open thread (storm grouping)', async () => {
    await post(ordersAlarm({ alarmName: 'api-orders-5xx-rate', at: new Date(at.getTime() + 30_000) }));
    await h.bot.idle();
    expect(h.parents()).toHaveLength(1);
    expect(blocksOf()).toContain('api-orders-5xx-rate');
    expect(blocksOf()).not.toContain('recovered');
  });

  it('updates the parent when the alarms go back to OK: each line, then the whole list as recovered', async () => {
    const okAt = new Date(at.getTime() + 60_000);
    await post(ordersAlarm({ state: 'OK', at: okAt }));
    await h.bot.idle();
    expect(blocksOf()).toMatch(/OK · recovered \d\d:\d\d UTC/);
    expect(blocksOf()).not.toContain('all back to OK');

    await post(ordersAlarm({ alarmName: 'api-orders-5xx-rate', state: 'OK', at: okAt }));
    await h.bot.idle();
    expect(h.parents()).toHaveLength(1);
    expect(blocksOf()).toContain('all back to OK (recovered)');
    // The verdict stays: recovery is news in the parent, not a new thread.
    expect(h.parents()[0]!.text).toMatch(/Suspected cause: timeout/);
  });

  it('sends an HTTP 5xx alarm (ApiId) to the channel its prefix override names', async () => {
    await post(
      buildAlarmEvent({ alarmName: 'api-shipping-5xx', region: 'us-east-1', state: 'ALARM', at, api: { type: 'http', id: 'h2t7p4a9vg', stage: 'prod' } }),
    );
    await h.bot.idle();
    const parents = h.parents(SHIPPING_CHANNEL);
    expect(parents).toHaveLength(1);
    expect(textOf(parents[0]!)).toContain('h2t7p4a9vg');
    expect(parents[0]!.text).toMatch(/Suspected cause/);
    expect(h.parents()).toHaveLength(1);
  });

  it('says so in the channel, without guessing, when the ApiName fits no REST API or the alarm has no Stage', async () => {
    await post(ordersAlarm({ alarmName: 'api-ghost-5xx', api: { type: 'rest', name: 'ghost-api', stage: 'prod' } }));
    await post(ordersAlarm({ alarmName: 'api-orders-whole', api: { type: 'rest', name: 'orders-api' } }));
    await h.bot.idle();
    const top = h.slack.state.topLevel(CHANNEL).map((m) => textOf(m));
    expect(top.some((t) => t.includes('api-ghost-5xx') && t.includes('no REST API in us-east-1 has that name'))).toBe(true);
    expect(top.some((t) => t.includes('api-orders-whole') && t.includes('without a Stage dimension'))).toBe(true);
    // Still the one diagnosis thread.
    expect(h.parents().filter((m) => m.text.startsWith('5xx diagnosis'))).toHaveLength(1);
  });

  it('ignores alarms outside the configuration: another namespace, or a name without the prefix', async () => {
    const before = h.slack.state.topLevel(CHANNEL).length;
    const ec2 = await post(ordersAlarm({ alarmName: 'api-cpu', metric: { namespace: 'AWS/EC2', name: 'CPUUtilization' } }));
    const unprefixed = await post(ordersAlarm({ alarmName: 'orders-5xx', at: new Date(at.getTime() + 5_000) }));
    await h.bot.idle();
    expect(ec2.status).toBe(202);
    expect(unprefixed.status).toBe(202);
    expect(h.slack.state.topLevel(CHANNEL)).toHaveLength(before);
  });

  it('escapes what an alarm name carries into Slack: no mention, link or formatting gets through', async () => {
    const hostile = 'api-<!channel> <https://evil.example|click> *x* `y`';
    await post(ordersAlarm({ alarmName: hostile, api: { type: 'rest', name: 'ghost-api', stage: 'prod' }, at: new Date(at.getTime() + 40_000) }));
    await post(ordersAlarm({ alarmName: `${hostile} 2`, at: new Date(at.getTime() + 45_000) }));
    await h.bot.idle();
    const posted = JSON.stringify(h.slack.state.topLevel(CHANNEL).map((m) => [m.text, m.blocks]));
    expect(posted).toContain('&lt;!channel&gt;');
    expect(posted).not.toContain('<!channel>');
    expect(posted).not.toContain('<https://evil.example');
    // The second joined the orders thread: its line is there, escaped, and still one diagnosis.
    expect(blocksOf()).toContain('&lt;!channel&gt;');
    expect(h.parents().filter((m) => m.text.startsWith('5xx diagnosis'))).toHaveLength(1);
  });

  it('answers 400 to a body that is not an alarm state change', async () => {
    const res = await post({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: {} });
    expect(res.status).toBe(400);
  });
});
