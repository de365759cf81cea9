/**
 * Block Kit to HTML for the sandbox page: header, section (text, fields, accessory), context,
 * divider, image, actions (buttons with primary/danger styles, static selects, overflow menus),
 * context_actions (👍/👎 feedback buttons), input (a text box sent with Enter, as with
 * dispatch_action), rich_text, markdown (standard Markdown), table (the first row as column
 * titles, column_settings' alignment and wrapping), plus a visible placeholder for anything else. A pure function of the blocks, so the
 * same message always renders the same way and the tests can check it without a browser.
 *
 * Blocks come from the bot, which fills them with AWS data: every field is treated as untrusted,
 * read defensively (a wrong shape renders a placeholder, never throws) and escaped.
 *
 * Interactive elements carry `data-action-id`, `data-block-id`, `data-value` and `data-type`; the
 * page turns a click into a block_actions request built from the stored message.
 */
import { emojiFor } from './emoji-shortcodes.ts';
import { escapeHtml, safeUrl } from './escape-html.ts';
import { formatSlackDate } from './format-slack-date.ts';
import { renderMarkdownHtml } from './render-markdown-html.ts';
import { renderMrkdwnHtml, renderPlainTextHtml, type MrkdwnOptions } from './render-mrkdwn-html.ts';

export type RenderOptions = MrkdwnOptions;

type Obj = Record<string, unknown>;

/**
 * Renders a message's blocks as HTML.
 *
 * @example
 * renderBlocksHtml([{ type: 'header', text: { type: 'plain_text', text: 'Verdict: timeout' } }]);
 * // '<div class="bk-block bk-header">Verdict: timeout</div>'
 */
export function renderBlocksHtml(blocks: unknown, options: RenderOptions = {}): string {
  if (!Array.isArray(blocks)) return '';
  return blocks.map((block, index) => renderBlock(block, index, options)).join('');
}

/** Slack names blocks without a block_id itself; a stable stand-in keeps clicks reproducible. */
export function blockIdOf(block: unknown, index: number): string {
  return (isObj(block) && str(block['block_id'])) || `blk-${index}`;
}

function renderBlock(block: unknown, index: number, options: RenderOptions): string {
  if (!isObj(block)) return unsupported('(not an object)');
  const type = str(block['type']) ?? '';
  const blockId = blockIdOf(block, index);
  switch (type) {
    case 'header':
      return `<div class="bk-block bk-header">${textObject(block['text'], options)}</div>`;
    case 'section':
      return renderSection(block, blockId, options);
    case 'context':
      return `<div class="bk-block bk-context">${list(block['elements'])
        .map((e) => contextElement(e, options))
        .join('')}</div>`;
    case 'divider':
      return '<hr class="bk-block bk-divider">';
    case 'image':
      return renderImageBlock(block, options);
    case 'actions':
      return `<div class="bk-block bk-actions" data-block-id="${escapeHtml(blockId)}">${list(block['elements'])
        .map((e) => renderElement(e, blockId, options))
        .join('')}</div>`;
    case 'context_actions':
      return `<div class="bk-block bk-context-actions" data-block-id="${escapeHtml(blockId)}">${list(block['elements'])
        .map((e) => renderContextAction(e, blockId, options))
        .join('')}</div>`;
    case 'input':
      return renderInput(block, blockId, options);
    case 'rich_text':
      return `<div class="bk-block bk-rich-text">${list(block['elements'])
        .map((e) => richTextPart(e, options))
        .join('')}</div>`;
    case 'markdown':
      return `<div class="bk-block bk-markdown">${renderMarkdownHtml(str(block['text']) ?? '')}</div>`;
    case 'table':
      return renderTable(block, options);
    default:
      return unsupported(type || '(no type)');
  }
}

function renderSection(block: Obj, blockId: string, options: RenderOptions): string {
  const text = block['text'] !== undefined ? `<div class="bk-text">${textObject(block['text'], options)}</div>` : '';
  const fields = list(block['fields']);
  const fieldsHtml =
    fields.length > 0 ? `<div class="bk-fields">${fields.map((f) => `<div class="bk-field">${textObject(f, options)}</div>`).join('')}</div>` : '';
  const accessory = block['accessory'] !== undefined ? `<div class="bk-accessory">${renderElement(block['accessory'], blockId, options)}</div>` : '';
  return `<div class="bk-block bk-section"><div class="bk-section-body">${text}${fieldsHtml}</div>${accessory}</div>`;
}

/** A table block: raw_text or rich_text cells, the first row as the titles, as Slack draws it. */
function renderTable(block: Obj, options: RenderOptions): string {
  const settings = list(block['column_settings']);
  const cellHtml = (cell: unknown, column: number, tag: 'th' | 'td') => {
    const setting = settings[column];
    const align = isObj(setting) ? str(setting['align']) : undefined;
    const wrapped = isObj(setting) && setting['is_wrapped'] === true;
    const classes = [`bk-cell`, ...(align === 'center' || align === 'right' ? [`bk-cell--${align}`] : []), ...(wrapped ? ['bk-cell--wrap'] : [])];
    let body = '';
    if (isObj(cell) && cell['type'] === 'raw_text') body = renderPlainTextHtml(str(cell['text']) ?? '', false);
    else if (isObj(cell) && cell['type'] === 'rich_text')
      body = list(cell['elements'])
        .map((e) => richTextPart(e, options))
        .join('');
    return `<${tag} class="${classes.join(' ')}">${body}</${tag}>`;
  };
  const rows = list(block['rows']).map((row, r) => {
    const tag = r === 0 ? 'th' : 'td';
    return `<tr>${list(row)
      .map((cell, c) => cellHtml(cell, c, tag))
      .join('')}</tr>`;
  });
  const [head, ...body] = rows;
  return `<div class="bk-block bk-table-wrap"><table class="bk-table">${head ? `<thead>${head}</thead>` : ''}<tbody>${body.join('')}</tbody></table></div>`;
}

function renderImageBlock(block: Obj, options: RenderOptions): string {
  const src = imageSource(block);
  const alt = str(block['alt_text']) ?? '';
  const title = isObj(block['title']) ? `<div class="bk-image-title">${textObject(block['title'], options)}</div>` : '';
  const img = src
    ? `<img class="bk-image-img" src="${escapeHtml(src)}" alt="${escapeHtml(alt)}" loading="lazy">`
    : `<div class="bk-image-missing">${escapeHtml(alt || 'image')}</div>`;
  return `<figure class="bk-block bk-image">${title}${img}</figure>`;
}

/** image_url, or a slack_file by url (its id alone cannot be shown without the Files API). */
function imageSource(element: Obj): string | undefined {
  const direct = safeUrl(str(element['image_url']));
  if (direct) return direct;
  const file = element['slack_file'];
  return isObj(file) ? safeUrl(str(file['url'])) : undefined;
}

function contextElement(element: unknown, options: RenderOptions): string {
  if (!isObj(element)) return '';
  if (element['type'] === 'image') {
    const src = imageSource(element);
    const alt = escapeHtml(str(element['alt_text']) ?? '');
    return src ? `<img class="bk-context-img" src="${escapeHtml(src)}" alt="${alt}">` : `<span class="bk-context-text">${alt}</span>`;
  }
  return `<span class="bk-context-text">${textObject(element, options)}</span>`;
}

/** A text object: mrkdwn or plain_text. */
function textObject(value: unknown, options: RenderOptions): string {
  if (typeof value === 'string') return renderPlainTextHtml(value);
  if (!isObj(value)) return '';
  const text = str(value['text']) ?? '';
  if (value['type'] === 'mrkdwn') return renderMrkdwnHtml(text, options);
  return renderPlainTextHtml(text, value['emoji'] !== false);
}

function plain(value: unknown): string {
  return isObj(value) ? (str(value['text']) ?? '') : typeof value === 'string' ? value : '';
}

function dataAttrs(element: Obj, blockId: string, type: string): string {
  const actionId = str(element['action_id']) ?? '';
  return `data-type="${escapeHtml(type)}" data-action-id="${escapeHtml(actionId)}" data-block-id="${escapeHtml(blockId)}"`;
}

function renderElement(element: unknown, blockId: string, options: RenderOptions): string {
  if (!isObj(element)) return '';
  const type = str(element['type']) ?? '';
  switch (type) {
    case 'button':
      return renderButton(element, blockId, options);
    case 'static_select':
    case 'overflow':
      return renderSelect(element, blockId, type);
    case 'image': {
      const src = imageSource(element);
      return src ? `<img class="bk-accessory-img" src="${escapeHtml(src)}" alt="${escapeHtml(str(element['alt_text']) ?? '')}">` : '';
    }
    default: {
      // Pickers and inputs the bot does not use: shown, so a reviewer sees them, but inert.
      const label = plain(element['placeholder']) || plain(element['text']) || type;
      return `<span class="bk-element-unsupported" title="${escapeHtml(type)} is not interactive in the sandbox">${escapeHtml(label)}</span>`;
    }
  }
}

/** Feedback buttons show as Slack draws them, a pair of small icon buttons; each side is pressed on its own. */
function renderContextAction(element: unknown, blockId: string, options: RenderOptions): string {
  if (!isObj(element)) return '';
  if (element['type'] !== 'feedback_buttons') return renderElement(element, blockId, options);
  const side = (which: 'positive' | 'negative') => {
    const button = element[`${which}_button`];
    if (!isObj(button)) return '';
    const label = str(button['accessibility_label']);
    return (
      `<button type="button" class="bk-feedback bk-feedback--${which}" ${dataAttrs(element, blockId, 'feedback_buttons')} data-feedback="${which}"` +
      `${label ? ` title="${escapeHtml(label)}" aria-label="${escapeHtml(label)}"` : ''}>${textObject(button['text'], options)}</button>`
    );
  };
  return `<span class="bk-feedback-pair">${side('positive')}${side('negative')}</span>`;
}

/** An input block: only a plain text input is live (Enter sends it, as dispatch_action does in Slack). */
function renderInput(block: Obj, blockId: string, options: RenderOptions): string {
  const element = isObj(block['element']) ? block['element'] : {};
  const label = `<label class="bk-input-label">${textObject(block['label'], options)}${block['optional'] === true ? ' <span class="bk-optional">(optional)</span>' : ''}</label>`;
  if (element['type'] !== 'plain_text_input') return `<div class="bk-block bk-input">${label}${renderElement(element, blockId, options)}</div>`;
  const max = typeof element['max_length'] === 'number' ? ` maxlength="${element['max_length']}"` : '';
  const placeholder = plain(element['placeholder']);
  const live = block['dispatch_action'] === true;
  return (
    `<div class="bk-block bk-input">${label}<input type="text" class="bk-text-input" ${dataAttrs(element, blockId, 'plain_text_input')}${max}` +
    `${placeholder ? ` placeholder="${escapeHtml(placeholder)}"` : ''}${live ? '' : ' disabled'}></div>`
  );
}

function renderButton(element: Obj, blockId: string, options: RenderOptions): string {
  const style = str(element['style']);
  const styleClass = style === 'primary' || style === 'danger' ? ` bk-button--${style}` : '';
  const label = textObject(element['text'], options);
  const value = str(element['value']);
  const valueAttr = value !== undefined ? ` data-value="${escapeHtml(value)}"` : '';
  const textAttr = ` data-text="${escapeHtml(plain(element['text']))}"`;
  const href = safeUrl(str(element['url']));
  const attrs = `class="bk-button${styleClass}" ${dataAttrs(element, blockId, 'button')}${valueAttr}${textAttr}`;
  if (href) return `<a ${attrs} href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  return `<button type="button" ${attrs}>${label}</button>`;
}

function renderSelect(element: Obj, blockId: string, type: 'static_select' | 'overflow'): string {
  const initial = isObj(element['initial_option']) ? str(element['initial_option']['value']) : undefined;
  const placeholder = type === 'overflow' ? '⋯' : plain(element['placeholder']) || 'Select an item';
  const option = (o: unknown) => {
    if (!isObj(o)) return '';
    const value = str(o['value']) ?? '';
    const selected = initial !== undefined && value === initial ? ' selected' : '';
    return `<option value="${escapeHtml(value)}"${selected}>${escapeHtml(plain(o['text']))}</option>`;
  };
  const groups = list(element['option_groups']);
  const body =
    groups.length > 0
      ? groups.map((g) => (isObj(g) ? `<optgroup label="${escapeHtml(plain(g['label']))}">${list(g['options']).map(option).join('')}</optgroup>` : '')).join('')
      : list(element['options']).map(option).join('');
  const prompt = `<option value="" disabled${initial === undefined ? ' selected' : ''}>${escapeHtml(placeholder)}</option>`;
  return `<select class="bk-select bk-select--${type}" ${dataAttrs(element, blockId, type)}>${prompt}${body}</select>`;
}

// --- rich_text -------------------------------------------------------------------------------

function richTextPart(part: unknown, options: RenderOptions): string {
  if (!isObj(part)) return '';
  const inline = () =>
    list(part['elements'])
      .map((e) => richInline(e, options))
      .join('');
  switch (part['type']) {
    case 'rich_text_section':
      return `<div class="rt-section">${inline()}</div>`;
    case 'rich_text_preformatted':
      return `<pre class="mk-pre">${inline()}</pre>`;
    case 'rich_text_quote':
      return `<blockquote class="mk-quote">${inline()}</blockquote>`;
    case 'rich_text_list': {
      const tag = part['style'] === 'ordered' ? 'ol' : 'ul';
      return `<${tag} class="rt-list">${list(part['elements'])
        .map(
          (item) =>
            `<li>${
              isObj(item)
                ? list(item['elements'])
                    .map((e) => richInline(e, options))
                    .join('')
                : ''
            }</li>`,
        )
        .join('')}</${tag}>`;
    }
    default:
      return '';
  }
}

function richInline(element: unknown, options: RenderOptions): string {
  if (!isObj(element)) return '';
  const text = (t: string) => escapeHtml(t).replace(/\n/g, '<br>');
  let html: string;
  switch (element['type']) {
    case 'text':
      html = text(str(element['text']) ?? '');
      break;
    case 'link': {
      const href = safeUrl(str(element['url']));
      const label = text(str(element['text']) ?? str(element['url']) ?? '');
      html = href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${label}</a>` : label;
      break;
    }
    case 'emoji':
      html = escapeHtml(unicodeEmoji(str(element['unicode'])) ?? emojiFor(str(element['name']) ?? ''));
      break;
    case 'user': {
      const id = str(element['user_id']) ?? '';
      html = `<span class="mk-mention">@${escapeHtml(options.users?.[id] ?? id)}</span>`;
      break;
    }
    case 'channel':
      html = `<span class="mk-mention mk-channel">#${escapeHtml(str(element['channel_id']) ?? '')}</span>`;
      break;
    case 'usergroup':
      html = `<span class="mk-mention">@${escapeHtml(str(element['usergroup_id']) ?? '')}</span>`;
      break;
    case 'broadcast':
      html = `<span class="mk-mention mk-broadcast">@${escapeHtml(str(element['range']) ?? 'here')}</span>`;
      break;
    case 'date': {
      const ts = Number(element['timestamp']);
      html = Number.isFinite(ts) ? `<time class="mk-date">${escapeHtml(formatSlackDate(ts, str(element['format']) ?? '{date}', options))}</time>` : '';
      break;
    }
    default:
      html = '';
  }
  const style = isObj(element['style']) ? element['style'] : {};
  if (style['code']) html = `<code class="mk-code">${html}</code>`;
  if (style['bold']) html = `<strong>${html}</strong>`;
  if (style['italic']) html = `<em>${html}</em>`;
  if (style['strike']) html = `<del>${html}</del>`;
  return html;
}

/** "1f44d" or "1f1fa-1f1f8" to the emoji; undefined for anything that is not code points. */
function unicodeEmoji(hex: string | undefined): string | undefined {
  if (!hex || !/^[0-9a-f]{1,6}(-[0-9a-f]{1,6})*$/i.test(hex)) return undefined;
  const points = hex.split('-').map((h) => parseInt(h, 16));
  return points.every((p) => p <= 0x10ffff) ? String.fromCodePoint(...points) : undefined;
}

// ---------------------------------------------------------------------------------------------

function unsupported(type: string): string {
  return `<div class="bk-block bk-unsupported">Unsupported block: ${escapeHtml(type)}</div>`;
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
