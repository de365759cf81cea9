/**
 * Escapes the three characters Slack's mrkdwn treats as control characters. Anything that came
 * from AWS (log lines, resource names, change summaries) or a runbook goes through it, so a log
 * line holding `<html>` or `a & b` shows as written instead of breaking the message.
 *
 * @example
 * escapeMrkdwn('status <502> & retry'); // 'status &lt;502&gt; &amp; retry'
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text shown as inline code: one line, escaped, and with backticks swapped for a look-alike so a
 * backtick in a log line cannot end the code span early.
 */
export function inlineCode(text: string): string {
  const clean = escapeMrkdwn(text.replace(/\s+/g, ' ').trim()).replace(/`/g, 'ˋ');
  return clean.length > 0 ? `\`${clean}\`` : '';
}
