/**
 * Slack mrkdwn to HTML, close enough to what Slack shows to review a message: *bold*, _italic_,
 * ~strike~, `code`, ```code blocks```, > quotes, <links|labels>, <@user> and <#channel>
 * mentions, <!here>-style broadcasts, <!date^…> tokens and emoji shortcodes.
 *
 * Senders escape &, < and > as entities (see escapeMrkdwn); those are decoded and everything is
 * HTML-escaped again, so a log line holding `<script>` shows as text.
 */
import { replaceEmojiShortcodes } from './emoji-shortcodes.ts';
import { escapeHtml, safeUrl } from './escape-html.ts';
import { formatSlackDate, type DateFormatOptions } from './format-slack-date.ts';

export interface MrkdwnOptions extends DateFormatOptions {
  /** Display names for user ids, so `<@U0ALICE>` reads `@alice`. */
  users?: Record<string, string>;
}

// Private-use characters mark spots where finished HTML is put back after escaping; they are
// stripped from the input first so the text cannot forge one.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const HOLE = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

// A marker opens after a start, space or punctuation and closes before an end, space or
// punctuation, as in Slack: snake_case_names and 2*3*4 stay as they are.
const BEFORE = `(^|[\\s([{;>~_*${CLOSE}-])`;
const AFTER = `(?=$|[\\s)\\]}.,;:!?&<~_*${OPEN}-])`;
const styleRule = (marker: string) => new RegExp(`${BEFORE}\\${marker}(?=[^\\s${marker}])([^${marker}\\n]*?[^\\s${marker}])\\${marker}${AFTER}`, 'gm');
const BOLD = styleRule('*');
const ITALIC = styleRule('_');
const STRIKE = styleRule('~');

/**
 * Renders a mrkdwn string as HTML.
 *
 * @example
 * renderMrkdwnHtml('*Cause:* `timeout` <https://x.example|docs>');
 * // '<strong>Cause:</strong> <code class="mk-code">timeout</code> <a href="https://x.example/" …>docs</a>'
 */
export function renderMrkdwnHtml(text: string, options: MrkdwnOptions = {}): string {
  const held: string[] = [];
  const hold = (html: string) => `${OPEN}${held.push(html) - 1}${CLOSE}`;

  let s = text.replace(/[\uE000\uE001]/g, '');
  s = s.replace(/```([\s\S]*?)```/g, (_, code: string) =>
    hold(`<pre class="mk-pre">${escapeHtml(decodeEntities(code.replace(/^\n/, '').replace(/\n$/, '')))}</pre>`),
  );
  s = s.replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code class="mk-code">${escapeHtml(decodeEntities(code))}</code>`));
  s = s.replace(/<([^<>\n]+)>/g, (_, inner: string) => hold(renderAngleToken(inner, options)));

  s = escapeHtml(decodeEntities(s));
  s = replaceEmojiShortcodes(s);
  s = s.replace(BOLD, (_, before: string, inner: string) => `${before}<strong>${inner}</strong>`);
  s = s.replace(ITALIC, (_, before: string, inner: string) => `${before}<em>${inner}</em>`);
  s = s.replace(STRIKE, (_, before: string, inner: string) => `${before}<del>${inner}</del>`);
  s = quoteBlocks(s);
  s = s.replace(/\n/g, '<br>');
  // Holes can nest (a held link inside held text is not possible today, but be safe).
  for (let i = 0; i < 3 && HOLE.test(s); i++) s = s.replace(HOLE, (_, n: string) => held[Number(n)] ?? '');
  return s;
}

/** `&lt;` `&gt;` `&amp;` back to characters; they are escaped again for HTML right after. */
export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** `<…>` tokens: links, mentions, broadcasts and dates. */
function renderAngleToken(inner: string, options: MrkdwnOptions): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : undefined;
  const text = (value: string) => escapeHtml(decodeEntities(value));

  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = options.users?.[id] ?? label ?? id;
    return `<span class="mk-mention" data-user-id="${escapeHtml(id)}">@${text(name)}</span>`;
  }
  if (target.startsWith('#')) return `<span class="mk-mention mk-channel">#${text(label ?? target.slice(1))}</span>`;
  if (target.startsWith('!')) {
    const [command = '', ...args] = target.slice(1).split('^');
    if (command === 'date') return renderDate(args, label, options);
    if (command === 'subteam') return `<span class="mk-mention">${text(label ?? `@${args[0] ?? 'group'}`)}</span>`;
    if (['here', 'channel', 'everyone'].includes(command)) return `<span class="mk-mention mk-broadcast">@${command}</span>`;
    return text(label ?? `<${target}>`);
  }
  const href = safeUrl(decodeEntities(target));
  if (!href) return text(label ?? target);
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${text(label ?? target)}</a>`;
}

function renderDate(args: string[], fallback: string | undefined, options: MrkdwnOptions): string {
  const [secondsText = '', format = '{date}', link] = args;
  const seconds = Number(secondsText);
  if (!/^\d+$/.test(secondsText) || !Number.isSafeInteger(seconds)) return escapeHtml(decodeEntities(fallback ?? ''));
  const shown = escapeHtml(formatSlackDate(seconds, decodeEntities(format), options));
  const iso = new Date(seconds * 1000).toISOString();
  const title = fallback ? ` title="${escapeHtml(decodeEntities(fallback))}"` : '';
  const time = `<time class="mk-date" datetime="${iso}"${title}>${shown}</time>`;
  const href = link ? safeUrl(decodeEntities(link)) : undefined;
  return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${time}</a>` : time;
}

/** Lines starting with `>` become one blockquote per run of lines; `>>>` quotes the rest. */
function quoteBlocks(html: string): string {
  const rest = html.match(/(^|\n)&gt;&gt;&gt;\s?/);
  if (rest && rest.index !== undefined) {
    const head = html.slice(0, rest.index + rest[1]!.length);
    const tail = html.slice(rest.index + rest[0].length);
    return `${quoteLines(head)}<blockquote class="mk-quote">${tail}</blockquote>`;
  }
  return quoteLines(html);
}

function quoteLines(html: string): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length > 0) out.push(`<blockquote class="mk-quote">${quote.join('\n')}</blockquote>`);
    quote = [];
  };
  for (const line of html.split('\n')) {
    const m = line.match(/^&gt;\s?(.*)$/);
    if (m) quote.push(m[1]!);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  // Joining a blockquote to the next line with "\n" would add an empty line after it.
  return out.join('\n').replace(/<\/blockquote>\n/g, '</blockquote>');
}

/** Plain text as Slack shows a plain_text object: escaped, with emoji when `emoji` is not false. */
export function renderPlainTextHtml(text: string, emoji = true): string {
  const escaped = escapeHtml(text).replace(/\n/g, '<br>');
  return emoji ? replaceEmojiShortcodes(escaped) : escaped;
}
