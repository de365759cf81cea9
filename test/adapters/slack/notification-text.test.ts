/**
 * The top-level `text` of every message (the notification and the fallback when blocks are
 * refused) carries AWS names, verdict summaries and PagerDuty titles: escaped like block text, so
 * none of them reaches Slack as a mass mention, a user mention or a disguised link (issue 11,
 * finding 2).
 */
import { describe, expect, it } from 'vitest';
import { renderChecklistMessage, renderEvidenceMessage, renderParentMessage, renderVerdictMessage } from '../../../src/adapters/slack/index.ts';
import { renderApiChosenMessage, renderChooseApiMessage } from '../../../src/adapters/slack/render-choose-api-message.ts';
import { chartAltText, summaryFileTitle } from '../../../src/adapters/slack/file-captions.ts';
import { planChunks, planTitleChunk, renderPlanMessage } from '../../../src/adapters/slack/render-plan-message.ts';
import type { ProgressPlan } from '../../../src/core/view/build-progress-plan.ts';
import type { IncidentRecord } from '../../../src/adapters/pagerduty/incident-record.ts';
import { MANUAL_STEPS } from '../../../src/core/diagnosis/types.ts';
import type { DiagnosisView } from '../../../src/core/view/diagnosis-view.ts';
import { caseView, viewOf } from './view-builders.ts';

const HOSTILE = '<!channel> <!here> <@U0BOSS> <https://evil.example|click> & more';
/** Anything Slack would turn into a mention, a broadcast or a link. */
const CONTROL = /<[!@#]|<https?:|<mailto:/;

function hostileView(): DiagnosisView {
  const view = caseView('timeout');
  const report = view.report!;
  return {
    ...view,
    report: { ...report, api: { ...report.api, name: HOSTILE }, verdict: { ...report.verdict, summary: HOSTILE } },
  };
}

function hostilePlan(): ProgressPlan {
  return {
    run: 1,
    title: `Diagnosing ${HOSTILE} prod over the last 60 min`,
    tasks: [{ id: 'weigh', title: 'Weigh the evidence', status: 'pending' }],
    finished: false,
  };
}

const incident: IncidentRecord = {
  id: 'QHOSTILE1',
  number: 7,
  title: HOSTILE,
  service: { id: 'PX1', name: HOSTILE },
  status: 'triggered',
  statusNote: 'triggered',
  statusAt: '2026-11-22T10:00:00Z',
};

describe('top-level text of every message', () => {
  it.each([
    ['parent', () => renderParentMessage(hostileView())],
    ['parent, collecting', () => renderParentMessage(viewOf(null, { ref: { apiId: HOSTILE, stage: HOSTILE, region: 'us-east-1' } }))],
    ['evidence', () => renderEvidenceMessage(hostileView())],
    ['verdict', () => renderVerdictMessage(hostileView())],
    ['checklist', () => renderChecklistMessage(hostileView(), MANUAL_STEPS[0])],
    ['which API?', () => renderChooseApiMessage({ incident, reason: HOSTILE, options: [] })],
    ['live plan (issue 11, finding 2: found by the fault suite)', () => renderPlanMessage(hostilePlan())],
    ['API chosen', () => renderApiChosenMessage({ incident, ref: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' }, by: 'U0ALICE' })],
  ])('%s: no mention, broadcast or link survives', (_name, render) => {
    const { text } = render();
    expect(text).not.toMatch(CONTROL);
  });

  it('keeps the words readable, escaped as Slack expects', () => {
    const { text } = renderVerdictMessage(hostileView());
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&amp; more');
  });

  it('the streamed plan (title, task titles, outputs) names the API escaped: Slack keeps it as the text', () => {
    const plan = hostilePlan();
    const chunks = planChunks({ ...plan, tasks: [{ ...plan.tasks[0]!, title: HOSTILE, output: HOSTILE }] });
    for (const chunk of [...chunks, planTitleChunk(plan.title)]) expect(JSON.stringify(chunk)).not.toMatch(CONTROL);
    expect(planTitleChunk('Diagnosing orders-api prod').title).toBe('Diagnosing orders-api prod');
  });

  it('file titles and chart alt text name the API escaped', () => {
    expect(summaryFileTitle(HOSTILE, 'prod')).not.toMatch(CONTROL);
    expect(chartAltText(HOSTILE, 'prod')).not.toMatch(CONTROL);
    expect(chartAltText('orders-api', 'prod')).toBe('Chart of 5xx errors per minute and integration latency for orders-api prod');
  });
});
