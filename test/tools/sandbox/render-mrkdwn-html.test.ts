import { describe, expect, it } from 'vitest';
import { formatSlackDate } from '../../../src/tools/sandbox/format-slack-date.ts';
import { renderMrkdwnHtml } from '../../../src/tools/sandbox/render-mrkdwn-html.ts';

const utc = { timeZone: 'UTC', now: new Date('2014-02-18T20:00:00Z') };

describe('renderMrkdwnHtml', () => {
  it('renders bold, italic, strike, inline code and code blocks', () => {
    // Act
    const html = renderMrkdwnHtml('*Cause:* _likely_ ~maybe~ `timeout`\n```\nline <1>\n```');

    // Assess
    expect(html).toBe(
      '<strong>Cause:</strong> <em>likely</em> <del>maybe</del> <code class="mk-code">timeout</code><br><pre class="mk-pre">line &lt;1&gt;</pre>',
    );
  });

  it('leaves markers inside words alone, as Slack does', () => {
    expect(renderMrkdwnHtml('snake_case_name and 2*3*4 and a*b')).toBe('snake_case_name and 2*3*4 and a*b');
  });

  it('does not format inside code', () => {
    expect(renderMrkdwnHtml('`*not bold*`')).toBe('<code class="mk-code">*not bold*</code>');
  });

  it('decodes the entities senders must use and escapes them again for HTML', () => {
    // Prepare: what escapeMrkdwn makes of a log line holding markup
    const text = 'status &lt;script&gt;alert(1)&lt;/script&gt; &amp; "quoted" \'single\'';

    // Act
    const html = renderMrkdwnHtml(text);

    // Assess
    expect(html).toBe('status &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;');
    expect(html).not.toContain('<script');
  });

  it('never lets raw angle brackets through, even when the sender forgot to escape them', () => {
    const html = renderMrkdwnHtml('<script>alert(1)</script> <img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<(script|img)/);
    expect(html).not.toContain('href');
  });

  it('renders links with labels, bare links and refuses unsafe schemes', () => {
    // Act
    const labelled = renderMrkdwnHtml('<https://console.aws.amazon.com/?a=1&amp;b=2|the &lt;console&gt;>');
    const bare = renderMrkdwnHtml('<https://example.com/x>');
    const unsafe = renderMrkdwnHtml('<javascript:alert(1)|click me>');

    // Assess
    expect(labelled).toBe('<a href="https://console.aws.amazon.com/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">the &lt;console&gt;</a>');
    expect(bare).toBe('<a href="https://example.com/x" target="_blank" rel="noopener noreferrer">https://example.com/x</a>');
    expect(unsafe).toBe('click me');
  });

  it('escapes quotes in a link so they cannot close the attribute', () => {
    const html = renderMrkdwnHtml('<https://example.com/"onmouseover="alert(1)|x>');
    expect(html).not.toContain('"onmouseover');
    expect(html).toContain('href="https://example.com/%22onmouseover=%22alert(1)"');
  });

  it('renders formatting around a link', () => {
    expect(renderMrkdwnHtml('*<https://x.example|runbook>*')).toBe(
      '<strong><a href="https://x.example/" target="_blank" rel="noopener noreferrer">runbook</a></strong>',
    );
  });

  it('renders user, channel, group and broadcast mentions', () => {
    // Act
    const html = renderMrkdwnHtml('<@U0ONCALL> <@U0OTHER> <#C0INCIDENT|incident-502> <!subteam^S0ONCALL|@oncall-team> <!here>', {
      users: { U0ONCALL: 'oncall' },
    });

    // Assess
    expect(html).toBe(
      '<span class="mk-mention" data-user-id="U0ONCALL">@oncall</span> <span class="mk-mention" data-user-id="U0OTHER">@U0OTHER</span> ' +
        '<span class="mk-mention mk-channel">#incident-502</span> <span class="mk-mention">@oncall-team</span> <span class="mk-mention mk-broadcast">@here</span>',
    );
  });

  it('renders date tokens in the reader time zone, keeping the fallback as a title', () => {
    // Act
    const html = renderMrkdwnHtml('<!date^1392734382^{date_short} at {time}|2014-02-18 14:39 UTC>', utc);

    // Assess
    expect(html).toBe('<time class="mk-date" datetime="2014-02-18T14:39:42.000Z" title="2014-02-18 14:39 UTC">Feb 18, 2014 at 2:39 PM</time>');
  });

  it('shows the fallback of a date token it cannot read', () => {
    expect(renderMrkdwnHtml('<!date^soon^{date}|some day &lt;x&gt;>')).toBe('some day &lt;x&gt;');
  });

  it('renders quotes and emoji shortcodes', () => {
    expect(renderMrkdwnHtml('&gt; first\n&gt; second\nafter :white_check_mark: :not_an_emoji:')).toBe(
      '<blockquote class="mk-quote">first<br>second</blockquote>after ✅ :not_an_emoji:',
    );
  });

  it('strips characters that could forge its internal placeholders', () => {
    expect(renderMrkdwnHtml('a\uE0000\uE001b `c`')).toBe('a0b <code class="mk-code">c</code>');
  });
});

describe('formatSlackDate', () => {
  const ts = 1392734382; // 2014-02-18 14:39:42 UTC, a Tuesday

  it('formats every token Slack documents', () => {
    expect(formatSlackDate(ts, '{date_num}|{date}|{date_short}|{date_long}|{time}|{time_secs}', utc)).toBe(
      '2014-02-18|February 18th, 2014|Feb 18, 2014|Tuesday, February 18th, 2014|2:39 PM|2:39:42 PM',
    );
  });

  it('says today, yesterday and tomorrow in the pretty forms', () => {
    expect(formatSlackDate(ts, '{date_pretty}', utc)).toBe('today');
    expect(formatSlackDate(ts - 86_400, '{date_short_pretty}', utc)).toBe('yesterday');
    expect(formatSlackDate(ts + 86_400, '{date_long_pretty}', utc)).toBe('tomorrow');
    expect(formatSlackDate(ts - 3 * 86_400, '{date_short_pretty}', utc)).toBe('Feb 15, 2014');
  });

  it('says how long ago', () => {
    expect(formatSlackDate(ts, '{ago}', utc)).toBe('5 hours ago');
  });

  it('uses the reader time zone for the day', () => {
    expect(formatSlackDate(ts, '{date_num} {time}', { timeZone: 'Pacific/Auckland' })).toBe('2014-02-19 3:39 AM');
  });
});
