import { describe, expect, it } from 'vitest';
import { ACTION_IDS, decodeButtonValue } from '../../../src/adapters/slack/action-ids.ts';
import { renderVerdictMessage } from '../../../src/adapters/slack/index.ts';
import { validateBlocks } from '../../../src/tools/block-kit-check/validate-blocks.ts';
import { CASE_NAMES, caseView } from './view-builders.ts';

interface AnyBlock {
  type: string;
  text?: { text: string } | string;
  elements?: Array<{ type: string; action_id?: string; value?: string; style?: string; text?: { text: string } }>;
}

const buttonsOf = (blocks: unknown[]) => (blocks as AnyBlock[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
const textOf = (blocks: unknown[]) =>
  (blocks as AnyBlock[]).map((b) => (typeof b.text === 'string' ? b.text : (b.text?.text ?? JSON.stringify(b.elements ?? '')))).join('\n');

describe('renderVerdictMessage', () => {
  it.each(CASE_NAMES)('names the %s verdict with the CLI word', (name) => {
    // Prepare
    const view = caseView(name);
    const cause = view.report!.verdict.cause;

    // Act
    const message = renderVerdictMessage(view);

    // Assess
    expect(cause).toBe(name);
    expect(textOf(message.blocks)).toContain(`*Cause:* \`${cause}\``);
    expect(message.text).toContain(`: ${cause}`);
    expect(validateBlocks(message.blocks)).toEqual([]);
  });

  it('shows decisive evidence for and against, what would confirm, fix, verify and traps', () => {
    // Prepare
    const view = caseView('network');

    // Act: the section form, sent where Slack refuses markdown blocks
    const text = textOf(renderVerdictMessage(view).fallbackBlocks ?? []);

    // Assess
    expect(text).toContain('*1. network*');
    expect(text).toContain('✚ [config] 3 of 3 targets behind VPC link vl0abc are unhealthy');
    expect(text).toMatch(/\*2\. timeout\*[\s\S]*− \[config\] the timeouts are explained by the network path/);
    expect(text).toContain('❔ _to confirm:_ the VPC link is AVAILABLE');
    expect(text).toContain('🔧 *How to fix*');
    expect(text).toContain('`aws apigateway get-vpc-links --region us-east-1`');
    expect(text).toContain('--target-group-arn &lt;target-group-arn&gt;');
    expect(text).toContain('✅ *How to verify*');
    expect(text).toContain('⚠️ *Avoid*');
    expect(text).toContain('Opening the security group to 0.0.0.0/0');
  });

  it('offers the four buttons with encoded values, Not-this carrying the leader', () => {
    // Act
    const buttons = buttonsOf(renderVerdictMessage(caseView('permission')).blocks);

    // Assess
    expect(buttons.map((b) => [b.text?.text, b.action_id, b.style])).toEqual([
      ['Re-check now', ACTION_IDS.recheck, undefined],
      ['Verify fix', ACTION_IDS.verifyFix, 'primary'],
      ['Summary', ACTION_IDS.summary, undefined],
      ['Not this, next hypothesis', ACTION_IDS.rejectHypothesis, 'danger'],
    ]);
    expect(decodeButtonValue(buttons[0]!.value)).toEqual({ diagnosisId: 'd-0001', version: 3 });
    expect(decodeButtonValue(buttons[3]!.value)).toEqual({ diagnosisId: 'd-0001', version: 3, cause: 'permission' });
  });

  it('hides Not-this when no cause is named', () => {
    const none = buttonsOf(renderVerdictMessage(caseView('none')).blocks);
    expect(none.map((b) => b.action_id)).toEqual([ACTION_IDS.recheck, ACTION_IDS.verifyFix, ACTION_IDS.summary]);
    expect(textOf(renderVerdictMessage(caseView('none')).fallbackBlocks ?? [])).toContain('🔧 *If clients still report errors*');
    expect(textOf(renderVerdictMessage(caseView('none')).blocks)).toContain('**🔧 If clients still report errors**');
  });

  it('puts the runbook guidance in one markdown block, escaped for Markdown, code spans kept', () => {
    // Prepare
    const view = caseView('network');

    // Act
    const message = renderVerdictMessage(view);

    // Assess
    const blocks = message.blocks as AnyBlock[];
    const markdown = blocks.filter((b) => b.type === 'markdown') as unknown as Array<{ text: string }>;
    expect(markdown).toHaveLength(1);
    const text = markdown[0]!.text;
    expect(text).toMatch(/^\*\*🔧 How to fix\*\*\n\n1\. /);
    expect(text).toContain('`aws apigateway get-vpc-links --region us-east-1`');
    // Inside a code span Markdown shows the text as written: no entities there.
    expect(text).toContain('--target-group-arn <target-group-arn>');
    expect(text).toContain('**✅ How to verify**');
    expect(text).toContain('**⚠️ Avoid**\n\n- ');
    expect(text).toContain('Opening the security group to 0.0.0.0/0');
    // The sections it replaces are not sent as well.
    expect(textOf(message.blocks)).not.toContain('🔧 *How to fix*');
    expect(validateBlocks(message.blocks)).toEqual([]);
    expect(validateBlocks(message.fallbackBlocks)).toEqual([]);
    expect(buttonsOf(message.blocks)).toEqual(buttonsOf(message.fallbackBlocks ?? []));
  });

  it('shows the verification instead of buttons once resolved', () => {
    // Prepare
    const base = caseView('timeout');
    const view = {
      ...base,
      phase: 'resolved' as const,
      report: {
        ...base.report!,
        verification: {
          at: '2026-11-22T10:30:00.000Z',
          by: 'U777',
          verified: true,
          errors5xxSinceFix: 0,
          requestsSinceFix: 4200,
          baselineRate: 0,
          summary: '5xx back at the baseline since 10:20',
        },
      },
    };

    // Act
    const message = renderVerdictMessage(view);

    // Assess
    expect(buttonsOf(message.blocks)).toEqual([]);
    const text = textOf(message.blocks);
    expect(text).toContain('✅ *Fix verified* (asked by <@U777>) — 5xx back at the baseline since 10:20');
    expect(text).toContain('0 5xx of 4,200 requests since the fix');
    expect(JSON.stringify(message.blocks)).toContain('✅ Verified fixed by <@U777>');
  });

  it('waits without buttons while re-checking', () => {
    const message = renderVerdictMessage(caseView('timeout', { phase: 'collecting' }));
    expect(buttonsOf(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('Re-checking the evidence');
  });
});
