/** Every renderer, for every cause in CASES and every phase, produces blocks Slack accepts. */
import { describe, expect, it } from 'vitest';
import { MANUAL_STEPS } from '../../../src/core/diagnosis/types.ts';
import type { DiagnosisPhase, SlackMessage } from '../../../src/core/view/diagnosis-view.ts';
import {
  countBlockText,
  MESSAGE_TEXT_BUDGET,
  renderChecklistMessage,
  renderEvidenceMessage,
  renderParentMessage,
  renderVerdictMessage,
} from '../../../src/adapters/slack/index.ts';
import { validateBlocks } from '../../../src/tools/block-kit-check/validate-blocks.ts';
import { CASE_NAMES, caseView, viewOf } from './view-builders.ts';

const PHASES: DiagnosisPhase[] = ['collecting', 'verdict', 'verifying', 'resolved', 'failed'];

function messagesOf(view: Parameters<typeof renderParentMessage>[0]): Record<string, SlackMessage> {
  return {
    parent: renderParentMessage(view),
    evidence: renderEvidenceMessage(view),
    verdict: renderVerdictMessage(view),
    ...Object.fromEntries(MANUAL_STEPS.map((step) => [`checklist ${step}`, renderChecklistMessage(view, step)])),
  };
}

describe.each(CASE_NAMES)('renderers for the %s case', (name) => {
  it.each(PHASES)('are valid Block Kit in phase %s', (phase) => {
    // Prepare
    const view = caseView(name, { phase, error: { name: 'DiagnoseError', code: 'E_TEST', message: 'AccessDenied on cloudwatch:GetMetricData' } });

    // Act
    const messages = messagesOf(view);

    // Assess
    for (const [which, message] of Object.entries(messages)) {
      expect(validateBlocks(message.blocks), `${which}`).toEqual([]);
      expect(message.text.length, `${which} text fallback`).toBeGreaterThan(0);
      expect(countBlockText(message.blocks), `${which} size`).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
      // The section form sent where Slack refuses table or markdown blocks holds to the same limits, without them.
      if (message.fallbackBlocks) {
        expect(validateBlocks(message.fallbackBlocks), `${which} fallback`).toEqual([]);
        expect(countBlockText(message.fallbackBlocks), `${which} fallback size`).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
        expect(JSON.stringify(message.fallbackBlocks), `${which} fallback types`).not.toMatch(/"type":"(table|markdown)"/);
      }
    }
  });
});

describe('renderers before the first verdict', () => {
  it.each(['collecting', 'failed'] as const)('are valid with no report in phase %s', (phase) => {
    const view = viewOf(null, { phase, error: { name: 'E', code: 'E', message: 'could not resolve the API' } });
    for (const [which, message] of Object.entries(messagesOf(view))) {
      expect(validateBlocks(message.blocks), which).toEqual([]);
      expect(message.text.length, which).toBeGreaterThan(0);
    }
  });
});
