/**
 * Checks blocks against the Block Kit limits the way Slack does, and words each problem the way
 * Slack's `invalid_blocks` answer does (`[ERROR] … [json-pointer:/blocks/0/text/text]`), so the
 * Slack API stand-in can reject exactly what Slack would and tests can say which limit broke.
 * Tooling only: production shapes its blocks with fitBlocks and never checks them itself.
 */
import { countBlockText } from '../../adapters/slack/count-block-text.ts';
import { SLACK_LIMITS } from '../../adapters/slack/slack-limits.ts';

/** Marks the problem that Slack reports as `msg_blocks_too_long` rather than `invalid_blocks`. */
export const BLOCKS_TOO_LONG = 'msg_blocks_too_long';

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'divider',
  'context',
  'context_actions',
  'actions',
  'image',
  'markdown',
  'rich_text',
  'input',
  'file',
  'video',
  'table',
]);
const BUTTON_STYLES = new Set(['primary', 'danger']);

type Problems = string[];
type Json = Record<string, unknown>;

/**
 * Returns every limit the blocks break; an empty list means Slack would accept them.
 *
 * @example
 * validateBlocks([{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }]);
 * // ['[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]']
 */
export function validateBlocks(blocks: unknown): string[] {
  const problems: Problems = [];
  if (!Array.isArray(blocks)) return [error('must be an array', '/blocks')];
  if (blocks.length > SLACK_LIMITS.blocksPerMessage) {
    problems.push(error(`no more than ${SLACK_LIMITS.blocksPerMessage} items allowed`, '/blocks'));
  }
  const blockIds = new Set<string>();
  for (const [i, block] of blocks.entries()) checkBlock(block, `/blocks/${i}`, problems, blockIds);
  checkPayloadWide(blocks, '/blocks', problems);
  const total = countBlockText(blocks);
  if (total > SLACK_LIMITS.blocksTotalText) {
    problems.push(error(`${BLOCKS_TOO_LONG}: the blocks hold ${total} characters of text; keep them under ${SLACK_LIMITS.blocksTotalText}`, '/blocks'));
  }
  return problems;
}

function checkBlock(block: unknown, at: string, problems: Problems, blockIds: Set<string>): void {
  if (!isObject(block)) {
    problems.push(error('must be an object', at));
    return;
  }
  const type = block['type'];
  if (typeof type !== 'string') {
    problems.push(error('missing required field: type', at));
    return;
  }
  if (!BLOCK_TYPES.has(type)) {
    problems.push(error(`unsupported type: ${type}`, `${at}/type`));
    return;
  }
  const blockId = block['block_id'];
  if (blockId !== undefined) {
    if (typeof blockId !== 'string' || blockId.length === 0) problems.push(error('must be a non-empty string', `${at}/block_id`));
    else {
      if (blockId.length > SLACK_LIMITS.blockId) problems.push(tooLong(SLACK_LIMITS.blockId, `${at}/block_id`));
      if (blockIds.has(blockId)) problems.push(error(`duplicate block_id: ${blockId}`, `${at}/block_id`));
      blockIds.add(blockId);
    }
  }
  switch (type) {
    case 'section':
      checkSection(block, at, problems);
      break;
    case 'header':
      checkText(block['text'], `${at}/text`, SLACK_LIMITS.headerText, problems, { plainOnly: true });
      break;
    case 'context':
      checkContext(block, at, problems);
      break;
    case 'actions':
      checkActions(block, at, problems);
      break;
    case 'context_actions':
      checkContextActions(block, at, problems);
      break;
    case 'input':
      checkInput(block, at, problems);
      break;
    case 'image':
      checkImage(block, at, problems);
      break;
    case 'markdown':
      checkString(block['text'], `${at}/text`, SLACK_LIMITS.markdownBlockText, problems);
      break;
    case 'table':
      checkTable(block, at, problems);
      break;
    default:
      // divider needs nothing; the other types are accepted without a deeper look as we never send them.
      break;
  }
}

/**
 * Limits over the whole payload rather than one block: a single table per message, and 12,000
 * characters of markdown summed over every markdown block (one block at the limit leaves no room
 * for a second).
 */
function checkPayloadWide(blocks: unknown[], at: string, problems: Problems): void {
  const tables = blocks.flatMap((b, i) => (isObject(b) && b['type'] === 'table' ? [i] : []));
  for (const i of tables.slice(SLACK_LIMITS.tablesPerMessage)) {
    problems.push(error(`only ${SLACK_LIMITS.tablesPerMessage} table allowed per message`, `${at}/${i}/type`));
  }
  const markdown = blocks.reduce<number>((n, b) => n + (isObject(b) && b['type'] === 'markdown' && typeof b['text'] === 'string' ? b['text'].length : 0), 0);
  const singleTooLong = blocks.some(
    (b) => isObject(b) && b['type'] === 'markdown' && typeof b['text'] === 'string' && b['text'].length > SLACK_LIMITS.markdownBlockText,
  );
  // One over-long block is already reported where it is; the sum only adds news when it is the sum that breaks.
  if (markdown > SLACK_LIMITS.markdownBlockText && !singleTooLong) {
    problems.push(error(`markdown blocks must hold no more than ${SLACK_LIMITS.markdownBlockText} characters together, not ${markdown}`, at));
  }
}

/** Rows of raw_text, raw_number or rich_text cells; at most 100 rows of 20 cells and 20 column settings. */
function checkTable(block: Json, at: string, problems: Problems): void {
  const rows = block['rows'];
  if (!Array.isArray(rows) || rows.length === 0) {
    problems.push(error('must be a non-empty array', `${at}/rows`));
    return;
  }
  if (rows.length > SLACK_LIMITS.tableRows) problems.push(error(`no more than ${SLACK_LIMITS.tableRows} items allowed`, `${at}/rows`));
  rows.forEach((row, r) => {
    const where = `${at}/rows/${r}`;
    if (!Array.isArray(row) || row.length === 0) {
      problems.push(error('must be a non-empty array', where));
      return;
    }
    if (row.length > SLACK_LIMITS.tableCells) problems.push(error(`no more than ${SLACK_LIMITS.tableCells} items allowed`, where));
    for (const [c, cell] of row.entries()) checkTableCell(cell, `${where}/${c}`, problems);
  });
  const settings = block['column_settings'];
  if (settings === undefined) return;
  if (!Array.isArray(settings)) {
    problems.push(error('must be an array', `${at}/column_settings`));
    return;
  }
  if (settings.length > SLACK_LIMITS.tableColumnSettings) {
    problems.push(error(`no more than ${SLACK_LIMITS.tableColumnSettings} items allowed`, `${at}/column_settings`));
  }
  settings.forEach((setting, i) => {
    const where = `${at}/column_settings/${i}`;
    // A null entry keeps a column's defaults (the reference's own examples use it).
    if (setting === null) return;
    if (!isObject(setting)) {
      problems.push(error('must be an object', where));
      return;
    }
    const align = setting['align'];
    if (align !== undefined && align !== 'left' && align !== 'center' && align !== 'right') {
      problems.push(error('must be one of: left, center, right', `${where}/align`));
    }
    const wrapped = setting['is_wrapped'];
    if (wrapped !== undefined && typeof wrapped !== 'boolean') problems.push(error('must be a boolean', `${where}/is_wrapped`));
  });
}

/** A cell's text must not be empty (@slack/types); no per-cell maximum is documented, so none is enforced. */
function checkTableCell(cell: unknown, at: string, problems: Problems): void {
  if (!isObject(cell)) {
    problems.push(error('must be an object', at));
    return;
  }
  switch (cell['type']) {
    case 'raw_text':
      checkString(cell['text'], `${at}/text`, Number.POSITIVE_INFINITY, problems);
      return;
    case 'raw_number':
      if (typeof cell['value'] !== 'number' || !Number.isFinite(cell['value'])) problems.push(error('must be a number', `${at}/value`));
      checkString(cell['text'], `${at}/text`, Number.POSITIVE_INFINITY, problems);
      return;
    case 'rich_text':
      if (!Array.isArray(cell['elements']) || cell['elements'].length === 0) problems.push(error('must be a non-empty array', `${at}/elements`));
      return;
    default:
      problems.push(error('must be raw_text, raw_number or rich_text', `${at}/type`));
  }
}

function checkSection(block: Json, at: string, problems: Problems): void {
  const text = block['text'];
  const fields = block['fields'];
  if (text === undefined && fields === undefined) {
    problems.push(error('must provide either text or fields', at));
  }
  if (text !== undefined) checkText(text, `${at}/text`, SLACK_LIMITS.sectionText, problems);
  if (fields !== undefined) {
    if (!Array.isArray(fields) || fields.length === 0) problems.push(error('must be a non-empty array', `${at}/fields`));
    else {
      if (fields.length > SLACK_LIMITS.sectionFields) {
        problems.push(error(`no more than ${SLACK_LIMITS.sectionFields} items allowed`, `${at}/fields`));
      }
      for (const [i, f] of fields.entries()) checkText(f, `${at}/fields/${i}`, SLACK_LIMITS.fieldText, problems);
    }
  }
  const accessory = block['accessory'];
  if (accessory !== undefined) checkElement(accessory, `${at}/accessory`, problems, new Set());
}

function checkContext(block: Json, at: string, problems: Problems): void {
  const elements = block['elements'];
  if (!Array.isArray(elements) || elements.length === 0) {
    problems.push(error('must be a non-empty array', `${at}/elements`));
    return;
  }
  if (elements.length > SLACK_LIMITS.contextElements) {
    problems.push(error(`no more than ${SLACK_LIMITS.contextElements} items allowed`, `${at}/elements`));
  }
  elements.forEach((el, i) => {
    const where = `${at}/elements/${i}`;
    if (isObject(el) && el['type'] === 'image') checkImage(el, where, problems);
    else checkText(el, where, SLACK_LIMITS.textObject, problems);
  });
}

function checkActions(block: Json, at: string, problems: Problems): void {
  const elements = block['elements'];
  if (!Array.isArray(elements) || elements.length === 0) {
    problems.push(error('must be a non-empty array', `${at}/elements`));
    return;
  }
  if (elements.length > SLACK_LIMITS.actionsElements) {
    problems.push(error(`no more than ${SLACK_LIMITS.actionsElements} items allowed`, `${at}/elements`));
  }
  const actionIds = new Set<string>();
  for (const [i, el] of elements.entries()) checkElement(el, `${at}/elements/${i}`, problems, actionIds);
}

/** Feedback and icon buttons only, at most five (the context actions block reference). */
function checkContextActions(block: Json, at: string, problems: Problems): void {
  const elements = block['elements'];
  if (!Array.isArray(elements) || elements.length === 0) {
    problems.push(error('must be a non-empty array', `${at}/elements`));
    return;
  }
  if (elements.length > SLACK_LIMITS.contextActionsElements) {
    problems.push(error(`no more than ${SLACK_LIMITS.contextActionsElements} items allowed`, `${at}/elements`));
  }
  const actionIds = new Set<string>();
  elements.forEach((el, i) => {
    const where = `${at}/elements/${i}`;
    if (!isObject(el) || (el['type'] !== 'feedback_buttons' && el['type'] !== 'icon_button')) {
      problems.push(error('must be feedback_buttons or icon_button', `${where}/type`));
      return;
    }
    checkElement(el, where, problems, actionIds);
  });
}

function checkInput(block: Json, at: string, problems: Problems): void {
  checkText(block['label'], `${at}/label`, SLACK_LIMITS.inputLabel, problems, { plainOnly: true });
  const element = block['element'];
  if (!isObject(element)) {
    problems.push(error('missing required field: element', `${at}/element`));
    return;
  }
  checkElement(element, `${at}/element`, problems, new Set());
}

/** An interactive element; `actionIds` holds the ids already used in the same block. */
function checkElement(element: unknown, at: string, problems: Problems, actionIds: Set<string>): void {
  if (!isObject(element) || typeof element['type'] !== 'string') {
    problems.push(error('missing required field: type', at));
    return;
  }
  const actionId = element['action_id'];
  if (actionId !== undefined) {
    if (typeof actionId !== 'string' || actionId.length === 0) problems.push(error('must be a non-empty string', `${at}/action_id`));
    else {
      if (actionId.length > SLACK_LIMITS.actionId) problems.push(tooLong(SLACK_LIMITS.actionId, `${at}/action_id`));
      if (actionIds.has(actionId)) problems.push(error(`duplicate action_id: ${actionId}`, `${at}/action_id`));
      actionIds.add(actionId);
    }
  }
  switch (element['type']) {
    case 'button':
      break;
    case 'feedback_buttons':
      checkFeedbackButtons(element, at, problems);
      return;
    case 'static_select':
      checkStaticSelect(element, at, problems);
      return;
    case 'plain_text_input':
      checkPlainTextInput(element, at, problems);
      return;
    default:
      return;
  }
  checkText(element['text'], `${at}/text`, SLACK_LIMITS.buttonText, problems, { plainOnly: true });
  const value = element['value'];
  if (value !== undefined) checkString(value, `${at}/value`, SLACK_LIMITS.buttonValue, problems);
  const url = element['url'];
  if (url !== undefined) checkString(url, `${at}/url`, SLACK_LIMITS.buttonUrl, problems);
  const style = element['style'];
  if (style !== undefined && (typeof style !== 'string' || !BUTTON_STYLES.has(style))) {
    problems.push(error('must be one of: primary, danger', `${at}/style`));
  }
}

function checkFeedbackButtons(element: Json, at: string, problems: Problems): void {
  for (const side of ['positive_button', 'negative_button']) {
    const button = element[side];
    if (!isObject(button)) {
      problems.push(error(`missing required field: ${side}`, `${at}/${side}`));
      continue;
    }
    checkText(button['text'], `${at}/${side}/text`, SLACK_LIMITS.buttonText, problems, { plainOnly: true });
    checkString(button['value'], `${at}/${side}/value`, SLACK_LIMITS.buttonValue, problems);
    const label = button['accessibility_label'];
    if (label !== undefined) checkString(label, `${at}/${side}/accessibility_label`, SLACK_LIMITS.buttonText, problems);
  }
}

function checkStaticSelect(element: Json, at: string, problems: Problems): void {
  const placeholder = element['placeholder'];
  if (placeholder !== undefined) checkText(placeholder, `${at}/placeholder`, SLACK_LIMITS.placeholder, problems, { plainOnly: true });
  const options = element['options'];
  if (!Array.isArray(options) || options.length === 0) {
    problems.push(error('must be a non-empty array', `${at}/options`));
    return;
  }
  if (options.length > SLACK_LIMITS.selectOptions) problems.push(error(`no more than ${SLACK_LIMITS.selectOptions} items allowed`, `${at}/options`));
  const values = new Set<string>();
  options.forEach((option, i) => {
    const where = `${at}/options/${i}`;
    if (!isObject(option)) {
      problems.push(error('must be an object', where));
      return;
    }
    checkText(option['text'], `${where}/text`, SLACK_LIMITS.optionText, problems, { plainOnly: true });
    checkString(option['value'], `${where}/value`, SLACK_LIMITS.optionValue, problems);
    if (typeof option['value'] === 'string') {
      if (values.has(option['value'])) problems.push(error(`duplicate option value: ${option['value']}`, `${where}/value`));
      values.add(option['value']);
    }
  });
}

function checkPlainTextInput(element: Json, at: string, problems: Problems): void {
  const placeholder = element['placeholder'];
  if (placeholder !== undefined) checkText(placeholder, `${at}/placeholder`, SLACK_LIMITS.placeholder, problems, { plainOnly: true });
  const max = element['max_length'];
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > SLACK_LIMITS.plainTextInput)) {
    problems.push(error(`must be an integer from 1 to ${SLACK_LIMITS.plainTextInput}`, `${at}/max_length`));
  }
}

/**
 * Checks a Home tab view as views.publish does: type `home` and at most 100 blocks, each within
 * the same limits as in a message. (No cumulative text limit is documented for views.)
 */
export function validateHomeView(view: unknown): string[] {
  if (!isObject(view)) return [error('must be an object', '/view')];
  const problems: Problems = [];
  if (view['type'] !== 'home') problems.push(error('must be home', '/view/type'));
  const blocks = view['blocks'];
  if (!Array.isArray(blocks)) return [...problems, error('must be an array', '/view/blocks')];
  if (blocks.length > SLACK_LIMITS.blocksPerView) problems.push(error(`no more than ${SLACK_LIMITS.blocksPerView} items allowed`, '/view/blocks'));
  const blockIds = new Set<string>();
  for (const [i, block] of blocks.entries()) checkBlock(block, `/view/blocks/${i}`, problems, blockIds);
  checkPayloadWide(blocks, '/view/blocks', problems);
  return problems;
}

function checkImage(image: Json, at: string, problems: Problems): void {
  checkString(image['image_url'], `${at}/image_url`, SLACK_LIMITS.imageUrl, problems);
  checkString(image['alt_text'], `${at}/alt_text`, SLACK_LIMITS.altText, problems);
}

function checkText(value: unknown, at: string, max: number, problems: Problems, opts: { plainOnly?: boolean } = {}): void {
  if (!isObject(value)) {
    problems.push(error('must be a text object', at));
    return;
  }
  const type = value['type'];
  if (opts.plainOnly ? type !== 'plain_text' : type !== 'plain_text' && type !== 'mrkdwn') {
    problems.push(error(opts.plainOnly ? 'must be plain_text' : 'must be plain_text or mrkdwn', `${at}/type`));
  }
  checkString(value['text'], `${at}/text`, max, problems);
}

function checkString(value: unknown, at: string, max: number, problems: Problems): void {
  if (typeof value !== 'string') {
    problems.push(error('must be a string', at));
    return;
  }
  if (value.length === 0) problems.push(error('must be more than 0 characters', at));
  if (value.length > max) problems.push(tooLong(max, at));
}

function tooLong(max: number, at: string): string {
  return error(`must be less than ${max + 1} characters`, at);
}

function error(message: string, pointer: string): string {
  return `[ERROR] ${message} [json-pointer:${pointer}]`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
