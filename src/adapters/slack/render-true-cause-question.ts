/**
 * What a 👎 asks, only to the person who pressed it (ephemeral, in the thread): a menu of the real
 * cause (the seven causes plus "other") and an optional note sent with Enter. Picking a cause
 * stores the label at once; a note typed before or after joins it. The diagnosis id rides in the
 * block ids, because ephemeral messages come back without their blocks.
 */
import type { InputBlock, KnownBlock, PlainTextOption, StaticSelect } from '@slack/types';
import { LABEL_CAUSES, type LabelCause } from '../../core/feedback/diagnosis-label.ts';
import type { VerdictCause } from '../../core/diagnosis/types.ts';
import type { SlackMessage } from '../../core/view/diagnosis-view.ts';
import { ACTION_IDS } from './action-ids.ts';
import { plainText, section } from './block-kit.ts';

const CAUSE_TEXT: Record<LabelCause, string> = {
  timeout: 'timeout: the backend took too long',
  network: 'network: the gateway could not reach it',
  permission: 'permission: the gateway may not call it',
  format: 'format: the answer was malformed',
  'backend-error': 'backend-error: the backend failed',
  none: 'none: there was no real 5xx problem',
  inconclusive: 'inconclusive: nobody can tell',
  other: 'other: something not listed',
};

export const NOTE_MAX_LENGTH = 500;

export function trueCauseBlockId(diagnosisId: string): string {
  return `${ACTION_IDS.trueCause}:${diagnosisId}`;
}

export function labelNoteBlockId(diagnosisId: string): string {
  return `${ACTION_IDS.labelNote}:${diagnosisId}`;
}

/** The diagnosis id in a block id made above; null for any other block. */
export function diagnosisIdFromFeedbackBlockId(blockId: string | undefined): string | null {
  const match = /^d502_(?:true_cause|label_note):([A-Za-z0-9-]{1,64})$/.exec(blockId ?? '');
  return match?.[1] ?? null;
}

export function renderTrueCauseQuestion(input: { diagnosisId: string; predicted: VerdictCause }): SlackMessage {
  const menu: StaticSelect = {
    type: 'static_select',
    action_id: ACTION_IDS.trueCause,
    placeholder: plainText('The real cause'),
    options: LABEL_CAUSES.filter((c) => c !== input.predicted).map((c): PlainTextOption => ({ text: plainText(CAUSE_TEXT[c]), value: c })),
  };
  const note: InputBlock = {
    type: 'input',
    block_id: labelNoteBlockId(input.diagnosisId),
    dispatch_action: true,
    optional: true,
    label: plainText('Optional: what really happened, or what fixed it (Enter to save)'),
    element: {
      type: 'plain_text_input',
      action_id: ACTION_IDS.labelNote,
      max_length: NOTE_MAX_LENGTH,
      placeholder: plainText('e.g. restored the ingress rule on the target security group'),
      dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
    },
  };
  const blocks: KnownBlock[] = [
    section(
      `Thanks. I said \`${input.predicted}\`: what was the real cause? Your answer is stored with this diagnosis and counts in the accuracy on my Home tab.`,
    ),
    { type: 'actions', block_id: trueCauseBlockId(input.diagnosisId), elements: [menu] },
    note,
  ];
  return { text: `I said ${input.predicted}: what was the real cause?`, blocks };
}
