/**
 * Escaping for Slack's `markdown` block, which takes standard Markdown rather than mrkdwn. Text
 * that came from AWS or a runbook keeps its meaning there: `&`, `<` and `>` become entities (read
 * the same by Slack's own escaping rules and by CommonMark), and the characters Markdown would
 * turn into emphasis, links, tables or headings get a backslash. Code spans (between backticks)
 * keep their content as written, as Markdown shows it, except the `<` that would open Slack's own
 * mention or link syntax (`<@U…>`, `<!channel>`, `<#C…>`, `<https://…|…>`), which becomes `‹`, so a
 * value filled into a runbook command cannot ping anyone or pass for a link. Placeholders such as
 * `<target-group-arn>` stay.
 *
 * @example
 * escapeMarkdown('raise *all* timeouts in `aws lambda update-function-configuration --timeout 30`');
 * // 'raise \\*all\\* timeouts in `aws lambda update-function-configuration --timeout 30`'
 */
export function escapeMarkdown(text: string): string {
  const parts = text.split('`');
  // An odd number of backticks leaves the last one unmatched: it is text, escaped with the rest.
  const closed = parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts.at(-2)}\`${parts.at(-1)}`];
  return closed.map((part, i) => (i % 2 === 1 ? `\`${escapeInsideCode(part)}\`` : escapeOutsideCode(part))).join('');
}

function escapeOutsideCode(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_~[\]|#])/g, '\\$1');
}

/** One line, and no `<` that opens a Slack mention, broadcast, channel or link. */
function escapeInsideCode(text: string): string {
  return text.replace(/\n/g, ' ').replace(/<(?=[@#!]|[a-z][a-z0-9+.-]*:)/gi, '‹');
}
