/** The sandbox draws and sends the feedback controls as Slack does: 👍/👎, the real-cause menu and the note box. */
import { describe, expect, it } from 'vitest';
import { renderTrueCauseQuestion, renderVerdictMessage } from '../../../src/adapters/slack/index.ts';
import type { StoredMessage } from '../../../src/tools/slack-web-api/local-slack-state.ts';
import { buildBlockActions } from '../../../src/tools/sandbox/build-block-actions.ts';
import { appHomeOpenedEvent, buildEventCallback } from '../../../src/tools/sandbox/build-event-callback.ts';
import { findPressedAction } from '../../../src/tools/sandbox/find-pressed-action.ts';
import { renderBlocksHtml } from '../../../src/tools/sandbox/render-blocks-html.ts';
import { SIMULATED_CHANNEL } from '../../../src/tools/sandbox/sandbox-workspace.ts';
import { caseView } from '../../adapters/slack/view-builders.ts';

const stored = (blocks: unknown[], extra: Partial<StoredMessage> = {}): StoredMessage => ({
  channel: 'C0INCIDENT',
  ts: '1700000000.000200',
  threadTs: '1700000000.000100',
  user: 'U0DIAGBOT',
  text: 'x',
  blocks,
  edits: [],
  files: [],
  via: 'chat.postMessage',
  postedAt: '2026-11-22T10:00:00.000Z',
  ...extra,
});

describe('feedback controls in the sandbox', () => {
  const verdict = stored(renderVerdictMessage(caseView('timeout')).blocks);
  const question = stored(renderTrueCauseQuestion({ diagnosisId: 'd-0001', predicted: 'timeout' }).blocks, {
    ephemeralFor: 'U0ONCALL',
    via: 'chat.postEphemeral',
  });

  it('draws 👍/👎 as two buttons of one feedback element, and the note box as a live text input', () => {
    const html = renderBlocksHtml(verdict.blocks);
    expect(html).toContain('<div class="bk-block bk-context-actions" data-block-id="d502_feedback">');
    expect(html).toMatch(
      /<button type="button" class="bk-feedback bk-feedback--positive" data-type="feedback_buttons" data-action-id="d502_feedback" data-block-id="d502_feedback" data-feedback="positive" title="The cause is right"/,
    );
    expect(html).toContain('data-feedback="negative"');
    const form = renderBlocksHtml(question.blocks);
    expect(form).toMatch(
      /<input type="text" class="bk-text-input" data-type="plain_text_input" data-action-id="d502_label_note" data-block-id="d502_label_note:d-0001" maxlength="500"/,
    );
    expect(form).toContain('<select class="bk-select bk-select--static_select" data-type="static_select" data-action-id="d502_true_cause"');
  });

  it("sends the pressed side's value as a feedback_buttons action", () => {
    // Act
    const action = findPressedAction(verdict, { blockId: 'd502_feedback', actionId: 'd502_feedback', feedback: 'negative' });
    // Assess
    expect(action).toMatchObject({ type: 'feedback_buttons', text: '👎', value: expect.stringContaining('"feedback":"down"') });
    const payload = JSON.parse(
      new URLSearchParams(buildBlockActions({ channel: SIMULATED_CHANNEL, message: verdict, action: action as never, responseUrl: 'http://x' })).get(
        'payload',
      )!,
    );
    expect(payload.actions[0]).toMatchObject({
      type: 'feedback_buttons',
      action_id: 'd502_feedback',
      block_id: 'd502_feedback',
      value: expect.stringContaining('"down"'),
    });
    expect(findPressedAction(verdict, { blockId: 'd502_feedback', actionId: 'd502_feedback' })).toEqual({
      error: expect.stringContaining('which feedback button'),
    });
  });

  it('sends a typed note as a plain_text_input action with its state, and refuses an empty one', () => {
    const action = findPressedAction(question, { blockId: 'd502_label_note:d-0001', actionId: 'd502_label_note', selectedValue: 'restored the rule' });
    expect(action).toEqual({ type: 'plain_text_input', actionId: 'd502_label_note', blockId: 'd502_label_note:d-0001', value: 'restored the rule' });
    const payload = JSON.parse(
      new URLSearchParams(buildBlockActions({ channel: SIMULATED_CHANNEL, message: question, action: action as never, responseUrl: 'http://x' })).get(
        'payload',
      )!,
    );
    expect(payload.state.values).toEqual({ 'd502_label_note:d-0001': { d502_label_note: { type: 'plain_text_input', value: 'restored the rule' } } });
    expect(payload.message).toBeUndefined();
    expect(payload.container).toMatchObject({ is_ephemeral: true, thread_ts: '1700000000.000100' });
    expect(findPressedAction(question, { blockId: 'd502_label_note:d-0001', actionId: 'd502_label_note', selectedValue: '  ' })).toEqual({
      error: expect.stringContaining('type between'),
    });
  });

  it('builds the app_home_opened event Slack sends for the Home tab', () => {
    const body = JSON.parse(buildEventCallback(appHomeOpenedEvent('U0ONCALL', new Date('2026-11-22T10:00:00.000Z')), new Date('2026-11-22T10:00:00.000Z')));
    expect(body).toMatchObject({
      type: 'event_callback',
      team_id: 'T0SANDBOX',
      event: { type: 'app_home_opened', user: 'U0ONCALL', tab: 'home' },
      event_time: 1795341600,
    });
  });
});
