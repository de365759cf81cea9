import { describe, expect, it } from 'vitest';
import { countRawMentions } from '../../../src/tools/faults/count-raw-mentions.ts';

const MARKERS = ['<!channel>', '<@U0EVIL>', '<https://evil.example|'];

function message(parts: { text?: string; blocks?: unknown[]; edits?: Array<{ text: string; blocks?: unknown[] }>; files?: Array<{ title: string }> }) {
  return {
    text: parts.text ?? 'fine',
    ...(parts.blocks ? { blocks: parts.blocks } : {}),
    edits: (parts.edits ?? []).map((e) => ({ at: '2026-12-07T10:00:00Z', ...e })),
    files: (parts.files ?? []) as never[],
  };
}

describe('countRawMentions', () => {
  it('counts markers wherever Slack parses the text: top-level text, mrkdwn and markdown, earlier edits, file titles', () => {
    const found = countRawMentions(
      [
        message({ text: 'ping <!channel>' }),
        message({
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: 'by <@U0EVIL>' } },
            { type: 'markdown', text: '<!channel>' },
          ],
        }),
        message({ edits: [{ text: '<https://evil.example|click>' }] }),
        message({ files: [{ title: 'summary <@U0EVIL>' }] }),
      ],
      MARKERS,
    );
    expect(found.count).toBe(5);
    expect(found.samples).toHaveLength(3);
  });

  it('does not count text Slack shows as written, nor escaped markers', () => {
    const found = countRawMentions(
      [
        message({
          text: 'ping &lt;!channel&gt; and &lt;@U0EVIL&gt;',
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: '<!channel>' } },
            { type: 'table', rows: [[{ type: 'raw_text', text: '<@U0EVIL>' }]] },
          ],
        }),
      ],
      MARKERS,
    );
    expect(found).toEqual({ count: 0, samples: [] });
  });
});
