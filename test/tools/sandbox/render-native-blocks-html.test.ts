/** The sandbox draws table and markdown blocks and streamed plans, escaping everything the bot sent. */
import { describe, expect, it } from 'vitest';
import { renderEvidenceMessage, renderVerdictMessage } from '../../../src/adapters/slack/index.ts';
import { renderBlocksHtml } from '../../../src/tools/sandbox/render-blocks-html.ts';
import { renderMarkdownHtml } from '../../../src/tools/sandbox/render-markdown-html.ts';
import { renderMessageHtml } from '../../../src/tools/sandbox/render-message-html.ts';
import { threadReplyEvents } from '../../../src/tools/sandbox/build-event-callback.ts';
import { caseView } from '../../adapters/slack/view-builders.ts';

const fileUrl = () => '/files/x';

describe('renderMarkdownHtml', () => {
  it('draws headings, lists, emphasis, code and http links', () => {
    const html = renderMarkdownHtml('# Fix\n\n**How to fix**\n\n1. Run `aws x --y <arn>`\n2. Wait _a bit_\n\n- see [docs](https://docs.aws.amazon.com/x)');
    expect(html).toBe(
      '<h3 class="md-heading">Fix</h3><p><strong>How to fix</strong></p>' +
        '<ol class="md-list"><li>Run <code class="mk-code">aws x --y &lt;arn&gt;</code></li><li>Wait <em>a bit</em></li></ol>' +
        '<ul class="md-list"><li>see <a href="https://docs.aws.amazon.com/x" target="_blank" rel="noopener noreferrer">docs</a></li></ul>',
    );
  });

  it('shows escaped characters and entities as text, never as markup or script', () => {
    const html = renderMarkdownHtml('\\*not bold\\* &lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('*not bold*');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('renderBlocksHtml for the newer block types', () => {
  it('draws a table with its titles, alignment and wrapping, cells escaped', () => {
    const html = renderBlocksHtml([
      {
        type: 'table',
        column_settings: [{ align: 'left' }, { align: 'right', is_wrapped: true }],
        rows: [
          [
            { type: 'raw_text', text: 'Who' },
            { type: 'raw_text', text: 'When' },
          ],
          [
            { type: 'raw_text', text: '<b>alice</b>' },
            { type: 'raw_text', text: '10 min' },
          ],
        ],
      },
    ]);
    expect(html).toBe(
      '<div class="bk-block bk-table-wrap"><table class="bk-table"><thead><tr><th class="bk-cell">Who</th><th class="bk-cell bk-cell--right bk-cell--wrap">When</th></tr></thead>' +
        '<tbody><tr><td class="bk-cell">&lt;b&gt;alice&lt;/b&gt;</td><td class="bk-cell bk-cell--right bk-cell--wrap">10 min</td></tr></tbody></table></div>',
    );
  });

  it("draws the bot's evidence table and verdict guidance instead of placeholders", () => {
    const evidence = renderBlocksHtml(renderEvidenceMessage(caseView('network')).blocks);
    const verdict = renderBlocksHtml(renderVerdictMessage(caseView('network')).blocks);
    expect(evidence).toMatch(/<th class="bk-cell[^"]*">Time \(UTC\)<\/th>/);
    expect(verdict).toContain('<strong>🔧 How to fix</strong>');
    expect(verdict).toMatch(/<ol class="md-list"><li>/);
    expect(evidence + verdict).not.toContain('bk-unsupported');
  });
});

describe('renderMessageHtml for a streamed plan', () => {
  it('shows the title and each task with its status and figure, and says when the stream is open', () => {
    const html = renderMessageHtml(
      {
        text: 'ignored',
        files: [],
        stream: {
          state: 'streaming',
          taskDisplayMode: 'plan',
          planTitle: 'Diagnosing orders-api prod',
          markdown: '',
          appends: 1,
          tasks: [
            { id: 'metrics', title: 'Read the metrics', status: 'complete', output: '1,000 5xx of 12,000 requests' },
            { id: 'logs', title: 'Read the <logs>', status: 'in_progress' },
          ],
        },
      },
      { fileUrl },
    );
    expect(html).toContain('<div class="stream-title">Diagnosing orders-api prod</div>');
    expect(html).toContain('data-task-id="metrics" data-status="complete"');
    expect(html).toContain('<span class="task-output">1,000 5xx of 12,000 requests</span>');
    expect(html).toContain('<span class="task-title">Read the &lt;logs&gt;</span><span class="task-status">in progress</span>');
    expect(html).toContain('Streaming…');
  });
});

describe('threadReplyEvents', () => {
  it('sends an app_mention and a message event for a mention, only a message event otherwise', () => {
    const base = { channel: 'C0INCIDENT', user: 'U0ONCALL', ts: '2.000001', threadTs: '1.000001' };
    expect(threadReplyEvents({ ...base, text: '<@U0DIAGBOT> why not timeout?' }).map((e) => e['type'])).toEqual(['app_mention', 'message']);
    const [message] = threadReplyEvents({ ...base, text: 'why not timeout?' });
    expect(message).toMatchObject({ type: 'message', channel: 'C0INCIDENT', thread_ts: '1.000001', ts: '2.000001', user: 'U0ONCALL' });
  });
});
