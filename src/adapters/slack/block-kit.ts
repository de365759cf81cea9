/**
 * Small builders for the few Block Kit shapes the renderers use, typed by @slack/types so a typo
 * in a field name fails the type check instead of a chat.postMessage call.
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MarkdownBlock,
  MrkdwnElement,
  PlainTextElement,
  RawTextElement,
  SectionBlock,
  TableBlock,
} from '@slack/types';

export type {
  KnownBlock,
  SectionBlock,
  HeaderBlock,
  ContextBlock,
  ActionsBlock,
  DividerBlock,
  Button,
  MrkdwnElement,
  PlainTextElement,
  TableBlock,
  MarkdownBlock,
};

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

/** A `markdown` block: standard Markdown (not mrkdwn), rendered by Slack. */
export function markdown(text: string): MarkdownBlock {
  return { type: 'markdown', text };
}

/**
 * A `table` block of plain-text cells, the first row being the column titles. Cells are raw text,
 * which Slack shows as written, so they need no mrkdwn escaping; an empty cell shows as "–"
 * because Slack refuses empty ones.
 */
export function table(rows: readonly (readonly string[])[], align?: readonly ('left' | 'center' | 'right')[]): TableBlock {
  const cell = (text: string): RawTextElement => ({ type: 'raw_text', text: text.length > 0 ? text : '–' });
  return {
    type: 'table',
    rows: rows.map((row) => row.map(cell)),
    ...(align ? { column_settings: align.map((a) => ({ align: a, is_wrapped: true })) } : {}),
  };
}
