import { describe, expect, it } from 'vitest';
import { renderMessageHtml, toMessageView } from '../../../src/tools/sandbox/render-message-html.ts';
import type { StoredFile, StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';

const fileUrl = (file: StoredFile) => `/files/${file.id}/${file.name}`;

function message(overrides: Partial<StoredMessage> = {}): StoredMessage {
  return {
    channel: 'C0INCIDENT',
    ts: '1795324073.106000',
    user: 'U0DIAGBOT',
    text: 'fallback',
    edits: [],
    files: [],
    via: 'chat.postMessage',
    postedAt: '2026-11-22T05:07:53.000Z',
    ...overrides,
  };
}

describe('renderMessageHtml', () => {
  it('shows the blocks when there are any, and the text (as mrkdwn) otherwise', () => {
    // Act
    const withBlocks = renderMessageHtml(message({ blocks: [{ type: 'divider' }] }), { fileUrl });
    const textOnly = renderMessageHtml(message({ text: '*Usage:* `/diagnose-502 <api-id>`' }), { fileUrl });

    // Assess
    expect(withBlocks).toBe('<hr class="bk-block bk-divider">');
    expect(textOnly).toBe('<div class="msg-text"><strong>Usage:</strong> <code class="mk-code">/diagnose-502 &lt;api-id&gt;</code></div>');
  });

  it('shows an uploaded chart inline', () => {
    // Prepare
    const chart: StoredFile = {
      id: 'F0CHART',
      name: '5xx-k7x2m9q4ta-prod-run1.png',
      title: '5xx per minute',
      length: 4,
      bytes: Buffer.from([137, 80, 78, 71]),
    };

    // Act
    const html = renderMessageHtml(message({ text: '', files: [chart] }), { fileUrl });

    // Assess
    expect(html).toBe(
      '<div class="msg-files"><figure class="file file--image" data-file-id="F0CHART"><figcaption class="file-title">5xx per minute</figcaption>' +
        '<a href="/files/F0CHART/5xx-k7x2m9q4ta-prod-run1.png" target="_blank" rel="noopener"><img class="file-img" src="/files/F0CHART/5xx-k7x2m9q4ta-prod-run1.png" alt="5xx per minute"></a></figure></div>',
    );
  });

  it('shows a text file as a card with an escaped preview', () => {
    // Prepare
    const summary: StoredFile = {
      id: 'F0SUM',
      name: 'incident-summary.md',
      title: 'Incident <summary>',
      length: 32,
      bytes: Buffer.from('# Summary\n<script>alert(1)</script>'),
    };

    // Act
    const html = renderMessageHtml(message({ text: '', files: [summary] }), { fileUrl });

    // Assess
    expect(html).toContain('<a class="file-title" href="/files/F0SUM/incident-summary.md" target="_blank" rel="noopener">Incident &lt;summary&gt;</a>');
    expect(html).toContain('<span class="file-sub">incident-summary.md · 35 B</span>');
    expect(html).toContain('<pre># Summary\n&lt;script&gt;alert(1)&lt;/script&gt;</pre>');
    expect(html).not.toContain('<script>');
  });
});

describe('toMessageView', () => {
  it('keeps what the page needs: thread, ephemeral flag, edit count and HTML', () => {
    // Prepare
    const stored = message({ threadTs: '1795324073.000001', ephemeralFor: 'U0ONCALL', edits: [{ at: 'x', text: 'old' }], text: 'hi <@U0ONCALL>' });

    // Act
    const view = toMessageView(stored, { fileUrl, users: { U0ONCALL: 'oncall' } });

    // Assess
    expect(view).toEqual({
      channel: 'C0INCIDENT',
      ts: '1795324073.106000',
      threadTs: '1795324073.000001',
      user: 'U0DIAGBOT',
      ephemeralFor: 'U0ONCALL',
      postedAt: '2026-11-22T05:07:53.000Z',
      via: 'chat.postMessage',
      edits: 1,
      text: 'hi <@U0ONCALL>',
      html: '<div class="msg-text">hi <span class="mk-mention" data-user-id="U0ONCALL">@oncall</span></div>',
    });
  });
});
