import { describe, expect, it } from 'vitest';
import { ACTION_IDS, ANSWER_STEP_PATTERN, decodeButtonValue } from '../../../src/adapters/slack/action-ids.ts';
import { renderChecklistMessage } from '../../../src/adapters/slack/index.ts';
import { validateBlocks } from '../../../src/tools/block-kit-check/validate-blocks.ts';
import { caseReport, RUNBOOK, viewOf } from './view-builders.ts';

interface AnyBlock {
  type: string;
  text?: { text: string };
  elements?: Array<{ type: string; action_id?: string; value?: string; text?: { text: string } }>;
}

const buttonsOf = (blocks: unknown[]) => (blocks as AnyBlock[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

describe('renderChecklistMessage', () => {
  it('shows the step, its how-to and a button per runbook answer plus Skip', () => {
    // Prepare
    const view = viewOf(caseReport('timeout'));

    // Act
    const message = renderChecklistMessage(view, 'direct-call');

    // Assess
    const first = (message.blocks[0] as AnyBlock).text!.text;
    expect(first).toContain(`*${RUNBOOK.checklist['direct-call'].title}*`);
    expect(first).toContain('--function-name checkout-fn'); // placeholder filled from the report
    const buttons = buttonsOf(message.blocks);
    expect(buttons.map((b) => b.text?.text)).toEqual([...RUNBOOK.checklist['direct-call'].answers.map((a) => a.label), 'Skip']);
    expect(buttons.map((b) => b.action_id)).toEqual([
      `${ACTION_IDS.answerStep}:works-directly`,
      `${ACTION_IDS.answerStep}:fails-directly`,
      `${ACTION_IDS.answerStep}:skipped`,
    ]);
    expect(buttons.every((b) => ANSWER_STEP_PATTERN.test(b.action_id!))).toBe(true);
    expect(decodeButtonValue(buttons[1]!.value)).toEqual({ diagnosisId: 'd-0001', version: 3, step: 'direct-call', answer: 'fails-directly' });
    expect(decodeButtonValue(buttons[2]!.value)?.answer).toBe('skipped');
    expect(validateBlocks(message.blocks)).toEqual([]);
  });

  it('shows who answered, what and when, and no buttons, once answered', () => {
    // Prepare
    const report = caseReport('timeout', [{ step: 'direct-call', answer: 'works-directly', by: 'U999', at: '2026-11-22T10:10:00.000Z' }]);

    // Act
    const message = renderChecklistMessage(viewOf(report), 'direct-call');

    // Assess
    expect(buttonsOf(message.blocks)).toEqual([]);
    const label = RUNBOOK.checklist['direct-call'].answers.find((a) => a.id === 'works-directly')!.label;
    expect(JSON.stringify(message.blocks)).toContain(
      `✅ <@U999> answered '${label}' at <!date^${Date.parse('2026-11-22T10:10:00.000Z') / 1000}^{date_short_pretty} {time}|2026-11-22 10:10 UTC>`,
    );
    expect(message.text).toContain('@U999');
  });

  it('shows a skipped step as skipped, without buttons', () => {
    const report = caseReport('timeout', [{ step: 'direct-call', answer: 'skipped', by: 'U999', at: '2026-11-22T10:10:00.000Z' }]);
    const message = renderChecklistMessage(viewOf(report), 'direct-call');
    expect(buttonsOf(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('⏭️ <@U999> skipped this step');
  });

  it('says why a step does not apply, without buttons', () => {
    // CASES use a Lambda proxy integration on a stage without tracing.
    const message = renderChecklistMessage(viewOf(caseReport('format')), 'mapping-templates');
    expect(buttonsOf(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('➖ Not applicable here: proxy integrations have no mapping templates');
    expect(JSON.stringify(renderChecklistMessage(viewOf(caseReport('format')), 'tracing').blocks)).toContain('X-Ray tracing is off');
  });

  it('offers the buttons before the first report', () => {
    const buttons = buttonsOf(renderChecklistMessage(viewOf(null), 'tracing').blocks);
    expect(buttons.map((b) => b.action_id)).toEqual([
      `${ACTION_IDS.answerStep}:fails-in-backend`,
      `${ACTION_IDS.answerStep}:fails-before-backend`,
      `${ACTION_IDS.answerStep}:skipped`,
    ]);
  });
});
