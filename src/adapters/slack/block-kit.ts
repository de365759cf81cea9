/**
 * Small builders for the few Block Kit shapes the renderers use, typed by @slack/types so a typo
 * in a field name fails the type check instead of a chat.postMessage call.
 */
import type { ActionsBlock, Button, ContextBlock, DividerBlock, HeaderBlock, KnownBlock, MrkdwnElement, PlainTextElement, SectionBlock } from '@slack/types';

export type { KnownBlock, SectionBlock, HeaderBlock, ContextBlock, ActionsBlock, DividerBlock, Button, MrkdwnElement, PlainTextElement };

export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text };
}

export function plainText(text: string): PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plainText(text) };
}

export function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

export function fieldsSection(fields: string[]): SectionBlock {
  return { type: 'section', fields: fields.map(mrkdwn) };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.map(mrkdwn) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function actions(elements: Button[], blockId?: string): ActionsBlock {
  return { type: 'actions', elements, ...(blockId ? { block_id: blockId } : {}) };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', text: plainText(text), action_id: actionId, value, ...(style ? { style } : {}) };
}
