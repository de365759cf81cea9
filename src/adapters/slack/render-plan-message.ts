/**
 * The live plan of an evidence run, two ways. Streaming: a `plan_update` chunk for the title and
 * one `task_update` chunk per step (Slack draws them as a plan block that fills in as it goes).
 * Fallback for workspaces or SDKs without streaming: one ordinary thread message, edited in place
 * with chat.update, one line per step with its status and figure.
 */
import type { PlanUpdateChunk, TaskUpdateChunk } from '@slack/types';
import type { PlanTask, PlanTaskStatus, ProgressPlan } from '../../core/view/build-progress-plan.ts';
import type { SlackMessage } from '../../core/view/diagnosis-view.ts';
import { context, section, type KnownBlock } from './block-kit.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { fitBlocks } from './fit-blocks.ts';

const ICONS: Record<PlanTaskStatus, string> = { pending: '◻️', in_progress: '⏳', complete: '✅', error: '❌' };
const WORDS: Record<PlanTaskStatus, string> = { pending: 'pending', in_progress: 'in progress', complete: 'done', error: 'failed' };

/**
 * The plan as stream chunks: its title, then every task (Slack replaces a task by its id). The
 * title names the API and outputs quote AWS figures; Slack keeps them as the message's text, which
 * notifications and search parse, so they are escaped like any other text from AWS.
 */
export function planChunks(plan: ProgressPlan, only?: readonly PlanTask[]): Array<PlanUpdateChunk | TaskUpdateChunk> {
  const tasks = (only ?? plan.tasks).map(taskChunk);
  return only ? tasks : [planTitleChunk(plan.title), ...tasks];
}

export function planTitleChunk(title: string): PlanUpdateChunk {
  return { type: 'plan_update', title: escapeMrkdwn(title) };
}

export function taskChunk(task: PlanTask): TaskUpdateChunk {
  const output = task.output ? { output: escapeMrkdwn(task.output) } : {};
  return { type: 'task_update', id: task.id, title: escapeMrkdwn(task.title), status: task.status, ...output };
}

/**
 * @example
 * await client.chat.update({ channel, ts, ...renderPlanMessage(plan) });
 */
export function renderPlanMessage(plan: ProgressPlan): SlackMessage {
  const lines = plan.tasks.map((t) => `${ICONS[t.status]} ${escapeMrkdwn(t.title)}${t.output ? ` · ${escapeMrkdwn(t.output)}` : ` · _${WORDS[t.status]}_`}`);
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(plan.title)}*`), section(lines.join('\n'))];
  if (!plan.finished) blocks.push(context('_This message follows the run as it goes._'));
  const done = plan.tasks.filter((t) => t.status === 'complete').length;
  // The title names the API: the notification text is parsed as mrkdwn too, so it is escaped as well.
  return { text: `${escapeMrkdwn(plan.title)}: ${done} of ${plan.tasks.length} steps done`, blocks: fitBlocks(blocks) };
}
