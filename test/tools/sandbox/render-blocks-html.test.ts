import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderBlocksHtml } from '../../../src/tools/sandbox/render-blocks-html.ts';
import { renderChecklistMessage, renderEvidenceMessage, renderParentMessage, renderVerdictMessage } from '../../../src/adapters/slack/index.ts';
import { CASE_NAMES, caseView } from '../../adapters/slack/view-builders.ts';

const XSS = '<img src=x onerror="alert(1)">';

describe('renderBlocksHtml', () => {
  it('renders a header as escaped plain text with emoji', () => {
    // Act
    const html = renderBlocksHtml([{ type: 'header', text: { type: 'plain_text', text: `Verdict :rotating_light: ${XSS}`, emoji: true } }]);

    // Assess
    expect(html).toBe('<div class="bk-block bk-header">Verdict 🚨 &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</div>');
  });

  it('renders a section with mrkdwn text, fields and a button accessory', () => {
    // Prepare
    const block = {
      type: 'section',
      block_id: 'summary',
      text: { type: 'mrkdwn', text: '*Cause:* `timeout`' },
      fields: [
        { type: 'mrkdwn', text: '*5xx*\n1,710' },
        { type: 'plain_text', text: 'p99 *29 s*' },
      ],
      accessory: { type: 'button', action_id: 'd502_recheck', value: 'v1', text: { type: 'plain_text', text: 'Re-check' } },
    };

    // Act
    const html = renderBlocksHtml([block]);

    // Assess
    expect(html).toBe(
      '<div class="bk-block bk-section"><div class="bk-section-body">' +
        '<div class="bk-text"><strong>Cause:</strong> <code class="mk-code">timeout</code></div>' +
        '<div class="bk-fields"><div class="bk-field"><strong>5xx</strong><br>1,710</div><div class="bk-field">p99 *29 s*</div></div></div>' +
        '<div class="bk-accessory"><button type="button" class="bk-button" data-type="button" data-action-id="d502_recheck" data-block-id="summary" data-value="v1" data-text="Re-check">Re-check</button></div></div>',
    );
  });

  it('renders context elements, text and images, and a divider', () => {
    // Act
    const html = renderBlocksHtml([
      {
        type: 'context',
        elements: [
          { type: 'image', image_url: 'https://example.com/i.png', alt_text: 'aws' },
          { type: 'mrkdwn', text: '_diagnose-502_' },
        ],
      },
      { type: 'divider' },
    ]);

    // Assess
    expect(html).toBe(
      '<div class="bk-block bk-context"><img class="bk-context-img" src="https://example.com/i.png" alt="aws"><span class="bk-context-text"><em>diagnose-502</em></span></div>' +
        '<hr class="bk-block bk-divider">',
    );
  });

  it('renders an image block with its title, and refuses a script URL', () => {
    // Act
    const good = renderBlocksHtml([
      { type: 'image', image_url: 'https://example.com/chart.png?a=1&b="2"', alt_text: `chart ${XSS}`, title: { type: 'plain_text', text: '5xx per minute' } },
    ]);
    const bad = renderBlocksHtml([{ type: 'image', image_url: 'javascript:alert(1)', alt_text: 'chart' }]);

    // Assess
    expect(good).toBe(
      '<figure class="bk-block bk-image"><div class="bk-image-title">5xx per minute</div>' +
        '<img class="bk-image-img" src="https://example.com/chart.png?a=1&amp;b=%222%22" alt="chart &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" loading="lazy"></figure>',
    );
    expect(bad).toBe('<figure class="bk-block bk-image"><div class="bk-image-missing">chart</div></figure>');
  });

  it('renders actions with primary and danger buttons, escaping values and falling back to a block id', () => {
    // Act
    const html = renderBlocksHtml([
      { type: 'divider' },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'verify', style: 'primary', value: '{"id":"d-1","v":2}', text: { type: 'plain_text', text: 'Verify fix' } },
          { type: 'button', action_id: 'reject', style: 'danger', value: `"><script>`, text: { type: 'plain_text', text: 'Not this' } },
          { type: 'button', action_id: 'docs', url: 'https://docs.aws.amazon.com/apigateway/', text: { type: 'plain_text', text: 'Docs' } },
        ],
      },
    ]);

    // Assess
    expect(html).toContain('<div class="bk-block bk-actions" data-block-id="blk-1">');
    expect(html).toContain(
      'class="bk-button bk-button--primary" data-type="button" data-action-id="verify" data-block-id="blk-1" data-value="{&quot;id&quot;:&quot;d-1&quot;,&quot;v&quot;:2}"',
    );
    expect(html).toContain(
      'class="bk-button bk-button--danger" data-type="button" data-action-id="reject" data-block-id="blk-1" data-value="&quot;&gt;&lt;script&gt;"',
    );
    expect(html).toContain(
      '<a class="bk-button" data-type="button" data-action-id="docs" data-block-id="blk-1" data-text="Docs" href="https://docs.aws.amazon.com/apigateway/" target="_blank"',
    );
    expect(html).not.toContain('<script');
  });

  it('renders a static select with its placeholder, option groups and initial option', () => {
    // Act
    const html = renderBlocksHtml([
      {
        type: 'actions',
        block_id: 'pick',
        elements: [
          {
            type: 'static_select',
            action_id: 'd502_choose_api',
            placeholder: { type: 'plain_text', text: 'Which API?' },
            option_groups: [
              {
                label: { type: 'plain_text', text: 'us-east-1' },
                options: [{ text: { type: 'plain_text', text: 'orders-api prod' }, value: 'k7x2m9q4ta:prod' }],
              },
              { label: { type: 'plain_text', text: 'eu-west-1' }, options: [{ text: { type: 'plain_text', text: '<b>x</b>' }, value: 'a"b' }] },
            ],
            initial_option: { text: { type: 'plain_text', text: 'orders-api prod' }, value: 'k7x2m9q4ta:prod' },
          },
        ],
      },
    ]);

    // Assess
    expect(html).toBe(
      '<div class="bk-block bk-actions" data-block-id="pick"><select class="bk-select bk-select--static_select" data-type="static_select" data-action-id="d502_choose_api" data-block-id="pick">' +
        '<option value="" disabled>Which API?</option>' +
        '<optgroup label="us-east-1"><option value="k7x2m9q4ta:prod" selected>orders-api prod</option></optgroup>' +
        '<optgroup label="eu-west-1"><option value="a&quot;b">&lt;b&gt;x&lt;/b&gt;</option></optgroup></select></div>',
    );
  });

  it('renders an overflow menu as a select and other elements as inert placeholders', () => {
    // Act
    const html = renderBlocksHtml([
      {
        type: 'actions',
        block_id: 'more',
        elements: [
          { type: 'overflow', action_id: 'menu', options: [{ text: { type: 'plain_text', text: 'Summary' }, value: 'summary' }] },
          { type: 'datepicker', action_id: 'when', placeholder: { type: 'plain_text', text: 'Pick a <date>' } },
        ],
      },
    ]);

    // Assess
    expect(html).toContain(
      '<select class="bk-select bk-select--overflow" data-type="overflow" data-action-id="menu" data-block-id="more"><option value="" disabled selected>⋯</option><option value="summary">Summary</option></select>',
    );
    expect(html).toContain('<span class="bk-element-unsupported" title="datepicker is not interactive in the sandbox">Pick a &lt;date&gt;</span>');
  });

  it('renders rich_text sections, lists and preformatted text with styles', () => {
    // Act
    const html = renderBlocksHtml([
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'Fix ', style: { bold: true } },
              { type: 'link', url: 'https://x.example', text: 'here' },
              { type: 'emoji', name: 'wrench' },
            ],
          },
          { type: 'rich_text_list', style: 'ordered', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: '<one>' }] }] },
          { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'aws logs tail' }] },
        ],
      },
    ]);

    // Assess
    expect(html).toBe(
      '<div class="bk-block bk-rich-text"><div class="rt-section"><strong>Fix </strong><a href="https://x.example/" target="_blank" rel="noopener noreferrer">here</a>🔧</div>' +
        '<ol class="rt-list"><li>&lt;one&gt;</li></ol><pre class="mk-pre">aws logs tail</pre></div>',
    );
  });

  it('shows unknown blocks as such and ignores what is not a block list', () => {
    expect(renderBlocksHtml([{ type: 'video<x>' }, 42, null])).toBe(
      '<div class="bk-block bk-unsupported">Unsupported block: video&lt;x&gt;</div><div class="bk-block bk-unsupported">Unsupported block: (not an object)</div><div class="bk-block bk-unsupported">Unsupported block: (not an object)</div>',
    );
    expect(renderBlocksHtml('not blocks')).toBe('');
  });

  it('never throws and never emits markup from the data, whatever shape the blocks have', () => {
    // Any JSON value in any field: the output may only contain tags the renderer writes itself.
    const ownTags =
      /^<\/?(div|span|strong|em|del|code|pre|br|hr|blockquote|a|img|figure|button|select|option|optgroup|time|ol|ul|li|p|h[3-6]|table|thead|tbody|tr|th|td)[\s>]/;
    const block = fc.record({
      type: fc.constantFrom('header', 'section', 'context', 'divider', 'image', 'actions', 'rich_text', 'markdown', 'table', 'x'),
      text: fc.oneof(fc.string(), fc.record({ type: fc.constantFrom('mrkdwn', 'plain_text'), text: fc.string() }), fc.anything()),
      fields: fc.oneof(fc.array(fc.record({ type: fc.constantFrom('mrkdwn', 'plain_text'), text: fc.string() })), fc.anything()),
      elements: fc.oneof(
        fc.array(
          fc.record({
            type: fc.constantFrom('button', 'static_select', 'image', 'mrkdwn', 'text', 'link'),
            text: fc.anything(),
            value: fc.anything(),
            url: fc.string(),
          }),
        ),
        fc.anything(),
      ),
      image_url: fc.string(),
      alt_text: fc.anything(),
      rows: fc.oneof(
        fc.array(
          fc.array(fc.oneof(fc.record({ type: fc.constantFrom('raw_text', 'rich_text'), text: fc.anything(), elements: fc.anything() }), fc.anything())),
        ),
        fc.anything(),
      ),
      column_settings: fc.oneof(fc.array(fc.record({ align: fc.anything(), is_wrapped: fc.anything() })), fc.anything()),
    });
    fc.assert(
      fc.property(fc.array(block), (blocks) => {
        const html = renderBlocksHtml(blocks);
        for (const tag of html.match(/<[^>]*>/g) ?? []) expect(tag).toMatch(ownTags);
      }),
      { numRuns: 300 },
    );
  });

  it('renders every message the bot sends without an unsupported block', () => {
    for (const name of CASE_NAMES) {
      const view = caseView(name);
      for (const message of [renderParentMessage(view), renderEvidenceMessage(view), renderVerdictMessage(view), renderChecklistMessage(view, 'direct-call')]) {
        const html = renderBlocksHtml(message.blocks);
        expect(html, `${name}: ${message.text}`).not.toContain('bk-unsupported');
        expect(html.length).toBeGreaterThan(100);
      }
    }
  });
});
