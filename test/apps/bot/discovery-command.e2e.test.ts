/**
 * Starting without an API id, end to end: `/diagnose-502` alone scans and lists what fails with
 * Diagnose buttons; a name or a URL finds the API first. Signed requests to the real bot, the
 * Slack stand-in and the simulated account (the shipped scenarios, several of them failing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, findButton, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';

const TIMEOUT_API = 'k7x2m9q4ta';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ configYaml: ['access:', `  channels: [${CHANNEL}]`, '  users: [U0ALICE]'].join('\n') });
});
afterAll(async () => h?.close());

const ephemeralTo = (user: string) => h.slack.state.ephemeral(user);

describe('/diagnose-502 without an API id', () => {
  it('says "looking…" within 3 s, then lists the failing stages most 5xx first, with a Diagnose button that starts the diagnosis', async () => {
    const started = performance.now();
    const res = await h.command('');
    expect(performance.now() - started).toBeLessThan(3000);
    expect(await res.text()).toMatch(/Looking for APIs returning 5xx/);
    await h.bot.idle();

    const list = ephemeralTo('U0ALICE').find((m) => /returned 5xx/.test(m.text));
    expect(list, 'the scan answer').toBeDefined();
    const text = JSON.stringify(list!.blocks);
    expect(text).toMatch(/critical|high|elevated/);
    expect(text).toMatch(/since \d\d:\d\d UTC/);
    expect(text).toMatch(/REST/);
    expect(text).toMatch(/HTTP/);
    const before = h.parents().length;
    const chosen = findButton(list!, 'd502_scan_diagnose')!;
    const { apiId } = JSON.parse(chosen.value) as { apiId: string };
    const press = await h.press(list!, 'd502_scan_diagnose', 'U0ALICE', (v) => v === chosen.value);
    expect(press.status).toBe(200);
    await h.bot.idle();
    const parents = h.parents();
    expect(parents.length).toBe(before + 1);
    expect(textOf(parents.at(-1)!)).toContain(apiId);
  });

  it('refuses the Diagnose button to someone the access rules refuse', async () => {
    const list = ephemeralTo('U0ALICE').find((m) => /returned 5xx/.test(m.text))!;
    const before = h.parents().length;
    await h.press(list, 'd502_scan_diagnose', 'U0MALLORY');
    await h.bot.idle();
    expect(h.parents().length).toBe(before);
  });

  it('diagnoses an API by its name', async () => {
    const before = h.parents().length;
    await h.command('orders-api prod');
    await h.bot.idle();
    expect(h.parents().length).toBe(before + 1);
    expect(textOf(h.parents().at(-1)!)).toContain(TIMEOUT_API);
  });

  it('diagnoses from an invoke URL and shows its route as the focus', async () => {
    await h.command(`https://${TIMEOUT_API}.execute-api.us-east-1.amazonaws.com/prod/orders/42`);
    await h.bot.idle();
    const parent = h.parents().at(-1)!;
    expect(textOf(parent)).toContain('route `/orders/42`');
  });

  it('answers an unknown name with a clear message and starts nothing', async () => {
    const before = h.parents().length;
    await h.command('no-such-api prod');
    await h.bot.idle();
    expect(h.parents().length).toBe(before);
    expect(ephemeralTo('U0ALICE').some((m) => /No REST or HTTP API named "no-such-api" in us-east-1/.test(textOf(m)))).toBe(true);
  });
});
