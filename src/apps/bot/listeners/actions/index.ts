import type { App, BlockAction, BlockElementAction, ButtonAction, FeedbackButtonsAction } from '@slack/bolt';
import { ACTION_IDS, ANSWER_STEP_PATTERN } from '../../../../adapters/slack/action-ids.ts';
import type { ListenerDeps } from '../../listener-deps.ts';
import { answerStepAction } from './answer-step-action.ts';
import { feedbackAction } from './feedback-action.ts';
import { labelNoteAction, trueCauseAction } from './true-cause-action.ts';
import { recheckAction } from './recheck-action.ts';
import { rejectHypothesisAction } from './reject-hypothesis-action.ts';
import { summaryAction } from './summary-action.ts';
import { verifyFixAction } from './verify-fix-action.ts';
import { scanDiagnoseAction } from './scan-diagnose-action.ts';

export function register(app: App, deps: ListenerDeps): void {
  // Answer buttons carry a suffix to keep action ids unique within a block; match them all.
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ANSWER_STEP_PATTERN }, answerStepAction(deps));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.rejectHypothesis }, rejectHypothesisAction(deps));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.recheck }, recheckAction(deps));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.verifyFix }, verifyFixAction(deps));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.summary }, summaryAction(deps));
  app.action<BlockAction<ButtonAction | FeedbackButtonsAction>>({ type: 'block_actions', action_id: ACTION_IDS.feedback }, feedbackAction(deps));
  app.action<BlockAction<BlockElementAction>>({ type: 'block_actions', action_id: ACTION_IDS.trueCause }, trueCauseAction(deps));
  app.action<BlockAction<BlockElementAction>>({ type: 'block_actions', action_id: ACTION_IDS.labelNote }, labelNoteAction(deps));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.scanDiagnose }, scanDiagnoseAction(deps));
}
