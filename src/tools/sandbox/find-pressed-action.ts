/**
 * Looks up what the page says was pressed in the message as stored. The page only names the
 * block, the action and (for a menu) the chosen value; the button's value, label and style and the
 * option's text come from the message itself, as in Slack, where a client cannot press a button
 * that is not there or send a value the bot never put in it.
 */
import type { StoredMessage } from '../slack-web-api/local-slack-state.ts';
import type { PressedAction } from './build-block-actions.ts';
import { blockIdOf } from './render-blocks-html.ts';

export interface PressRequest {
  blockId: string;
  actionId: string;
  /** For a static select or overflow: the value of the chosen option; for a text input: the text typed. */
  selectedValue?: string;
  /** For feedback buttons: which of the two was pressed. */
  feedback?: 'positive' | 'negative';
}

type Obj = Record<string, unknown>;

export function findPressedAction(message: StoredMessage, press: PressRequest): PressedAction | { error: string } {
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  const index = blocks.findIndex((b, i) => blockIdOf(b, i) === press.blockId);
  const block = blocks[index];
  if (!isObj(block)) return { error: `no block ${press.blockId} in that message (it may have been updated)` };
  const candidates =
    block['type'] === 'actions' || block['type'] === 'context_actions'
      ? list(block['elements'])
      : block['type'] === 'section' && block['accessory']
        ? [block['accessory']]
        : block['type'] === 'input' && block['dispatch_action'] === true && block['element']
          ? [block['element']]
          : [];
  const element = candidates.find((e) => isObj(e) && e['action_id'] === press.actionId);
  if (!isObj(element)) return { error: `no element ${press.actionId} in block ${press.blockId} (the message may have been updated)` };

  const type = element['type'];
  if (type === 'button') {
    return {
      type: 'button',
      actionId: press.actionId,
      blockId: press.blockId,
      ...(typeof element['value'] === 'string' ? { value: element['value'] } : {}),
      text: textOf(element['text']),
      ...(typeof element['style'] === 'string' ? { style: element['style'] } : {}),
    };
  }
  if (type === 'feedback_buttons') {
    const side = press.feedback === 'positive' ? element['positive_button'] : press.feedback === 'negative' ? element['negative_button'] : undefined;
    if (!isObj(side)) return { error: `say which feedback button was pressed in ${press.actionId}` };
    return {
      type,
      actionId: press.actionId,
      blockId: press.blockId,
      value: typeof side['value'] === 'string' ? side['value'] : '',
      text: textOf(side['text']),
    };
  }
  if (type === 'plain_text_input') {
    const typed = press.selectedValue ?? '';
    const max = typeof element['max_length'] === 'number' ? element['max_length'] : 3000;
    if (typed.trim().length === 0 || typed.length > max) return { error: `type between 1 and ${max} characters` };
    return { type, actionId: press.actionId, blockId: press.blockId, value: typed };
  }
  if (type === 'static_select' || type === 'overflow') {
    const options = [...list(element['options']), ...list(element['option_groups']).flatMap((g) => (isObj(g) ? list(g['options']) : []))];
    const chosen = options.find((o) => isObj(o) && o['value'] === press.selectedValue);
    if (!isObj(chosen)) return { error: `no option ${press.selectedValue ?? '(none)'} in ${press.actionId}` };
    return { type, actionId: press.actionId, blockId: press.blockId, selectedOption: { text: textOf(chosen['text']), value: String(chosen['value']) } };
  }
  return { error: `${String(type)} elements are not interactive in the sandbox` };
}

function textOf(value: unknown): string {
  return isObj(value) && typeof value['text'] === 'string' ? value['text'] : '';
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
