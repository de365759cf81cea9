/**
 * Live mentions and links in what the bot sent to Slack: the text Slack parses (a message's
 * top-level `text`, mrkdwn and markdown objects, every earlier edit, file titles). plain_text
 * objects and raw_text table cells are shown as written and never notify anyone, so they are not
 * counted; neither is an escaped marker (`&lt;!channel&gt;`), which Slack shows as text.
 *
 * @example
 * countRawMentions(slack.state.messages(), ['<!channel>']); // { count: 0, samples: [] } when all was escaped
 */
import type { StoredMessage } from '../slack-web-api/local-slack-state.ts';

const SHOWN_AS_WRITTEN = new Set(['plain_text', 'raw_text']);

export interface RawMentions {
  count: number;
  /** For each marker found, the text around its first occurrence (to find where it came from). */
  samples: string[];
}

export function countRawMentions(messages: readonly Pick<StoredMessage, 'text' | 'blocks' | 'edits' | 'files'>[], markers: readonly string[]): RawMentions {
  const parsed: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const obj = value as { type?: string; text?: unknown };
      if (typeof obj.text === 'string' && !SHOWN_AS_WRITTEN.has(obj.type ?? '')) parsed.push(obj.text);
      for (const [key, v] of Object.entries(value)) if (key !== 'text' || typeof v !== 'string') walk(v);
    }
  };
  for (const message of messages) {
    parsed.push(message.text, ...message.edits.map((e) => e.text));
    walk(message.blocks ?? []);
    for (const edit of message.edits) walk(edit.blocks ?? []);
    for (const file of message.files as Array<{ title?: string }>) parsed.push(file.title ?? '');
  }
  const all = parsed.join('\n');
  const samples = markers.filter((m) => all.includes(m)).map((m) => all.slice(Math.max(0, all.indexOf(m) - 200), all.indexOf(m) + 40));
  return { count: markers.reduce((n, marker) => n + all.split(marker).length - 1, 0), samples };
}
