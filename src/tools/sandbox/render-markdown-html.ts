/**
 * Standard Markdown to HTML for the `markdown` block, close enough to what Slack shows to review
 * a message: # headings, paragraphs, - and 1. lists, > quotes, fenced code, `code`, **bold**,
 * *italic* / _italic_, ~~strike~~ and [links](https://…). Backslash escapes and the `&amp;`
 * `&lt;` `&gt;` entities the bot writes show as the characters they stand for.
 *
 * The text came from the bot, filled with AWS data: it is HTML-escaped before any markup is
 * added, and only http(s)/mailto links become anchors.
 */
import { escapeHtml, safeUrl } from './escape-html.ts';
import { decodeEntities } from './render-mrkdwn-html.ts';

// Private-use characters mark held HTML (code, escaped characters, links); stripped from the input first.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const HOLE = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

/**
 * @example
 * renderMarkdownHtml('**How to fix**\n\n1. Run `aws elbv2 describe-target-health`');
 * // '<p><strong>How to fix</strong></p><ol class="md-list"><li>Run <code class="mk-code">aws elbv2 describe-target-health</code></li></ol>'
 */
export function renderMarkdownHtml(text: string): string {
  const lines = text
    .replace(/[\uE000\uE001]/g, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  let quote: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(inline).join('<br>')}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (list) out.push(`<${list.tag} class="md-list">${list.items.map((item) => `<li>${inline(item)}</li>`).join('')}</${list.tag}>`);
    list = undefined;
  };
  const flushQuote = () => {
    if (quote.length > 0) out.push(`<blockquote class="mk-quote">${quote.map(inline).join('<br>')}</blockquote>`);
    quote = [];
  };
  const flushAll = () => {
    flushParagraph();
    flushList();
    flushQuote();
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = line.match(/^\s*```/);
    if (fence) {
      flushAll();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]!); i++) code.push(lines[i]!);
      out.push(`<pre class="mk-pre">${escapeHtml(code.join('\n'))}</pre>`);
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    const bullet = line.match(/^\s*[-*+]\s+(.*)$/);
    const numbered = line.match(/^\s*\d{1,9}[.)]\s+(.*)$/);
    const quoted = line.match(/^\s*>\s?(.*)$/);
    if (line.trim() === '') flushAll();
    else if (heading) {
      flushAll();
      const level = Math.min(heading[1]!.length + 2, 6);
      out.push(`<h${level} class="md-heading">${inline(heading[2]!)}</h${level}>`);
    } else if (bullet || numbered) {
      flushParagraph();
      flushQuote();
      const tag = bullet ? 'ul' : 'ol';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else if (quoted) {
      flushParagraph();
      flushList();
      quote.push(quoted[1]!);
    } else if (list) {
      // A line right under a list item continues it.
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      flushQuote();
      paragraph.push(line);
    }
  }
  flushAll();
  return out.join('');
}

/** Inline Markdown of one line: code spans and escapes first, then links and emphasis. */
function inline(text: string): string {
  const held: string[] = [];
  const hold = (html: string) => `${OPEN}${held.push(html) - 1}${CLOSE}`;
  let s = text.replace(/`([^`]+)`/g, (_, code: string) => hold(`<code class="mk-code">${escapeHtml(code)}</code>`));
  s = s.replace(/\\([\\`*_~[\]()#|>+\-.!{}])/g, (_, c: string) => hold(escapeHtml(c)));
  s = escapeHtml(decodeEntities(s));
  s = s.replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, (whole, label: string, url: string) => {
    const href = safeUrl(url.replace(/&amp;/g, '&'));
    return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${label}</a>` : whole;
  });
  s = s.replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '<strong>$1</strong>');
  s = s.replace(/__(?=\S)(.+?)(?<=\S)__/g, '<strong>$1</strong>');
  s = s.replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '<del>$1</del>');
  s = s.replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)/g, '$1<em>$2</em>');
  s = s.replace(/(^|[^\w])_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, '$1<em>$2</em>');
  for (let i = 0; i < 3 && HOLE.test(s); i++) s = s.replace(HOLE, (_, n: string) => held[Number(n)] ?? '');
  return s;
}
