/**
 * Checks the chunks of a streamed message (chat.startStream / appendStream / stopStream) against
 * what Slack documents: a `markdown_text` chunk holds up to 12,000 characters, a `plan_update`
 * has a title, a `task_update` has an id, a title and one of the four statuses, and a `blocks`
 * chunk holds up to 50 blocks that pass the Block Kit checks. Problems are worded like
 * validateBlocks', with a json-pointer to the chunk.
 */
import { SLACK_LIMITS } from '../../adapters/slack/slack-limits.ts';
import { validateBlocks } from './validate-blocks.ts';

const TASK_STATUSES = new Set(['pending', 'in_progress', 'complete', 'error']);

/**
 * @example
 * validateChunks([{ type: 'task_update', id: 'logs', title: 'Read the logs', status: 'done' }]);
 * // ['[ERROR] must be one of: pending, in_progress, complete, error [json-pointer:/chunks/0/status]']
 */
export function validateChunks(chunks: unknown): string[] {
  if (!Array.isArray(chunks)) return [problem('must be an array', '/chunks')];
  const problems: string[] = [];
  chunks.forEach((chunk, i) => {
    const at = `/chunks/${i}`;
    if (typeof chunk !== 'object' || chunk === null) {
      problems.push(problem('must be an object', at));
      return;
    }
    const c = chunk as Record<string, unknown>;
    switch (c['type']) {
      case 'markdown_text':
        text(c['text'], `${at}/text`, SLACK_LIMITS.markdownBlockText, problems);
        return;
      case 'plan_update':
        text(c['title'], `${at}/title`, SLACK_LIMITS.textObject, problems);
        return;
      case 'task_update':
        text(c['id'], `${at}/id`, SLACK_LIMITS.blockId, problems);
        text(c['title'], `${at}/title`, SLACK_LIMITS.textObject, problems);
        if (typeof c['status'] !== 'string' || !TASK_STATUSES.has(c['status']))
          problems.push(problem('must be one of: pending, in_progress, complete, error', `${at}/status`));
        for (const key of ['details', 'output'] as const) if (c[key] !== undefined) text(c[key], `${at}/${key}`, SLACK_LIMITS.textObject, problems);
        return;
      case 'blocks':
        for (const p of validateBlocks(c['blocks'])) problems.push(p.replace('[json-pointer:/blocks', `[json-pointer:${at}/blocks`));
        return;
      default:
        problems.push(problem(`unsupported chunk type: ${String(c['type'])}`, `${at}/type`));
    }
  });
  return problems;
}

function text(value: unknown, at: string, max: number, problems: string[]): void {
  if (typeof value !== 'string' || value.length === 0) problems.push(problem('must be a non-empty string', at));
  else if (value.length > max) problems.push(problem(`must be less than ${max + 1} characters`, at));
}

function problem(message: string, pointer: string): string {
  return `[ERROR] ${message} [json-pointer:${pointer}]`;
}
