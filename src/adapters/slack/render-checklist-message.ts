/**
 * One manual checklist step in the thread: what to do (from the runbook) and a button per answer.
 * Once someone has answered, the buttons give way to who answered what and when, so a second
 * person cannot answer the same step twice from an old message.
 */
import type { ManualStepId, StepAnswer, StepRecord } from '../../core/diagnosis/types.ts';
import { fillPlaceholders, placeholderValuesFor, type PlaceholderValues } from '../config/load-runbook.ts';
import { ACTION_IDS, encodeButtonValue } from './action-ids.ts';
import type { DiagnosisView, SlackMessage } from '../../core/view/diagnosis-view.ts';
import { actions, button, context, section, type KnownBlock } from './block-kit.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { fitBlocks } from './fit-blocks.ts';
import { mention, slackDate } from './slack-format.ts';

/** Labels for the two answers every step accepts besides its own. */
const GENERIC_LABELS: Partial<Record<StepAnswer, string>> = { skipped: 'Skip', done: 'Done' };

/** Block id of a step's buttons, unique per step so several steps can share a thread. */
export function checklistActionsBlockId(step: ManualStepId): string {
  return `d502_step_${step}`;
}

/**
 * Renders one manual step with its answer buttons, or with the answer once given.
 *
 * @example
 * await client.chat.postMessage({ channel, thread_ts, ...renderChecklistMessage(view, 'direct-call') });
 */
export function renderChecklistMessage(view: DiagnosisView, step: ManualStepId): SlackMessage {
  const runbookStep = view.runbook.checklist[step];
  const values: PlaceholderValues = view.report ? placeholderValuesFor(view.report) : { apiId: view.ref.apiId, stage: view.ref.stage, region: view.ref.region };
  const how = escapeMrkdwn(fillPlaceholders(runbookStep.how, values));
  const blocks: KnownBlock[] = [section(`☑️ *${escapeMrkdwn(runbookStep.title)}*\n${how}`)];

  const record = lastAnswer(view.report?.steps ?? [], step);
  const item = view.report?.checklist.find((c) => c.id === step);
  const labelOf = (answer: StepAnswer) => runbookStep.answers.find((a) => a.id === answer)?.label ?? GENERIC_LABELS[answer] ?? answer;

  let status: string;
  if (record) {
    const label = labelOf(record.answer);
    const verb = record.answer === 'skipped' ? 'skipped this step' : `answered '${escapeMrkdwn(label)}'`;
    status = `${mention(record.by)} ${verb}`;
    blocks.push(section(`${record.answer === 'skipped' ? '⏭️' : '✅'} ${mention(record.by)} ${verb} at ${slackDate(record.at)}`));
  } else if (item && (item.status === 'done' || item.status === 'skipped')) {
    // Answered, but the record is not in this view (e.g. an older report): say what is known.
    status = item.status === 'skipped' ? 'skipped' : 'answered';
    blocks.push(section(`✅ ${item.status === 'skipped' ? 'Skipped' : 'Answered'}${item.result ? `: ${escapeMrkdwn(item.result)}` : ''}`));
  } else if (item?.status === 'not-applicable') {
    status = 'not applicable';
    blocks.push(context(`➖ Not applicable here${item.result ? `: ${escapeMrkdwn(item.result)}` : ''}`));
  } else {
    status = 'waiting for an answer';
    const answerButton = (answer: StepAnswer, label: string, style?: 'primary' | 'danger') =>
      button(label, `${ACTION_IDS.answerStep}:${answer}`, encodeButtonValue({ diagnosisId: view.diagnosisId, version: view.version, step, answer }), style);
    blocks.push(
      actions([...runbookStep.answers.map((a) => answerButton(a.id, a.label)), answerButton('skipped', labelOf('skipped'))], checklistActionsBlockId(step)),
    );
  }
  return {
    // `status` is escaped already; its mentions become plain names so the notification pings nobody.
    text: `Checklist: ${escapeMrkdwn(runbookStep.title)} (${status.replace(/<@([A-Z0-9]+)>/g, '@$1')})`,
    blocks: fitBlocks(blocks),
  };
}

/** The latest answer for the step: a later answer replaces an earlier one. */
function lastAnswer(steps: readonly StepRecord[], step: ManualStepId): StepRecord | undefined {
  let found: StepRecord | undefined;
  for (const s of steps) if (s.step === step) found = s;
  return found;
}
