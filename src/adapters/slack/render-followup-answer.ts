/**
 * A follow-up answer as a thread reply: the question's answer in a title and a few lines, log
 * lines and commands as code, everything from AWS escaped for mrkdwn. It quotes who asked so a
 * busy thread shows which question each answer belongs to.
 */
import type { AnswerLine, FollowupAnswer } from '../../core/followup/answer-followup.ts';
import type { SlackMessage } from '../../core/view/diagnosis-view.ts';
import { context, section, type KnownBlock } from './block-kit.ts';
import { escapeMrkdwn, inlineCode } from './escape-mrkdwn.ts';
import { fitBlocks, truncateText } from './fit-blocks.ts';
import { mention } from './slack-format.ts';

const MARKS: Record<NonNullable<AnswerLine['mark']>, string> = { for: '✚', against: '−', info: '•', step: '▸', warn: '⚠️' };
/** Characters per section; a long answer spreads over several sections rather than being cut. */
const SECTION_BUDGET = 2800;
const MAX_SECTIONS = 6;

/**
 * @example
 * await client.chat.postMessage({ channel, thread_ts, ...renderFollowupAnswer(answer, { askedBy: 'U123' }) });
 */
export function renderFollowupAnswer(answer: FollowupAnswer, options: { askedBy?: string } = {}): SlackMessage {
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(answer.title)}*`)];
  let current = '';
  const sections: string[] = [];
  for (const line of answer.lines) {
    const text = lineText(line);
    if (current && current.length + text.length + 1 > SECTION_BUDGET) {
      sections.push(current);
      current = '';
    }
    current = current ? `${current}\n${text}` : truncateText(text, SECTION_BUDGET);
  }
  if (current) sections.push(current);
  for (const text of sections.slice(0, MAX_SECTIONS)) blocks.push(section(text));
  const footer = [
    options.askedBy ? `Asked by ${mention(options.askedBy)}` : '',
    answer.rerun ? 'this one reads AWS again' : 'answered from the evidence recorded in this thread',
    'say `help` for what I can answer',
  ].filter(Boolean);
  blocks.push(context(footer.join(' · ')));
  const plain = answer.lines.map((l) => `${l.text}${l.code ? `: ${l.code}` : ''}`).join('\n');
  return { text: truncateText(`${answer.title}\n${plain}`, 3000), blocks: fitBlocks(blocks) };
}

function lineText(line: AnswerLine): string {
  const mark = MARKS[line.mark ?? 'info'];
  const text = `${mark} ${escapeMrkdwn(line.text)}`;
  if (!line.code) return text;
  // A command the person can type is short: inline. A log line keeps its own shape in a block.
  if (line.mark === 'step' && line.code.length < 80) return `${mark} ${inlineCode(line.code)} ${escapeMrkdwn(line.text)}`;
  return `${text}\n\`\`\`${escapeMrkdwn(line.code).replace(/```/g, 'ˋˋˋ')}\`\`\``;
}
