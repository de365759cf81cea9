import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { AccessConfig } from '../../../src/adapters/config/access-config-schema.ts';
import { knownApiOptions } from '../../../src/adapters/pagerduty/known-api-options.ts';
import { apiChoiceValue, parseApiChoice } from '../../../src/adapters/pagerduty/parse-api-choice.ts';
import { readPagerDutySettings } from '../../../src/adapters/config/read-pagerduty-settings.ts';
import { chooseApiJobOf } from '../../../src/apps/bot/listeners/actions/choose-api-action.ts';
import {
  chooseApiBlockId,
  incidentIdFromBlockId,
  renderApiChosenMessage,
  renderChooseApiMessage,
} from '../../../src/adapters/slack/render-choose-api-message.ts';
import { validateBlocks } from '../../../src/tools/block-kit-check/validate-blocks.ts';
import type { IncidentRecord } from '../../../src/adapters/pagerduty/incident-record.ts';

const config: AccessConfig = {
  apis: { k7x2m9q4ta: { region: 'us-east-1' }, h2t7p4a9vg: { region: 'eu-west-1' } },
  pagerduty: {
    channel: 'C0PAGERDUT',
    services: { PORD: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' } },
    apiNames: { 'orders-api': 'k7x2m9q4ta' },
  },
};
const settings = readPagerDutySettings(config);
const incident: IncidentRecord = {
  id: 'Q2KXT9R4ZB1M0A',
  number: 4821,
  title: 'ALARM: "orders <prod> 5xx" | big',
  url: 'https://acme.pagerduty.com/incidents/Q2KXT9R4ZB1M0A',
  urgency: 'high',
  service: { id: 'PX1', name: 'Orders & Co' },
  status: 'triggered',
  statusNote: 'triggered',
  statusAt: '2026-03-02T10:12:44Z',
};

describe('parseApiChoice', () => {
  it('reads "<api-id> <stage> [region]" and fills the region from the config or the default', () => {
    expect(parseApiChoice(' h2t7p4a9vg  live ', config, 'us-east-1')).toEqual({ ok: true, ref: { apiId: 'h2t7p4a9vg', stage: 'live', region: 'eu-west-1' } });
    expect(parseApiChoice('a1b2c3d4e5 prod', config, 'us-west-2')).toEqual({ ok: true, ref: { apiId: 'a1b2c3d4e5', stage: 'prod', region: 'us-west-2' } });
    expect(parseApiChoice(apiChoiceValue({ apiId: 'k7x2m9q4ta', stage: 'prod', region: 'eu-central-1' }), config, 'us-east-1')).toEqual({
      ok: true,
      ref: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'eu-central-1' },
    });
  });

  it.each(['', 'k7x2m9q4ta', 'k7x2m9q4ta prod us-east-1 extra', 'ORDERS prod', 'k7x2m9q4ta prod narnia'])('refuses %j with the usage', (text) => {
    const choice = parseApiChoice(text, config, 'us-east-1');
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.message).toMatch(/Type `<api-id> <stage> \[region\]`/);
  });
});

describe('knownApiOptions', () => {
  it('lists the mapped services, and configured APIs only when the alarm told the stage', () => {
    expect(knownApiOptions(settings, config)).toEqual([{ label: 'orders-api (k7x2m9q4ta) · prod · us-east-1', value: 'k7x2m9q4ta prod us-east-1' }]);
    expect(knownApiOptions(settings, config, { stage: 'live' }).map((o) => o.value)).toEqual([
      'k7x2m9q4ta prod us-east-1',
      'k7x2m9q4ta live us-east-1',
      'h2t7p4a9vg live eu-west-1',
    ]);
  });

  it("stays within Slack's limits: 100 options, 75-character labels", () => {
    const many = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [
        `P${i}`,
        { apiId: `a${String(i).padStart(9, '0')}`, stage: `stage-with-a-rather-long-name-${i}`, region: 'ap-southeast-2' },
      ]),
    );
    const options = knownApiOptions(readPagerDutySettings({ pagerduty: { services: many } }), {});
    expect(options).toHaveLength(100);
    for (const o of options) expect(o.label.length).toBeLessThanOrEqual(75);
    for (const o of options) expect(o.value.length).toBeLessThanOrEqual(150);
  });
});

describe('renderChooseApiMessage', () => {
  it('asks with a menu and a text box, both carrying the incident, in valid Block Kit', () => {
    const message = renderChooseApiMessage({ incident, reason: 'service Orders & Co is not mapped', options: knownApiOptions(settings, config) });
    expect(validateBlocks(message.blocks)).toEqual([]);
    // The notification text is mrkdwn too: the title's angle brackets are escaped (issue 11, finding 2).
    expect(message.text).toBe('PagerDuty #4821 ALARM: "orders &lt;prod&gt; 5xx" | big: which API is it about?');
    const first = JSON.stringify(message.blocks[0]);
    expect(first).toContain('<https://acme.pagerduty.com/incidents/Q2KXT9R4ZB1M0A|#4821 ALARM: \\"orders &lt;prod&gt; 5xx\\" ¦ big>');
    expect(first).toContain('service Orders &amp; Co');
    const ids = (message.blocks as Array<{ block_id?: string }>).map((b) => b.block_id).filter(Boolean);
    expect(ids).toEqual([chooseApiBlockId('select', incident.id), chooseApiBlockId('text', incident.id)]);
    expect(ids.map(incidentIdFromBlockId)).toEqual([incident.id, incident.id]);
  });

  it('offers only the text box when no API is known', () => {
    const message = renderChooseApiMessage({ incident, reason: 'no alarm', options: [] });
    expect((message.blocks as Array<{ type: string }>).map((b) => b.type)).toEqual(['section', 'section', 'input', 'context']);
  });

  it('once answered, shows who chose what and no controls', () => {
    const message = renderApiChosenMessage({ incident, ref: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' }, by: 'U0BOB' });
    expect(validateBlocks(message.blocks)).toEqual([]);
    expect((message.blocks as Array<{ type: string }>).map((b) => b.type)).toEqual(['section', 'section', 'context']);
    expect(JSON.stringify(message.blocks)).toContain('<@U0BOB> chose `k7x2m9q4ta` · stage `prod` · `us-east-1`');
  });
});

describe('chooseApiJobOf', () => {
  const body = (action: Record<string, unknown>) =>
    ({
      type: 'block_actions',
      user: { id: 'U0BOB' },
      channel: { id: 'C0PAGERDUT' },
      message: { ts: '1772446364.000100' },
      container: { message_ts: '1772446364.000100', channel_id: 'C0PAGERDUT' },
      actions: [action],
    }) as unknown as BlockAction;
  const at = new Date('2026-03-02T10:15:00Z');

  it('reads a menu pick and a typed answer', () => {
    const select = {
      type: 'static_select',
      action_id: 'd502_choose_api',
      block_id: 'd502_choose_api:select:QINC1',
      selected_option: { value: 'k7x2m9q4ta prod us-east-1' },
    } as unknown as BlockElementAction;
    const typed = {
      type: 'plain_text_input',
      action_id: 'd502_choose_api',
      block_id: 'd502_choose_api:text:QINC1',
      value: 'h2t7p4a9vg live',
    } as unknown as BlockElementAction;
    expect(chooseApiJobOf(body(select as never), select, at)).toEqual({
      kind: 'pagerduty-choose-api',
      incidentId: 'QINC1',
      choice: 'k7x2m9q4ta prod us-east-1',
      user: 'U0BOB',
      channel: 'C0PAGERDUT',
      messageTs: '1772446364.000100',
      at: '2026-03-02T10:15:00.000Z',
    });
    expect(chooseApiJobOf(body(typed as never), typed, at)).toMatchObject({ incidentId: 'QINC1', choice: 'h2t7p4a9vg live' });
  });

  it('ignores actions from other blocks or without a value', () => {
    const foreign = {
      type: 'static_select',
      action_id: 'd502_choose_api',
      block_id: 'somewhere-else',
      selected_option: { value: 'x y' },
    } as unknown as BlockElementAction;
    const empty = {
      type: 'plain_text_input',
      action_id: 'd502_choose_api',
      block_id: 'd502_choose_api:text:QINC1',
      value: '',
    } as unknown as BlockElementAction;
    expect(chooseApiJobOf(body(foreign as never), foreign, at)).toBeNull();
    expect(chooseApiJobOf(body(empty as never), empty, at)).toBeNull();
  });
});
