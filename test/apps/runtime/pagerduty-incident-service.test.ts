/**
 * The PagerDuty path end to end on loopback: signed deliveries in, threads in the Slack stand-in,
 * diagnoses against the simulated AWS account, notes in the PagerDuty stand-in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/adapters/slack/action-ids.ts';
import type { AccessConfig } from '../../../src/adapters/config/access-config-schema.ts';
import { asIncident, BASE_CONFIG, CHANNEL, fixture, parents, shownText, startKit, type Kit } from './pagerduty-test-kit.ts';

let kit: Kit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

/** The parent's "PagerDuty" section: one line per incident. */
function incidentLines(message: { blocks?: unknown[] }): string[] {
  const blocks = (message.blocks ?? []) as Array<{ text?: { text?: string } }>;
  const section = blocks.map((b) => b.text?.text ?? '').find((t) => t.startsWith('*PagerDuty*\n'));
  return section ? section.split('\n').slice(1) : [];
}

describe('incident.triggered', () => {
  it('opens one thread in the PagerDuty channel, lists the incident and posts the verdict', async () => {
    // Prepare
    kit = await startKit();

    // Act
    const res = await kit.deliver(fixture('incident-triggered.json'));
    await kit.idle();

    // Assess
    expect(res.status).toBe(202);
    const top = parents(kit);
    expect(top).toHaveLength(1);
    const parent = top[0]!;
    expect(parent.text).toMatch(/^5xx diagnosis for orders-api prod \(us-east-1\): Suspected cause: timeout/);
    expect(shownText(parent)).toContain('Asked by PagerDuty');
    expect(incidentLines(parent)).toEqual([
      '• <https://acme.pagerduty.com/incidents/Q2KXT9R4ZB1M0A|#4821 ALARM: "orders-api-prod-5xx" in US East (N. Virginia)> · triggered, assigned to Dana Lee · high urgency · Orders API (CloudWatch)',
    ]);
    const thread = kit.slack.state.thread(CHANNEL, parent.ts);
    expect(thread.some((m) => /timeout/i.test(m.text) && m.via === 'chat.postMessage')).toBe(true);
    const record = (await kit.store.listOpen())[0];
    expect(record).toMatchObject({
      requestedBy: 'PagerDuty',
      ref: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' },
      parentTs: parent.ts,
      channel: CHANNEL,
    });
  });

  it('opens one thread however often the trigger is delivered', async () => {
    kit = await startKit();
    const payload = fixture('incident-triggered.json');
    const answers = [
      await kit.deliver(payload, { webhookId: 'wh-same' }),
      await kit.deliver(payload, { webhookId: 'wh-same' }),
      // A second subscription, or a replay with a new X-Webhook-Id: the same signed event id.
      await kit.deliver(payload, { webhookId: 'wh-other-subscription' }),
    ];
    await kit.idle();
    expect(answers.map((a) => a.body.status)).toEqual(['queued', 'duplicate', 'duplicate']);
    expect(parents(kit)).toHaveLength(1);
    expect(await kit.store.listOpen()).toHaveLength(1);
  });

  it('answers 401 to a bad signature and posts nothing', async () => {
    kit = await startKit();
    const res = await kit.deliver(fixture('incident-triggered.json'), { signature: 'v1=00' });
    await kit.idle();
    expect(res.status).toBe(401);
    expect(kit.slack.state.messages()).toEqual([]);
    expect(kit.sim.calls).toEqual([]);
  });
});

describe('a Slack failure while the thread opens (issue 11, finding 4)', () => {
  /** Verdicts posted in the thread of each top-level message. */
  const verdicts = (k: Kit, ts: string) => k.slack.state.thread(CHANNEL, ts).filter((m) => /timeout/i.test(m.text) && m.via === 'chat.postMessage');

  it('retries the job when Slack fails the parent post once: one thread, with the incident and its verdict', async () => {
    // Prepare
    kit = await startKit();
    kit.slack.failNext('chat.postMessage', { times: 1, status: 500 });

    // Act
    const res = await kit.deliver(fixture('incident-triggered.json'));
    await kit.idle();

    // Assess
    expect(res.body.status).toBe('queued');
    expect(kit.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 500)).toHaveLength(1);
    const top = parents(kit);
    expect(top).toHaveLength(1);
    expect(incidentLines(top[0]!)).toHaveLength(1);
    expect(incidentLines(top[0]!)[0]).toContain('#4821');
    expect(verdicts(kit, top[0]!.ts).length).toBeGreaterThan(0);
  });

  it("opens the thread on PagerDuty's redelivery after the job failed, and a redelivery after that is a duplicate", async () => {
    // Prepare: no retries in the queue, so only the redelivery can open the thread
    kit = await startKit({ retryDelaysMs: [] });
    const payload = fixture('incident-triggered.json');
    kit.slack.failNext('chat.postMessage', { times: 1, status: 503 });

    // Act
    const first = await kit.deliver(payload);
    await kit.idle();
    const afterFailure = parents(kit).length;
    const redelivered = await kit.deliver(payload);
    await kit.idle();
    const afterSuccess = await kit.deliver(payload);
    await kit.idle();

    // Assess
    expect([first.body.status, redelivered.body.status, afterSuccess.body.status]).toEqual(['queued', 'queued', 'duplicate']);
    expect(afterFailure).toBe(0);
    const top = parents(kit);
    expect(top).toHaveLength(1);
    expect(incidentLines(top[0]!)[0]).toContain('#4821');
    expect(verdicts(kit, top[0]!.ts).length).toBeGreaterThan(0);
  });

  it('asks "which API?" again when Slack failed the question once', async () => {
    // Prepare
    kit = await startKit({ config: { apis: { k7x2m9q4ta: { region: 'us-east-1' } }, pagerduty: { channel: CHANNEL, services: {} } } });
    kit.slack.failNext('chat.postMessage', { times: 1, status: 500 });

    // Act
    await kit.deliver(asIncident(fixture('incident-triggered.json'), 'QUNPLACED9', 4839, 'PUNKNOWN'));
    await kit.idle();

    // Assess
    const top = parents(kit);
    expect(top.map((m) => m.text)).toEqual(['PagerDuty #4839 ALARM: "orders-api-prod-5xx" in US East (N. Virginia): which API is it about?']);
    const record = await kit.pagerDutyStore.get<{ question?: { ts: string } }>('incident:QUNPLACED9');
    expect(record?.value.question?.ts).toBe(top[0]!.ts);
  });
});

describe('a channel the bot cannot post in', () => {
  it('does no AWS work, and does not let the next incident join the diagnosis that never started', async () => {
    kit = await startKit({ channelsWithoutBot: [CHANNEL] });
    await kit.deliver(fixture('incident-triggered.json'));
    await kit.idle();
    await kit.deliver(asIncident(fixture('incident-triggered.json'), 'QNEXT0001', 4822));
    await kit.idle();

    const refused = kit.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.error === 'not_in_channel');
    expect(refused).toHaveLength(2);
    expect(kit.sim.calls).toEqual([]);
  });
});

describe('an incident the configuration does not place', () => {
  const config: AccessConfig = {
    apis: { k7x2m9q4ta: { region: 'us-east-1' } },
    pagerduty: {
      channel: CHANNEL,
      services: {
        PMAPPED1: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' },
        PMAPPED2: { apiId: 'b4e7r2x9le', stage: 'prod', region: 'us-east-1' },
      },
    },
  };

  it('asks in the channel with a menu of known APIs and a text box, then diagnoses the chosen one', async () => {
    // Prepare
    kit = await startKit({ config });
    const payload = asIncident(fixture('incident-triggered.json'), 'QUNMAPPED1', 4830, 'PUNKNOWN');

    // Act: the trigger
    await kit.deliver(payload);
    await kit.idle();

    // Assess: a question, no diagnosis yet
    const [question] = parents(kit);
    expect(parents(kit)).toHaveLength(1);
    expect(question?.text).toBe('PagerDuty #4830 ALARM: "orders-api-prod-5xx" in US East (N. Virginia): which API is it about?');
    const blocks = question?.blocks as Array<{ type: string; block_id?: string; elements?: Array<{ options?: Array<{ value: string }> }> }>;
    const menu = blocks.find((b) => b.type === 'actions');
    expect(menu?.block_id).toBe('d502_choose_api:select:QUNMAPPED1');
    expect(menu?.elements?.[0]).toMatchObject({ type: 'static_select', action_id: ACTION_IDS.chooseApi });
    expect(menu?.elements?.[0]?.options?.map((o) => o.value)).toEqual(['k7x2m9q4ta prod us-east-1', 'b4e7r2x9le prod us-east-1']);
    const input = blocks.find((b) => b.type === 'input');
    expect(input).toMatchObject({
      block_id: 'd502_choose_api:text:QUNMAPPED1',
      dispatch_action: true,
      element: { type: 'plain_text_input', action_id: ACTION_IDS.chooseApi },
    });
    expect(shownText(question!)).toContain('service Orders API (CloudWatch) is not mapped to an API under pagerduty.services');
    expect(await kit.store.listOpen()).toEqual([]);

    // Act: a typo first, then a pick from the menu
    await kit.integration.handleJob({
      kind: 'pagerduty-choose-api',
      incidentId: 'QUNMAPPED1',
      choice: 'orders prod',
      user: 'U0ALICE',
      channel: CHANNEL,
      messageTs: question!.ts,
      at: new Date().toISOString(),
    });
    await kit.integration.handleJob({
      kind: 'pagerduty-choose-api',
      incidentId: 'QUNMAPPED1',
      choice: 'k7x2m9q4ta prod us-east-1',
      user: 'U0BOB',
      channel: CHANNEL,
      messageTs: question!.ts,
      at: new Date().toISOString(),
    });
    await kit.integration.handleJob({
      kind: 'pagerduty-choose-api',
      incidentId: 'QUNMAPPED1',
      choice: 'b4e7r2x9le prod',
      user: 'U0CAROL',
      channel: CHANNEL,
      messageTs: question!.ts,
      at: new Date().toISOString(),
    });
    await kit.idle();

    // Assess
    expect(kit.slack.state.ephemeral('U0ALICE').map((m) => m.text)).toEqual([
      'an API id is 10 lowercase letters or digits, e.g. a1b2c3d4e5. Type `<api-id> <stage> [region]`, e.g. `k7x2m9q4ta prod us-east-1`.',
    ]);
    expect(kit.slack.state.ephemeral('U0CAROL').map((m) => m.text)).toEqual([
      'Someone chose the API for this incident moments ago; its diagnosis is in the channel.',
    ]);
    const answered = kit.slack.state.find(CHANNEL, question!.ts);
    expect(answered?.blocks?.some((b) => (b as { type: string }).type === 'input')).toBe(false);
    expect(shownText(answered!)).toContain('<@U0BOB> chose `k7x2m9q4ta`');
    const top = parents(kit);
    expect(top).toHaveLength(2);
    expect(top[1]?.text).toMatch(/^5xx diagnosis for orders-api prod/);
    expect(incidentLines(top[1]!)).toHaveLength(1);
    expect(incidentLines(top[1]!)[0]).toContain('#4830');
  });
  it('keeps the question current when the incident is acknowledged before anyone answers', async () => {
    kit = await startKit({ config });
    const trigger = asIncident(fixture('incident-triggered.json'), 'QUNMAPPED2', 4831, 'PUNKNOWN');
    const ack = asIncident(fixture('incident-acknowledged.json'), 'QUNMAPPED2', 4831, 'PUNKNOWN');
    await kit.deliver(trigger);
    await kit.idle();
    await kit.deliver(ack);
    await kit.idle();

    const [question] = parents(kit);
    expect(question?.edits).toHaveLength(1);
    expect(JSON.stringify(question?.edits[0]?.blocks)).toContain('triggered, assigned to Dana Lee');
    const current = question!;
    expect(shownText(current)).toContain('acknowledged by Dana Lee');
    expect(shownText(current)).toContain('is not mapped to an API under pagerduty.services');
    expect(current.blocks?.some((b) => (b as { type: string }).type === 'input')).toBe(true);
  });
});

describe('status changes', () => {
  it('update the incident line in the parent: acknowledged, reassigned, resolved', async () => {
    // Prepare
    kit = await startKit();
    await kit.deliver(fixture('incident-triggered.json'));
    await kit.idle();
    const parentTs = parents(kit)[0]!.ts;
    const line = () => incidentLines(kit!.slack.state.find(CHANNEL, parentTs)!)[0];

    // Act + Assess
    await kit.deliver(fixture('incident-acknowledged.json'));
    await kit.idle();
    expect(line()).toContain('· acknowledged by Dana Lee · high urgency');

    await kit.deliver(fixture('incident-reassigned.json'));
    await kit.idle();
    expect(line()).toContain('· acknowledged, reassigned to Sam Ortiz ·');

    await kit.deliver(fixture('incident-resolved.json'));
    await kit.idle();
    expect(line()).toContain('· resolved by Sam Ortiz ·');

    // A late redelivery of the acknowledgement (new webhook id) does not turn back the clock.
    await kit.deliver(fixture('incident-acknowledged.json'));
    await kit.idle();
    expect(line()).toContain('· resolved by Sam Ortiz ·');
    expect(parents(kit)).toHaveLength(1);
  });

  it('keep an acknowledgement that is handled before its trigger', async () => {
    kit = await startKit();
    await kit.deliver(fixture('incident-acknowledged.json'));
    await kit.idle();
    await kit.deliver(fixture('incident-triggered.json'));
    await kit.idle();
    expect(incidentLines(parents(kit)[0]!)[0]).toContain('acknowledged by Dana Lee');
  });

  it('are accepted and ignored for incidents the bot never opened', async () => {
    kit = await startKit();
    const res = await kit.deliver(fixture('incident-resolved.json'));
    await kit.idle();
    expect(res.status).toBe(202);
    expect(kit.slack.state.messages()).toEqual([]);
  });
});

describe('with a PagerDuty API token', () => {
  const config: AccessConfig = { ...BASE_CONFIG, pagerduty: { channel: CHANNEL, apiNames: { 'orders-api': 'k7x2m9q4ta' } } };

  it('finds the API in the alarm, and writes the verdict back once per incident with the thread link', async () => {
    // Prepare
    kit = await startKit({ config, rest: true });
    const alerts = JSON.parse(JSON.stringify(await import('../../fixtures/pagerduty/alerts-cloudwatch-rest-api.json', { with: { type: 'json' } }))).default
      .alerts;
    const first = fixture('incident-triggered.json');
    const second = asIncident(first, 'QSECOND1', 4822);
    kit.pd!.setAlerts('Q2KXT9R4ZB1M0A', alerts);
    kit.pd!.setAlerts('QSECOND1', alerts);

    // Act
    await kit.deliver(first);
    await kit.deliver(second);
    await kit.idle();
    await kit.deliver(fixture('incident-acknowledged.json'));
    await kit.idle();

    // Assess
    const top = parents(kit);
    expect(top).toHaveLength(1);
    expect(incidentLines(top[0]!).map((l) => /#(\d+)/.exec(l)?.[1])).toEqual(['4821', '4822']);
    const notes = kit.pd!.notes;
    expect(notes.map((n) => n.incidentId).sort()).toEqual(['Q2KXT9R4ZB1M0A', 'QSECOND1']);
    const link = `https://local.slack.com/archives/${CHANNEL}/p${top[0]!.ts.replace('.', '')}`;
    for (const note of notes) {
      expect(note.from).toBe('diagnose-502@acme.example');
      expect(note.content).toMatch(/^diagnose-502: suspected cause timeout \(confidence \d+%\) for orders-api \(k7x2m9q4ta\), stage prod, us-east-1\./);
      expect(note.content).toContain(`Evidence and next steps: ${link}`);
    }
  });
});
