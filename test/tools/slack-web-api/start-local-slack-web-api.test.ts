import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../../../src/tools/slack-web-api/start-local-slack-web-api.ts';

const TOKEN = 'xoxb-test-1';
let api: LocalSlackWebApi;
let client: WebClient;

beforeEach(async () => {
  api = await startLocalSlackWebApi({ tokens: [TOKEN], usergroups: { S0ONCALL: ['U0ALICE', 'U0BOB'] }, channelsWithoutBot: ['C0PRIVATE'] });
  client = new WebClient(TOKEN, { slackApiUrl: api.url, retryConfig: { retries: 0 } });
});
afterEach(async () => {
  await api.close();
});

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('local Slack Web API stand-in', () => {
  it('answers auth.test for a known token and refuses others', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: 'U0DIAGBOT', team_id: 'T0LOCAL01' });
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: api.url, retryConfig: { retries: 0 } });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
    const anonymous = new WebClient(undefined, { slackApiUrl: api.url, retryConfig: { retries: 0 } });
    await expect(anonymous.auth.test()).rejects.toMatchObject({ data: { error: 'not_authed' } });
  });

  it('keeps messages per channel and thread, with edits in order', async () => {
    // Act
    const parent = await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'collecting', blocks: [section('*collecting*')] });
    const reply = await client.chat.postMessage({ channel: 'C0INCIDENT', thread_ts: parent.ts!, text: 'evidence' });
    await client.chat.update({ channel: 'C0INCIDENT', ts: parent.ts!, text: 'verdict: timeout', blocks: [section('*timeout*')] });
    // Assess
    expect(api.state.topLevel('C0INCIDENT').map((m) => m.text)).toEqual(['verdict: timeout']);
    expect(api.state.thread('C0INCIDENT', parent.ts!).map((m) => m.ts)).toEqual([reply.ts]);
    const stored = api.state.find('C0INCIDENT', parent.ts!)!;
    expect(stored.edits.map((e) => e.text)).toEqual(['collecting']);
    expect(stored.blocks).toEqual([section('*timeout*')]);
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));
  });

  it('rejects blocks Slack would reject, naming the offending field', async () => {
    const button = { type: 'button' as const, text: { type: 'plain_text' as const, text: 'x'.repeat(76) }, action_id: 'a' };
    await expect(
      client.chat.postMessage({ channel: 'C0INCIDENT', text: 't', blocks: [{ type: 'actions' as const, elements: [button] }] }),
    ).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_blocks', errors: ['[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]'] },
    });
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    await expect(client.chat.postMessage({ channel: 'C0INCIDENT', text: 't', blocks: tooMany })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    await expect(client.chat.postMessage({ channel: 'C0INCIDENT', text: 'x'.repeat(40_001) })).rejects.toMatchObject({ data: { error: 'msg_too_long' } });
    await expect(client.chat.postMessage({ channel: 'C0INCIDENT', text: '' })).rejects.toMatchObject({ data: { error: 'no_text' } });
    const huge = Array.from({ length: 5 }, () => section('y'.repeat(2_900)));
    await expect(client.chat.postMessage({ channel: 'C0INCIDENT', text: 't', blocks: huge })).rejects.toMatchObject({ data: { error: 'msg_blocks_too_long' } });
    expect(api.state.messages()).toEqual([]);
  });

  it('refuses table and markdown blocks on demand, as a Slack without them would, and takes them again after', async () => {
    // Prepare
    const table = { type: 'table' as const, rows: [[{ type: 'raw_text' as const, text: 'GET /orders' }]] };
    const markdown = { type: 'markdown' as const, text: '**Fix**: raise the timeout' };
    const posted = await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'native', blocks: [table, markdown] });
    api.unsupportedBlocks('table');
    api.unsupportedBlocks('markdown');

    // Act + Assess: a post, an update and a response_url reply are all refused while they are unknown
    await expect(client.chat.postMessage({ channel: 'C0INCIDENT', text: 't', blocks: [section('a'), table] })).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_blocks', errors: ['[ERROR] unsupported type: table [json-pointer:/blocks/1/type]'] },
    });
    await expect(client.chat.update({ channel: 'C0INCIDENT', ts: posted.ts!, text: 't', blocks: [markdown] })).rejects.toMatchObject({
      data: { error: 'invalid_blocks', errors: ['[ERROR] unsupported type: markdown [json-pointer:/blocks/0/type]'] },
    });
    const reply = await fetch(api.responseUrl('C0INCIDENT', 'U0BOB'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 't', blocks: [table] }),
    });
    expect(reply.status).toBe(400);
    await expect(client.chat.postMessage({ channel: 'C0INCIDENT', text: 'sections', blocks: [section('still fine')] })).resolves.toMatchObject({ ok: true });

    api.unsupportedBlocks('table', false);
    await expect(client.chat.postMessage({ channel: 'C0INCIDENT', text: 't', blocks: [table] })).resolves.toMatchObject({ ok: true });
    await expect(client.chat.postMessage({ channel: 'C0INCIDENT', text: 't', blocks: [markdown] })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
  });

  it('refuses updates to unknown, ephemeral and missing messages and posts to channels without the bot', async () => {
    await expect(client.chat.update({ channel: 'C0INCIDENT', ts: '1.000001', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    const eph = await client.chat.postEphemeral({ channel: 'C0INCIDENT', user: 'U0BOB', text: 'only you' });
    await expect(client.chat.update({ channel: 'C0INCIDENT', ts: eph.message_ts!, text: 'x' })).rejects.toMatchObject({
      data: { error: 'cant_update_message' },
    });
    await expect(client.chat.postMessage({ channel: 'C0PRIVATE', text: 'x' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    await expect(client.chat.postMessage({ channel: 'C0INCIDENT', thread_ts: '2.000002', text: 'x' })).rejects.toMatchObject({
      data: { error: 'thread_not_found' },
    });
    expect(api.state.ephemeral('U0BOB').map((m) => m.text)).toEqual(['only you']);
  });

  it('takes a files.uploadV2 upload into a thread and keeps the bytes', async () => {
    // Prepare
    const parent = await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'parent' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    // Act
    await client.files.uploadV2({ channel_id: 'C0INCIDENT', thread_ts: parent.ts!, file: png, filename: 'chart.png', title: '5xx per minute' });
    // Assess
    const [shared] = api.state.thread('C0INCIDENT', parent.ts!);
    expect(shared?.files).toHaveLength(1);
    expect(shared?.files[0]).toMatchObject({ name: 'chart.png', title: '5xx per minute', length: png.length, channel: 'C0INCIDENT', threadTs: parent.ts });
    expect(shared?.files[0]?.bytes?.equals(png)).toBe(true);
  });

  it('answers 429 with Retry-After, and the WebClient waits and retries', async () => {
    // Prepare
    const patient = new WebClient(TOKEN, { slackApiUrl: api.url });
    api.rateLimit('chat.postMessage', { times: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    // Act
    const posted = await patient.chat.postMessage({ channel: 'C0INCIDENT', text: 'after the wait' });
    // Assess
    expect(posted.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(api.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
  });

  it('lists user group members and refuses unknown groups', async () => {
    expect((await client.usergroups.users.list({ usergroup: 'S0ONCALL' })).users).toEqual(['U0ALICE', 'U0BOB']);
    await expect(client.usergroups.users.list({ usergroup: 'S0NOPE' })).rejects.toMatchObject({ data: { error: 'no_such_subteam' } });
  });

  it('records response_url replies as ephemeral notes, at most five per URL', async () => {
    const url = api.responseUrl('C0INCIDENT', 'U0ALICE');
    const post = (text: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', text }) });
    for (let i = 0; i < 5; i++) expect((await post(`note ${i}`)).status).toBe(200);
    expect((await post('sixth')).status).toBe(404);
    expect(api.state.ephemeral('U0ALICE').map((m) => m.text)).toEqual(['note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
  });

  it('emits every change and lets a waiter resolve on it', async () => {
    const seen: string[] = [];
    const stop = api.state.subscribe((c) => seen.push(c.type));
    const waiting = api.state.waitFor(() => api.state.topLevel('C0INCIDENT').find((m) => m.text === 'done'), 'the done message', 2_000);
    const posted = await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'working' });
    await client.chat.update({ channel: 'C0INCIDENT', ts: posted.ts!, text: 'done' });
    await expect(waiting).resolves.toMatchObject({ text: 'done' });
    stop();
    expect(seen).toEqual(['message_posted', 'message_updated']);
  });
});

describe('local Slack Web API stand-in: permalinks and Home tabs', () => {
  it('answers chat.getPermalink for a message and for a thread reply, and refuses unknown ones', async () => {
    // Prepare
    const parent = await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'parent' });
    const reply = await client.chat.postMessage({ channel: 'C0INCIDENT', thread_ts: parent.ts!, text: 'reply' });
    // Act
    const top = await client.chat.getPermalink({ channel: 'C0INCIDENT', message_ts: parent.ts! });
    const inThread = await client.chat.getPermalink({ channel: 'C0INCIDENT', message_ts: reply.ts! });
    // Assess
    expect(top.permalink).toBe(`https://local.slack.com/archives/C0INCIDENT/p${parent.ts!.replace('.', '')}`);
    expect(inThread.permalink).toBe(`https://local.slack.com/archives/C0INCIDENT/p${reply.ts!.replace('.', '')}?thread_ts=${parent.ts}&cid=C0INCIDENT`);
    await expect(client.chat.getPermalink({ channel: 'C0INCIDENT', message_ts: '1.000001' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('publishes a Home tab per user and refuses one Slack would refuse', async () => {
    // Act
    await client.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: [section('*open*')] } });
    await client.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: [section('*again*')] } });
    const tooMany = client.views.publish({
      user_id: 'U0ALICE',
      view: { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' as const })) },
    });
    // Assess
    await expect(tooMany).rejects.toMatchObject({
      data: { error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] } },
    });
    expect(api.state.homes.get('U0ALICE')).toMatchObject({ publishes: 2, view: { type: 'home', blocks: [section('*again*')] } });
    expect(api.state.homes.has('U0BOB')).toBe(false);
  });
});
