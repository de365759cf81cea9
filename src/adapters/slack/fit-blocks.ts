/**
 * Fits content into Slack's Block Kit limits: text is cut with "…" at a sensible place without
 * breaking mrkdwn (an entity, a `<…>` link or mention, an open code span), long lists end in
 * "and N more", and a last pass over whole messages repairs anything still outside the limits.
 */
import type { Button, ContextBlock, KnownBlock, SectionBlock } from './block-kit.ts';
import { context, mrkdwn, plainText } from './block-kit.ts';
import { MESSAGE_TEXT_BUDGET, SLACK_LIMITS } from './slack-limits.ts';
import { countBlockText } from './count-block-text.ts';

const ELLIPSIS = '…';
const FENCE = '```';

/**
 * Cuts `text` to at most `max` characters, ending in "…". Prefers a line or word boundary near
 * the end, never splits an `&amp;` entity, a `<…>` link or a surrogate pair, and closes a code
 * span or block left open by the cut.
 *
 * @example
 * truncateText('Execution failed due to a timeout error', 20); // 'Execution failed…'
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  let room = max - ELLIPSIS.length;
  for (let attempt = 0; attempt < 8; attempt++) {
    const head = safeCut(text, room);
    const closers = closersFor(head);
    const result = `${head}${ELLIPSIS}${closers}`;
    if (result.length <= max) return result;
    room = Math.max(0, room - (result.length - max));
  }
  // Too little room for both a cut and its closers: plain characters, no markup left open.
  return `${text.slice(0, max - 1).replace(/[`<&]|[\uD800-\uDBFF]$/g, ' ')}${ELLIPSIS}`;
}

/** The first `max` items, and how many were left out. */
export function capList<T>(items: readonly T[], max: number): { shown: T[]; hidden: number } {
  const keep = Math.max(0, Math.min(items.length, max));
  return { shown: items.slice(0, keep), hidden: items.length - keep };
}

/** "and 3 more changes", for the end of a capped list. */
export function andMore(hidden: number, noun?: string): string {
  return noun ? `and ${hidden} more ${noun}` : `and ${hidden} more`;
}

/**
 * Remembers whether anything was cut while a message was built, so the runtime knows to attach
 * the full text as a file.
 */
export class Fitter {
  cut = false;

  text(text: string, max: number): string {
    const fitted = truncateText(text, max);
    if (fitted !== text) this.cut = true;
    return fitted;
  }

  list<T>(items: readonly T[], max: number): { shown: T[]; hidden: number } {
    const capped = capList(items, max);
    if (capped.hidden > 0) this.cut = true;
    return capped;
  }
}

/** Lines of a section: a head and tail that always show, and items that show while they fit. */
export interface SectionLines {
  head: string[];
  items: string[];
  tail?: string[];
  /** Items already left out before (e.g. by a count cap), added to the "and N more" count. */
  hidden?: number;
  /** The "and N more …" line for `n` left-out items. */
  more: (n: number) => string;
}

/**
 * Joins a section's lines within `max` characters: head and tail always, then as many whole items
 * as fit, then one line saying how many were left out, so the count survives any cut.
 */
export function fitLines(lines: SectionLines, max: number, fitter: Fitter): string {
  const { head, items, tail = [], hidden = 0, more } = lines;
  let used = [...head, ...tail].join('\n').length;
  const kept: string[] = [];
  for (const [i, item] of items.entries()) {
    const left = hidden + items.length - i - 1;
    const reserve = left > 0 ? more(hidden + items.length).length + 1 : 0;
    if (used + 1 + item.length + reserve > max) break;
    kept.push(item);
    used += 1 + item.length;
  }
  const leftOut = hidden + items.length - kept.length;
  if (leftOut > 0) fitter.cut = true;
  return fitter.text([...head, ...kept, ...(leftOut > 0 ? [more(leftOut)] : []), ...tail].join('\n'), max);
}

export interface FitOptions {
  /** Total text the message may hold (default MESSAGE_TEXT_BUDGET). */
  budget?: number;
  /** Called when anything had to be cut or dropped. */
  onCut?: () => void;
}

/**
 * Returns copies of the blocks that respect every Block Kit limit: texts cut to size, empty texts
 * filled, lists of fields, context elements and buttons capped, duplicate action ids made unique,
 * at most 50 blocks (actions blocks are kept), and the total text within the budget.
 *
 * @example
 * validateBlocks(fitBlocks(blocks)); // []
 */
export function fitBlocks(blocks: readonly KnownBlock[], opts: FitOptions = {}): KnownBlock[] {
  const budget = Math.min(opts.budget ?? MESSAGE_TEXT_BUDGET, SLACK_LIMITS.blocksTotalText);
  const fitter = new Fitter();
  let out = blocks.map((b) => fitBlock(b, fitter));
  out = capBlockCount(out, fitter);
  out = fitTotal(out, budget, fitter);
  if (fitter.cut) opts.onCut?.();
  return out;
}

function fitBlock(block: KnownBlock, fitter: Fitter): KnownBlock {
  switch (block.type) {
    case 'header':
      return { ...block, text: plainText(nonEmpty(fitter.text(block.text.text, SLACK_LIMITS.headerText))) };
    case 'section':
      return fitSection(block, fitter);
    case 'context':
      return fitContext(block, fitter);
    case 'markdown':
      return { ...block, text: nonEmpty(fitter.text(block.text, SLACK_LIMITS.markdownBlockText)) };
    case 'table': {
      // Rows beyond Slack's 100 and cells beyond 20 go; the renderers stay far below both.
      const rows = fitter.list(block.rows, SLACK_LIMITS.tableRows).shown.map((row) => fitter.list(row, SLACK_LIMITS.tableCells).shown);
      return { ...block, rows };
    }
    case 'actions': {
      const { shown } = fitter.list(block.elements, SLACK_LIMITS.actionsElements);
      const used = new Set<string>();
      return { ...block, elements: shown.map((el) => (el.type === 'button' ? fitButton(el, fitter, used) : el)) };
    }
    default:
      return block;
  }
}

function fitSection(block: SectionBlock, fitter: Fitter): SectionBlock {
  const out: SectionBlock = { ...block };
  if (block.text) {
    out.text = { ...block.text, text: nonEmpty(fitter.text(block.text.text, SLACK_LIMITS.sectionText)) };
  }
  if (block.fields) {
    let fields = block.fields.map((f) => ({ ...f, text: nonEmpty(fitter.text(f.text, SLACK_LIMITS.fieldText)) }));
    if (fields.length > SLACK_LIMITS.sectionFields) {
      const hidden = fields.length - (SLACK_LIMITS.sectionFields - 1);
      fields = [...fields.slice(0, SLACK_LIMITS.sectionFields - 1), mrkdwn(`_${andMore(hidden)}_`)];
      fitter.cut = true;
    }
    if (fields.length > 0) out.fields = fields;
    else {
      delete out.fields;
      if (!out.text) out.text = mrkdwn(ELLIPSIS);
    }
  }
  if (!out.text && !out.fields) out.text = mrkdwn(ELLIPSIS);
  if (block.accessory?.type === 'button') out.accessory = fitButton(block.accessory, fitter, new Set());
  return out;
}

function fitContext(block: ContextBlock, fitter: Fitter): ContextBlock {
  let elements = block.elements.map((el) =>
    el.type === 'mrkdwn' || el.type === 'plain_text' ? { ...el, text: nonEmpty(fitter.text(el.text, SLACK_LIMITS.textObject)) } : el,
  );
  if (elements.length > SLACK_LIMITS.contextElements) {
    const hidden = elements.length - (SLACK_LIMITS.contextElements - 1);
    elements = [...elements.slice(0, SLACK_LIMITS.contextElements - 1), mrkdwn(`_${andMore(hidden)}_`)];
    fitter.cut = true;
  }
  if (elements.length === 0) elements = [mrkdwn(ELLIPSIS)];
  return { ...block, elements };
}

/** `used` holds the action ids already taken in the same block; a clash gets a numbered suffix. */
function fitButton(el: Button, fitter: Fitter, used: Set<string>): Button {
  const out: Button = { ...el, text: plainText(nonEmpty(fitter.text(el.text.text, SLACK_LIMITS.buttonText))) };
  if (el.value !== undefined && el.value.length > SLACK_LIMITS.buttonValue) {
    // A cut value would no longer decode; the listener treats a missing value as a stale button.
    delete out.value;
    fitter.cut = true;
  }
  if (el.url !== undefined && el.url.length > SLACK_LIMITS.buttonUrl) {
    delete out.url;
    fitter.cut = true;
  }
  if (el.action_id !== undefined) {
    let id = el.action_id.slice(0, SLACK_LIMITS.actionId) || 'action';
    for (let n = 2; used.has(id); n++) {
      const suffix = `#${n}`;
      id = `${el.action_id.slice(0, SLACK_LIMITS.actionId - suffix.length)}${suffix}`;
    }
    used.add(id);
    out.action_id = id;
  }
  return out;
}

/** Keeps at most 50 blocks: every actions block stays, the first others fill the rest, and a note says how many went. */
function capBlockCount(blocks: KnownBlock[], fitter: Fitter): KnownBlock[] {
  const max = SLACK_LIMITS.blocksPerMessage;
  if (blocks.length <= max) return blocks;
  fitter.cut = true;
  const actionsCount = Math.min(blocks.filter((b) => b.type === 'actions').length, max - 1);
  let room = max - 1 - actionsCount;
  let actionsLeft = actionsCount;
  const kept: KnownBlock[] = [];
  let dropped = 0;
  for (const block of blocks) {
    if (block.type === 'actions' && actionsLeft > 0) {
      actionsLeft--;
      kept.push(block);
    } else if (block.type !== 'actions' && room > 0) {
      room--;
      kept.push(block);
    } else dropped++;
  }
  // The note goes before the trailing buttons so they stay last.
  const lastOther = kept.map((b) => b.type !== 'actions').lastIndexOf(true);
  kept.splice(lastOther + 1, 0, context(`_${andMore(dropped, dropped === 1 ? 'block' : 'blocks')} left out to fit Slack's limits_`));
  return kept;
}

/** Shortens the longest texts, then drops trailing blocks (buttons last), until the total fits the budget. */
function fitTotal(blocks: KnownBlock[], budget: number, fitter: Fitter): KnownBlock[] {
  let total = countBlockText(blocks);
  if (total <= budget) return blocks;
  fitter.cut = true;
  const out = blocks.map((b) => structuredClone(b));
  for (let guard = 0; total > budget && guard < 500; guard++) {
    const longest = longestText(out);
    if (!longest || longest.get().length <= 80) break;
    const text = longest.get();
    longest.set(truncateText(text, Math.max(80, text.length - (total - budget))));
    total = countBlockText(out);
  }
  while (total > budget && out.length > 0) {
    // Buttons go last, and only when nothing else is left to drop.
    const other = out.map((b) => b.type !== 'actions').lastIndexOf(true);
    out.splice(other >= 0 ? other : out.length - 1, 1);
    total = countBlockText(out);
  }
  return out;
}

interface TextSlot {
  get(): string;
  set(text: string): void;
}

/** The longest shrinkable text (section text, field, context element, header or markdown block) across the blocks. */
function longestText(blocks: KnownBlock[]): TextSlot | undefined {
  let best: TextSlot | undefined;
  let bestLength = -1;
  const consider = (holder: { text: string }) => {
    if (holder.text.length > bestLength) {
      bestLength = holder.text.length;
      best = { get: () => holder.text, set: (t) => (holder.text = t) };
    }
  };
  for (const block of blocks) {
    if (block.type === 'section') {
      if (block.text) consider(block.text);
      for (const f of block.fields ?? []) consider(f);
    } else if (block.type === 'context') {
      for (const el of block.elements) if (el.type === 'mrkdwn' || el.type === 'plain_text') consider(el);
    } else if (block.type === 'header') {
      consider(block.text);
    } else if (block.type === 'markdown') {
      consider(block);
    }
  }
  return best;
}

function nonEmpty(text: string): string {
  return text.length > 0 ? text : ELLIPSIS;
}

/** Cuts at most `room` characters off the front, at a safe and, when near, natural place. */
function safeCut(text: string, room: number): string {
  let head = text.slice(0, Math.max(0, room));
  // Never leave half a surrogate pair.
  if (head.length > 0 && /[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  // Never cut inside <…> (links, mentions, dates) or an &entity;.
  const open = head.lastIndexOf('<');
  if (open > head.lastIndexOf('>')) head = head.slice(0, open);
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && amp > head.length - 8 && !head.slice(amp).includes(';')) head = head.slice(0, amp);
  // A line or word boundary in the last fifth reads better than a word cut in half.
  const boundary = Math.max(head.lastIndexOf('\n'), head.lastIndexOf(' '));
  if (boundary > 0 && boundary >= head.length * 0.8) head = head.slice(0, boundary);
  return head.replace(/\s+$/, '');
}

/** What closes the code block or code span a cut left open. */
function closersFor(head: string): string {
  const fences = head.split(FENCE).length - 1;
  if (fences % 2 === 1) return `\n${FENCE}`;
  const outsideFences = head
    .split(FENCE)
    .filter((_, i) => i % 2 === 0)
    .join('');
  const ticks = (outsideFences.match(/`/g) ?? []).length;
  return ticks % 2 === 1 ? '`' : '';
}
