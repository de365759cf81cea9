import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../src/adapters/slack/escape-markdown.ts';

describe('escapeMarkdown', () => {
  it('turns Markdown and Slack control characters outside code into text', () => {
    expect(escapeMarkdown('raise *all* _timeouts_ ~now~ # [here](https://evil.example) | a & <b>')).toBe(
      'raise \\*all\\* \\_timeouts\\_ \\~now\\~ \\# \\[here\\](https://evil.example) \\| a &amp; &lt;b&gt;',
    );
  });

  it('cannot forge a mention, a broadcast or a link outside code', () => {
    const out = escapeMarkdown('<@U0ADMIN> <!channel> <#C0OPS> <https://evil.example|the runbook>');
    expect(out).not.toMatch(/<[@!#h]/);
    expect(out).toBe('&lt;@U0ADMIN&gt; &lt;!channel&gt; &lt;\\#C0OPS&gt; &lt;https://evil.example\\|the runbook&gt;');
  });

  it('keeps code spans as written, placeholders included, on one line', () => {
    expect(escapeMarkdown('run `aws elbv2 describe-target-health --target-group-arn <target-group-arn>\n--region *`')).toBe(
      'run `aws elbv2 describe-target-health --target-group-arn <target-group-arn> --region *`',
    );
  });

  it('neutralizes Slack mention and link syntax inside code spans', () => {
    const out = escapeMarkdown('`aws ec2 describe-security-groups --group-ids <@U0ADMIN> <!here> <#C0OPS> <https://evil.example|x>`');
    expect(out).toBe('`aws ec2 describe-security-groups --group-ids ‹@U0ADMIN> ‹!here> ‹#C0OPS> ‹https://evil.example|x>`');
  });

  it('treats an unmatched backtick as text', () => {
    expect(escapeMarkdown('a `b` c `d *e*')).toBe('a `b` c \\`d \\*e\\*');
  });
});
