/**
 * 👍/👎 under a verdict, and what people have said so far. Slack's `feedback_buttons` element
 * inside a `context_actions` block (typed in @slack/types 3.x and documented in the Block Kit
 * reference), so the buttons look like Slack's own feedback controls. Each press carries the
 * diagnosis id and version; a 👎 is followed by a question about the real cause.
 */
import type { ContextActionsBlock, FeedbackButtons } from '@slack/types';
import { decisiveLabel, type DiagnosisLabel } from '../../core/feedback/diagnosis-label.ts';
import type { DiagnosisView } from '../../core/view/diagnosis-view.ts';
import { ACTION_IDS, encodeButtonValue } from './action-ids.ts';
import { context, plainText, type KnownBlock } from './block-kit.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { truncateText } from './fit-blocks.ts';
import { mention } from './slack-format.ts';

/** Block id of the feedback buttons, so a listener and the sandbox can find them. */
export const FEEDBACK_BLOCK_ID = 'd502_feedback';
const MAX_LABELS_SHOWN = 5;
const MAX_NOTE = 200;

/** The feedback buttons, preceded by what was said when someone has judged the verdict. */
export function feedbackBlocks(view: DiagnosisView): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const said = labelsText(view.labels ?? []);
  if (said) blocks.push(context(said));
  const buttons: FeedbackButtons = {
    type: 'feedback_buttons',
    action_id: ACTION_IDS.feedback,
    positive_button: {
      text: plainText('👍'),
      accessibility_label: 'The cause is right',
      value: encodeButtonValue({ diagnosisId: view.diagnosisId, version: view.version, feedback: 'up' }),
    },
    negative_button: {
      text: plainText('👎'),
      accessibility_label: 'The cause is wrong: tell the real one',
      value: encodeButtonValue({ diagnosisId: view.diagnosisId, version: view.version, feedback: 'down' }),
    },
  };
  const block: ContextActionsBlock = { type: 'context_actions', block_id: FEEDBACK_BLOCK_ID, elements: [buttons] };
  blocks.push(block);
  return blocks;
}

/** One line per judgement, newest last; the one that decides is the one accuracy counts. */
export function labelsText(labels: readonly DiagnosisLabel[]): string {
  if (labels.length === 0) return '';
  const shown = [...labels].sort((a, b) => a.at.localeCompare(b.at)).slice(-MAX_LABELS_SHOWN);
  const lines = shown.map((l) => labelLine(l));
  const decisive = decisiveLabel(labels);
  const verdict = decisive ? (decisive.trueCause === decisive.predictedCause ? 'counted as *right*' : 'counted as *wrong*') : '';
  return `${lines.join('\n')}${verdict ? `\n_Accuracy: ${verdict}._` : ''}`;
}

export function labelLine(label: DiagnosisLabel): string {
  const note = label.note ? `: _${escapeMrkdwn(truncateText(label.note.replace(/\s+/g, ' '), MAX_NOTE))}_` : '';
  if (label.source === 'verified-fix') return `✅ Fix verified (asked by ${mention(label.by)}): \`${label.predictedCause}\` confirmed${note}`;
  if (label.source === 'confirmed') return `👍 ${mention(label.by)} confirmed \`${label.predictedCause}\`${note}`;
  return `👎 ${mention(label.by)}: the real cause was \`${label.trueCause}\`${note}`;
}
