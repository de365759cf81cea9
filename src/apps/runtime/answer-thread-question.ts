/**
 * Turns a question asked in a diagnosis thread into the reply: reads the intent, answers it from
 * the stored snapshot's report and renders it for Slack. A re-run is checked against the machine
 * first ("since 3h" on a resolved diagnosis is refused here, in words, instead of promising a
 * collection that will not happen); only then does the answer carry the event to send.
 */
import type { DiagnosisEvent } from '../../../machines/diagnosis-types.ts';
import type { DiagnosisSnapshot } from '../../../machines/is-settled.ts';
import { answerFollowup, type FollowupAnswer } from '../../core/followup/answer-followup.ts';
import { matchFollowupIntent } from '../../core/followup/match-followup-intent.ts';
import type { Runbook } from '../../core/runbook/runbook-schema.ts';
import type { SlackMessage } from '../../core/view/diagnosis-view.ts';
import { fillPlaceholders, placeholderValuesFor } from '../../adapters/config/load-runbook.ts';
import type { ThreadQuestion } from '../../adapters/jobs/bot-job.ts';
import { section } from '../../adapters/slack/block-kit.ts';
import { renderFollowupAnswer } from '../../adapters/slack/render-followup-answer.ts';
import type { DiagnosisRecord } from '../../adapters/store/state-store.ts';
import { buildDiagnosisView } from './build-diagnosis-view.ts';
import { describeIgnoredEvent } from './describe-ignored-event.ts';

export type ThreadAnswer =
  /** Not for the bot: a plain thread reply the rules do not recognise. Nothing is posted. */
  { status: 'not-a-question' } | { status: 'answer'; answer: FollowupAnswer; message: SlackMessage; rerun?: DiagnosisEvent };

export function answerThreadQuestion(record: DiagnosisRecord, snapshot: DiagnosisSnapshot, runbook: Runbook, question: ThreadQuestion): ThreadAnswer {
  const intent = matchFollowupIntent(question.text);
  if (!question.mentioned && (intent.kind === 'unknown' || intent.kind === 'help')) return { status: 'not-a-question' };
  const view = buildDiagnosisView(record, snapshot, runbook);
  const report = view.report;
  const fixSteps = report ? runbook.causes[report.verdict.cause].fix.map((step) => fillPlaceholders(step, placeholderValuesFor(report))) : [];
  const answer = answerFollowup({ intent, report, phase: view.phase, fixSteps });
  if (answer.rerun) {
    const event: DiagnosisEvent = { type: 'RECHECK', by: question.user, at: question.at, sinceMinutes: answer.rerun.sinceMinutes };
    if (!snapshot.can(event)) {
      // The note is already Slack text (it may mention who asked first): shown as written.
      const note = describeIgnoredEvent(snapshot, event);
      const refused: FollowupAnswer = { kind: 'rerun', title: 'I cannot re-run this diagnosis now', lines: [] };
      return { status: 'answer', answer: refused, message: { text: note, blocks: [section(`*${refused.title}*\n${note}`)] } };
    }
    return { status: 'answer', answer, message: renderFollowupAnswer(answer, { askedBy: question.user }), rerun: event };
  }
  return { status: 'answer', answer, message: renderFollowupAnswer(answer, { askedBy: question.user }) };
}
