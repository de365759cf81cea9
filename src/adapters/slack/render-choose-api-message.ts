/**
 * The channel message for an incident the bot cannot place: the incident, why the API is
 * unknown, a menu of the known APIs and a text box for any other; and what it becomes once
 * someone has chosen. The incident id rides in the block ids, so the answer needs no lookup.
 */
import type { InputBlock, KnownBlock, PlainTextOption, StaticSelect } from '@slack/types';
import type { ApiRef } from '../../core/api/api-ref.ts';
import { ACTION_IDS } from './action-ids.ts';
import type { SlackMessage } from '../../core/view/diagnosis-view.ts';
import { context, plainText, section } from './block-kit.ts';
import { escapeMrkdwn, inlineCode } from './escape-mrkdwn.ts';
import { mention } from './slack-format.ts';
import type { IncidentRecord } from '../pagerduty/incident-record.ts';
import type { ApiOption } from '../pagerduty/known-api-options.ts';

type ChoiceKind = 'select' | 'text';

export function chooseApiBlockId(kind: ChoiceKind, incidentId: string): string {
  return `${ACTION_IDS.chooseApi}:${kind}:${incidentId}`;
}

/** The incident id in a block id made by chooseApiBlockId; null for any other block. */
export function incidentIdFromBlockId(blockId: string | undefined): string | null {
  const match = /^d502_choose_api:(?:select|text):(.+)$/.exec(blockId ?? '');
  return match?.[1] ?? null;
}

export function renderChooseApiMessage(input: { incident: IncidentRecord; reason: string; options: ApiOption[] }): SlackMessage {
  const { incident } = input;
  const blocks: KnownBlock[] = [
    incidentSection(incident),
    section(`I could not tell which API this incident is about: ${escapeMrkdwn(input.reason)}.\nChoose it and I will start a 5xx diagnosis in a thread.`),
  ];
  if (input.options.length > 0) {
    const menu: StaticSelect = {
      type: 'static_select',
      action_id: ACTION_IDS.chooseApi,
      placeholder: plainText('Known APIs'),
      options: input.options.map((o): PlainTextOption => ({ text: plainText(o.label), value: o.value })),
    };
    blocks.push({ type: 'actions', block_id: chooseApiBlockId('select', incident.id), elements: [menu] });
  }
  const typed: InputBlock = {
    type: 'input',
    block_id: chooseApiBlockId('text', incident.id),
    dispatch_action: true,
    label: plainText(input.options.length > 0 ? 'Or type another: <api-id> <stage> [region], then Enter' : 'Type it: <api-id> <stage> [region], then Enter'),
    element: {
      type: 'plain_text_input',
      action_id: ACTION_IDS.chooseApi,
      placeholder: plainText('k7x2m9q4ta prod us-east-1'),
      dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
    },
  };
  blocks.push(typed, context(`diagnose-502 · PagerDuty incident ${escapeMrkdwn(incident.id)}`));
  return { text: escapeMrkdwn(`PagerDuty ${label(incident)}: which API is it about?`), blocks };
}

/** The same message once answered: no more menu, who chose what. */
export function renderApiChosenMessage(input: { incident: IncidentRecord; ref: ApiRef; by: string }): SlackMessage {
  const { incident, ref } = input;
  return {
    text: escapeMrkdwn(`PagerDuty ${label(incident)}: diagnosing ${ref.apiId} ${ref.stage} (${ref.region})`),
    blocks: [
      incidentSection(incident),
      section(
        `${mention(input.by)} chose ${inlineCode(ref.apiId)} · stage ${inlineCode(ref.stage)} · ${inlineCode(ref.region)}: the diagnosis has its own thread in this channel.`,
      ),
      context(`diagnose-502 · PagerDuty incident ${escapeMrkdwn(incident.id)}`),
    ],
  };
}

function incidentSection(incident: IncidentRecord): KnownBlock {
  const title = escapeMrkdwn(label(incident)).replace(/\|/g, '¦');
  const linked = incident.url ? `<${incident.url.replace(/[<>|\s]/g, '')}|${title}>` : title;
  const details = [
    incident.urgency ? `${incident.urgency} urgency` : undefined,
    `service ${incident.service.name ?? incident.service.id}`,
    incident.statusNote,
  ];
  return section(`:rotating_light: *PagerDuty* ${linked}\n${escapeMrkdwn(details.filter(Boolean).join(' · '))}`);
}

function label(incident: IncidentRecord): string {
  const title = incident.title.length > 200 ? `${incident.title.slice(0, 199)}…` : incident.title;
  return `${incident.number !== undefined ? `#${incident.number} ` : ''}${title}`;
}
