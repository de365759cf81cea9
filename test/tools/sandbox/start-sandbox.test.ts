/**
 * The sandbox server without a browser: the page's routes drive the real bot (a child process
 * on the simulated account) and every change reaches the page's event stream.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { readEnv } from '../../../src/adapters/config/read-env.ts';
import { DEFAULT_RUNBOOK_PATH } from '../../../src/adapters/config/load-runbook.ts';
import { startSandbox, type Sandbox } from '../../../src/tools/sandbox/start-sandbox.ts';
import type { StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';

let sandbox: Sandbox;
let runbookDir: string;
const CHANNEL = 'C0INCIDENT';

beforeAll(async () => {
  runbookDir = await mkdtemp(join(tmpdir(), 'sandbox-runbooks-'));
  await copyFile(DEFAULT_RUNBOOK_PATH, join(runbookDir, 'api-gateway-502.yaml'));
  sandbox = await startSandbox({ port: 0, runbookDir, env: { PATH: process.env.PATH }, log: () => undefined });
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  await rm(runbookDir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) =>
  fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const state = () => sandbox.slack.state;

/** The parts of the page's event stream these tests read. */
interface Snapshot {
  channels: Array<{ id: string }>;
  scenarios: unknown[];
  bots: { simulated: { status: string } };
  realAws: { available: boolean };
  runbooks: unknown[];
}
interface StreamedMessage {
  html: string;
  ts: string;
  threadTs?: string;
}

/** Reads server-sent events until `until` returns true for one; returns every event read. */
async function readEvents(until: (event: string, data: unknown) => boolean, timeoutMs = 30_000): Promise<Array<{ event: string; data: unknown }>> {
  const res = await fetch(`${sandbox.url}/events`, { signal: AbortSignal.timeout(timeoutMs) });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const seen: Array<{ event: string; data: unknown }> = [];
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (!event || data === undefined) continue;
        const parsed = { event, data: JSON.parse(data) };
        seen.push(parsed);
        if (until(parsed.event, parsed.data)) return seen;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Whether the bot's configuration has a runbook path setting the sandbox can point at its watched file. */
function botReadsRunbookPath(): boolean {
  const env = readEnv({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 's', DIAGNOSE502_RUNBOOK: '/watched/runbook.yaml' }) as unknown as Record<
    string,
    unknown
  >;
  return Object.values(env).includes('/watched/runbook.yaml');
}

const parentOf = (apiName: string) => (m: StoredMessage) => m.threadTs === undefined && m.text.includes(apiName) && !m.ephemeralFor;

describe('startSandbox', { timeout: 60_000 }, () => {
  it('serves the page with a strict content security policy, and its assets', async () => {
    // Act
    const page = await fetch(`${sandbox.url}/`);
    const script = await fetch(`${sandbox.url}/assets/sandbox.js`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Simulate a PagerDuty incident');
    expect(script.headers.get('content-type')).toContain('text/javascript');
  });

  it('starts the page stream with a snapshot of the workspace, the scenarios and the bot', async () => {
    // Act
    const [first] = await readEvents((event) => event === 'snapshot');

    // Assess
    expect(first!.event).toBe('snapshot');
    const snapshot = first!.data as Snapshot;
    expect(snapshot.channels.map((c) => c.id)).toEqual([CHANNEL]);
    expect(snapshot.scenarios).toContainEqual(expect.objectContaining({ id: 'timeout', apiId: 'k7x2m9q4ta', stage: 'prod', expectedCause: 'timeout' }));
    expect(snapshot.bots.simulated.status).toBe('ready');
    expect(snapshot.realAws.available).toBe(false);
    expect(snapshot.runbooks).toEqual([expect.objectContaining({ file: 'api-gateway-502.yaml', ok: true })]);
  });

  it('turns a typed command into a signed slash command and streams the thread as the bot writes it', async () => {
    // Prepare: listen before acting, so no event is missed
    const stream = readEvents((event, data) => event === 'message' && /Verdict: timeout/.test((data as { html: string }).html));

    // Act
    const res = await post('/api/command', { channel: CHANNEL, text: '/diagnose-502 k7x2m9q4ta prod' });

    // Assess: the bot accepted the signed request within Slack's 3 seconds
    expect(await res.json()).toMatchObject({ ok: true, status: 200 });
    const events = await stream;
    const streamed = events.filter((e) => e.event === 'message').map((e) => e.data as StreamedMessage & { ephemeralFor?: string });
    // First the acknowledgement, shown only to the person who typed the command (issue 11, finding 13)…
    expect(streamed[0]).toMatchObject({ channel: CHANNEL, via: 'response_url', ephemeralFor: 'U0ONCALL' });
    expect(streamed[0]?.html).toContain('Received');
    // …then the thread the bot writes for everyone.
    const messages = streamed.filter((m) => !m.ephemeralFor);
    expect(messages[0]).toMatchObject({ channel: CHANNEL, user: 'U0DIAGBOT', via: 'chat.postMessage' });
    expect(messages[0]?.html).toContain('k7x2m9q4ta');
    const verdict = messages.at(-1)!;
    expect(verdict.threadTs).toBe(messages[0]?.ts);
    expect(verdict.html).toContain('bk-button--primary');

    // The chart follows in the thread and is served to the page.
    const chart = await state().waitFor(
      () =>
        state()
          .messages(CHANNEL)
          .flatMap((m) => m.files)
          .find((f) => f.name.endsWith('.png')),
      'the chart',
    );
    const file = await fetch(`${sandbox.url}/files/${chart.id}/${chart.name}`);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('turns a button press into a signed block_actions request and the message updates in place', async () => {
    // Prepare
    const parent = await state().waitFor(() => state().messages(CHANNEL).find(parentOf('orders-api')), 'the timeout diagnosis');
    const checklist = await state().waitFor(
      () =>
        state()
          .thread(CHANNEL, parent.ts)
          .find((m) => m.text.startsWith('Checklist') && JSON.stringify(m.blocks).includes('d502_answer_step')),
      'a checklist step with buttons',
    );
    const actions = (checklist.blocks as Array<{ type: string; block_id: string; elements: Array<{ action_id: string }> }>).find((b) => b.type === 'actions')!;

    // Act
    const res = await post('/api/action', { channel: CHANNEL, ts: checklist.ts, blockId: actions.block_id, actionId: actions.elements[0]!.action_id });

    // Assess
    expect(await res.json()).toMatchObject({ ok: true, status: 200 });
    const updated = await state().waitFor(
      () => (checklist.edits.length > 0 && /answered|skipped/.test(checklist.text) ? checklist : undefined),
      'the checklist step to show the answer',
    );
    expect(updated.text).toContain('U0ONCALL');
    expect(JSON.stringify(updated.blocks)).not.toContain('d502_answer_step');
  });

  it('refuses a press on a button the message does not have', async () => {
    const parent = state().messages(CHANNEL).find(parentOf('orders-api'))!;
    const res = await post('/api/action', { channel: CHANNEL, ts: parent.ts, blockId: 'nope', actionId: 'd502_recheck' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: expect.stringContaining('no block nope') });
  });

  it('turns a reply in a thread into the message and signed events, and the bot answers in the thread', async () => {
    // Prepare
    const parent = await state().waitFor(() => state().messages(CHANNEL).find(parentOf('orders-api')), 'the timeout diagnosis');
    await state().waitFor(
      () =>
        state()
          .thread(CHANNEL, parent.ts)
          .find((m) => m.text.startsWith('Verdict for')),
      'the verdict',
    );

    // Act
    const res = await post('/api/reply', { channel: CHANNEL, threadTs: parent.ts, text: '@diagnose-502 which routes fail? <b>' });

    // Assess: shown as Slack shows it, escaped, with the mention resolved, and answered in the thread
    expect(await res.json()).toMatchObject({ ok: true, status: 200 });
    const question = state()
      .thread(CHANNEL, parent.ts)
      .find((m) => m.user === 'U0ONCALL' && m.text.includes('which routes fail?'))!;
    expect(question.text).toBe('<@U0DIAGBOT> which routes fail? &lt;b&gt;');
    const answer = await state().waitFor(
      () =>
        state()
          .thread(CHANNEL, parent.ts)
          .find((m) => m.ts > question.ts && m.user !== 'U0ONCALL' && JSON.stringify(m.blocks ?? []).includes('Asked by')),
      'the answer in the thread',
    );
    expect(answer.threadTs).toBe(parent.ts);
  });

  it('refuses a reply to a thread that does not exist', async () => {
    const res = await post('/api/reply', { channel: CHANNEL, threadTs: '1.000001', text: 'hello' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: expect.stringContaining('no thread 1.000001') });
  });

  it('shows the usage the bot acknowledges with, only to the person who typed the command', async () => {
    // Act
    await post('/api/command', { channel: CHANNEL, text: '/diagnose-502 not-an-api' });

    // Assess
    const usage = await state().waitFor(
      () =>
        state()
          .messages(CHANNEL)
          .find((m) => m.via === 'response_url' && m.text.includes('Usage')),
      'the usage message',
    );
    expect(usage.ephemeralFor).toBe('U0ONCALL');
  });

  it('answers an unknown command as Slack does, without bothering the bot', async () => {
    await post('/api/command', { channel: CHANNEL, text: '/deploy prod' });
    const note = await state().waitFor(
      () =>
        state()
          .messages(CHANNEL)
          .find((m) => m.user === 'USLACKBOT' && m.text.includes('/deploy')),
      'Slackbot',
    );
    expect(note).toMatchObject({ ephemeralFor: 'U0ONCALL', text: expect.stringContaining('is not a valid command') });
  });

  it('shows an invalid runbook edit on the page, and the bot keeps working', async () => {
    // Prepare
    const file = join(runbookDir, 'api-gateway-502.yaml');
    const waitForRunbook = (ok: boolean) => readEvents((event, data) => event === 'runbooks' && (data as Array<{ ok: boolean }>).some((s) => s.ok === ok));

    // Act
    const broken = waitForRunbook(false);
    await writeFile(file, 'causes:\n  timeout: [not, a, guide\n');
    const events = await broken;

    // Assess
    const status = (events.at(-1)!.data as Array<{ file: string }>).find((s) => s.file === 'api-gateway-502.yaml');
    expect(status).toMatchObject({ ok: false, error: expect.stringContaining('runbooks/api-gateway-502.yaml: not valid YAML') });
    const res = await post('/api/command', { channel: CHANNEL, text: '/diagnose-502 h6l3t9y2wf prod' });
    expect(await res.json()).toMatchObject({ ok: true, status: 200 });

    // Act: fix it again
    const fixed = waitForRunbook(true);
    await copyFile(DEFAULT_RUNBOOK_PATH, file);
    await fixed;
  });

  it('gives the bot a valid runbook edit, and old buttons keep working after the reload', async () => {
    // Prepare: a distinctive title for the timeout verdict
    const file = join(runbookDir, 'api-gateway-502.yaml');
    const original = await readFile(DEFAULT_RUNBOOK_PATH, 'utf8');
    const edited = original.replace(/^( {2}timeout:\n {4}title: ).*$/m, '$1Edited in the sandbox');
    expect(edited).not.toBe(original);
    const reloaded = readEvents((event, data) => event === 'activity' && /reloaded/.test((data as { summary: string }).summary), 60_000);

    // Act
    await writeFile(file, edited);
    const events = await reloaded;

    // Assess: the bot took it (live, or by a restart that resumes from its state database)
    expect(events.at(-1)!.data).toMatchObject({ kind: 'runbook', summary: expect.stringMatching(/api-gateway-502.yaml reloaded \((live|bot restarted)\)/) });
    const old = state().messages(CHANNEL).find(parentOf('orders-api'))!;
    const verdict = state()
      .thread(CHANNEL, old.ts)
      .find((m) => m.text.startsWith('Verdict'))!;
    const press = await post('/api/action', { channel: CHANNEL, ts: verdict.ts, blockId: 'd502_verdict_actions', actionId: 'd502_recheck' });
    expect(await press.json()).toMatchObject({ ok: true, status: 200 });

    // A new diagnosis uses the edited runbook once the bot reads the runbook path it is given
    // (DIAGNOSE502_RUNBOOK); until then the restart reloads the shipped file, which this test cannot edit.
    const parents = () =>
      state()
        .topLevel(CHANNEL)
        .filter((m) => m.user === 'U0DIAGBOT');
    const before = parents().length;
    await post('/api/command', { channel: CHANNEL, text: '/diagnose-502 k7x2m9q4ta prod' });
    const fresh = await state().waitFor(() => parents().length > before && parents().at(-1), 'a second timeout diagnosis');
    const header = await state().waitFor(
      () =>
        state()
          .thread(CHANNEL, fresh.ts)
          .find((m) => m.text.startsWith('Verdict')),
      'its verdict',
      30_000,
    );
    if (botReadsRunbookPath()) expect(JSON.stringify(header.blocks)).toContain('Edited in the sandbox');
    await copyFile(DEFAULT_RUNBOOK_PATH, file);
  });

  it('delivers a signed PagerDuty incident when the bot has the webhook, and says why not otherwise', async () => {
    // Prepare
    const snapshot = (await (await fetch(`${sandbox.url}/api/state`)).json()) as { pagerDuty: { available: boolean; note?: string } };

    // Act
    const res = await post('/api/pagerduty', { scenarioId: 'permission' });

    // Assess
    if (!snapshot.pagerDuty.available) {
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ ok: false, error: snapshot.pagerDuty.note });
      return;
    }
    expect(await res.json()).toMatchObject({ ok: true, status: 202 });
    await state().waitFor(() => state().messages(CHANNEL).find(parentOf('payments-api')), 'the incident thread', 30_000);
  });
  it('simulates a CloudWatch alarm: ALARM opens the thread with the verdict, OK marks the parent recovered', async () => {
    // Prepare
    const snapshot = (await (await fetch(`${sandbox.url}/api/state`)).json()) as { alarms: { available: boolean; note?: string } };
    expect(snapshot.alarms).toEqual({ available: true });
    const parent = () => state().messages(CHANNEL).find(parentOf('search-http-api'));

    // Act
    const fired = await post('/api/alarm', { scenarioId: 'http-api-timeout', state: 'ALARM' });

    // Assess
    expect(await fired.json()).toMatchObject({ ok: true, status: 202, alarmName: 'search-http-api-prod-5xx' });
    await state().waitFor(
      () => parent() && /Suspected cause/.test(parent()!.text) && JSON.stringify(parent()!.blocks).includes('CloudWatch alarms'),
      'the alarm thread',
      30_000,
    );
    expect(JSON.stringify(parent()!.blocks)).not.toContain('back to OK');

    // Act: the same alarm back to OK.
    const recovered = await post('/api/alarm', { scenarioId: 'http-api-timeout', state: 'OK' });

    // Assess
    expect(await recovered.json()).toMatchObject({ ok: true, status: 202 });
    await state().waitFor(() => JSON.stringify(parent()?.blocks ?? []).includes('all back to OK (recovered)'), 'the recovered parent', 30_000);
    expect(state().messages(CHANNEL).filter(parentOf('search-http-api'))).toHaveLength(1);
  });

  it('refuses an alarm simulation for an unknown scenario or state', async () => {
    expect((await post('/api/alarm', { scenarioId: 'no-such-scenario', state: 'ALARM' })).status).toBe(400);
    expect((await post('/api/alarm', { scenarioId: 'timeout', state: 'INSUFFICIENT_DATA' })).status).toBe(400);
  });
});

describe('startSandbox with AWS credentials in the environment', () => {
  it('offers a channel that diagnoses the real account, without starting that bot until it is used', async () => {
    // Prepare
    const real = await startSandbox({
      port: 0,
      env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' },
      log: () => undefined,
    });
    try {
      // Act
      const snapshot = (await (await fetch(`${real.url}/api/state`)).json()) as { channels: Array<{ id: string; aws: string }> } & Record<string, unknown>;

      // Assess
      expect(snapshot.channels.map((c) => `${c.id}:${c.aws}`)).toEqual(['C0INCIDENT:simulated', 'C0REALAWS:real']);
      expect(snapshot['realAws']).toMatchObject({ available: true });
      expect(snapshot['bots']).toMatchObject({ simulated: { status: 'ready' }, realAws: { status: 'stopped' } });
    } finally {
      await real.close();
    }
  });
});
