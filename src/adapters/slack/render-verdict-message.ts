/**
 * The verdict in the thread: the cause in the CLI's own word, how sure the tool is and why, the
 * evidence for and against the leading hypotheses, what would confirm them, and the runbook's fix,
 * verification and traps. Buttons let people re-check, verify a fix, get the summary or rule the
 * leader out; once the fix is verified, the result replaces the buttons. 👍/👎 close the message.
 *
 * The runbook's guidance (fix, verify, avoid) is long text: it goes in one `markdown` block, which
 * holds four times what a section does, so fewer steps are cut. `fallbackBlocks` carries the same
 * message with the guidance in sections, for a Slack that refuses markdown blocks.
 */
import type { DiagnosisReport, Hypothesis } from '../../core/diagnosis/types.ts';
import { fillPlaceholders, placeholderValuesFor } from '../config/load-runbook.ts';
import { ACTION_IDS, encodeButtonValue } from './action-ids.ts';
import type { DiagnosisView, SlackMessage } from '../../core/view/diagnosis-view.ts';
import { actions, button, context, divider, header, markdown, section, type KnownBlock } from './block-kit.ts';
import { escapeMarkdown } from './escape-markdown.ts';
import { escapeMrkdwn, inlineCode } from './escape-mrkdwn.ts';
import { whereLines, type WhereLine } from '../../core/view/where-lines.ts';
import { feedbackBlocks } from './render-feedback-blocks.ts';
import { andMore, capList, Fitter, fitBlocks } from './fit-blocks.ts';
import { num, pct } from '../../core/view/format-values.ts';
import { mention, slackDate } from './slack-format.ts';
import { rankHypotheses } from '../../core/view/rank-hypotheses.ts';

const MAX_HYPOTHESES = 3;
const MAX_ITEMS_PER_SIDE = 3;
const MAX_CONFIRM = 2;
const MAX_GUIDE_ITEMS = 6;
/** The markdown block shows more of the runbook than sections can, within the message's text budget. */
const MAX_GUIDE_ITEMS_MARKDOWN = 12;
const GUIDE_MARKDOWN_BUDGET = 4500;

/** Block id of the buttons, so a listener can find them in `body.message.blocks`. */
export const VERDICT_ACTIONS_BLOCK_ID = 'd502_verdict_actions';

/**
 * Renders the verdict message for the diagnosis thread.
 *
 * @example
 * await client.chat.postMessage({ channel, thread_ts, ...renderVerdictMessage(view) });
 */
export function renderVerdictMessage(view: DiagnosisView): SlackMessage {
  const report = view.report;
  if (!report) {
    const waiting =
      view.phase === 'failed' ? `⚠️ ${escapeMrkdwn(view.error?.message ?? 'The diagnosis failed.')}` : '⏳ _Weighing the evidence… the verdict follows._';
    return { text: view.phase === 'failed' ? 'The diagnosis failed' : 'Verdict pending', blocks: [section(waiting)] };
  }
  const fitter = new Fitter();
  const { verdict } = report;
  const guide = view.runbook.causes[verdict.cause];
  const values = placeholderValuesFor(report);
  const fill = (text: string) => escapeMrkdwn(fillPlaceholders(text, values));

  const blocks: KnownBlock[] = [header(`Verdict: ${verdict.cause} · ${guide.title}`)];
  const confidence = verdict.confidence > 0 ? ` · confidence *${pct(verdict.confidence)}*` : '';
  const where = whereLines(verdict.where);
  // Where to act comes first: the route, the backend, the change, the line that was read.
  if (where.length > 0) blocks.push(section(fitter.text(where.map(whereText).join('\n'), 2800)));
  blocks.push(section(`*Cause:* \`${verdict.cause}\`${confidence}\n${escapeMrkdwn(verdict.summary)}`));
  blocks.push(context(fill(guide.meaning)));

  const ranked = rankHypotheses(report.hypotheses, MAX_HYPOTHESES);
  if (verdict.cause !== 'none' && ranked.length > 0) {
    blocks.push(divider());
    blocks.push(section(`*${verdict.cause === 'inconclusive' ? 'Top candidates' : 'Hypotheses'}*`));
    for (const [i, h] of ranked.entries()) blocks.push(section(fitter.text(hypothesisText(h, i + 1, fitter), 2000)));
  }

  blocks.push(divider());
  const titles = guideTitles(verdict.cause);
  const guideAt = blocks.length;
  blocks.push(section(fitter.text(listText(mrkdwnTitle(titles.fix), guide.fix, fill, fitter, true), 2800)));
  blocks.push(section(fitter.text(listText(mrkdwnTitle(titles.verify), guide.verify, fill, fitter, true), 1800)));
  blocks.push(section(fitter.text(listText('⚠️ *Avoid*', guide.traps, fill, fitter, false), 1500)));
  const guideEnd = blocks.length;
  const fillMarkdown = (text: string) => escapeMarkdown(fillPlaceholders(text, values).replace(/\s*\n\s*/g, ' '));
  const guideMarkdown = fitter.text(
    [
      markdownList(titles.fix, guide.fix, fillMarkdown, true),
      markdownList(titles.verify, guide.verify, fillMarkdown, true),
      markdownList('⚠️ Avoid', guide.traps, fillMarkdown, false),
    ].join('\n\n'),
    GUIDE_MARKDOWN_BUDGET,
  );

  if (report.verification) blocks.push(section(verificationText(report)));

  if (view.phase === 'resolved') {
    blocks.push(
      context(
        `✅ Verified fixed${report.verification?.by ? ` by ${mention(report.verification.by)}` : ''}${report.verification ? ` ${slackDate(report.verification.at)}` : ''}`,
      ),
    );
  } else if (view.phase === 'collecting') {
    blocks.push(context('⏳ _Re-checking the evidence… this message updates when done._'));
  } else if (view.phase === 'verifying') {
    blocks.push(context('⏳ _Verifying the fix: pulling 5xx and latency since it was applied…_'));
  } else if (view.phase === 'failed') {
    blocks.push(context(`⚠️ ${escapeMrkdwn(view.error?.message ?? 'The last step failed.')}`));
    blocks.push(verdictButtons(view, report));
  } else {
    blocks.push(verdictButtons(view, report));
  }
  // 👍/👎 whatever the phase: a verified fix or a re-check does not stop people from judging.
  blocks.push(...feedbackBlocks(view));

  const native = [...blocks.slice(0, guideAt), markdown(guideMarkdown), ...blocks.slice(guideEnd)];
  return {
    text: escapeMrkdwn(
      `Verdict for ${report.api.name} ${report.api.stage.name}: ${verdict.cause}${verdict.confidence > 0 ? ` (${pct(verdict.confidence)})` : ''} · ${verdict.summary}`,
    ),
    blocks: fitBlocks(native),
    fallbackBlocks: fitBlocks(blocks),
  };
}

/** "🔧 How to fix" as mrkdwn: the icon, then the words in bold. */
function mrkdwnTitle(title: string): string {
  return title.replace(/^(\S+) (.+)$/u, '$1 *$2*');
}

/** A titled list in standard Markdown, for the markdown block. */
function markdownList(title: string, items: readonly string[], fill: (t: string) => string, numbered: boolean): string {
  const { shown, hidden } = capList(items, MAX_GUIDE_ITEMS_MARKDOWN);
  const lines = shown.map((text, i) => `${numbered ? `${i + 1}.` : '-'} ${fill(text)}`);
  if (hidden > 0) lines.push(`_${andMore(hidden)} in the runbook_`);
  return `**${title}**\n\n${lines.join('\n')}`;
}

function verdictButtons(view: DiagnosisView, report: DiagnosisReport): KnownBlock {
  const value = encodeButtonValue({ diagnosisId: view.diagnosisId, version: view.version });
  const buttons = [
    button('Re-check now', ACTION_IDS.recheck, value),
    button('Verify fix', ACTION_IDS.verifyFix, value, 'primary'),
    button('Summary', ACTION_IDS.summary, value),
  ];
  const cause = report.verdict.cause;
  // Ruling out only makes sense when a cause was named.
  if (cause !== 'none' && cause !== 'inconclusive') {
    buttons.push(
      button(
        'Not this, next hypothesis',
        ACTION_IDS.rejectHypothesis,
        encodeButtonValue({ diagnosisId: view.diagnosisId, version: view.version, cause }),
        'danger',
      ),
    );
  }
  return actions(buttons, VERDICT_ACTIONS_BLOCK_ID);
}

const WHERE_LABELS: Record<WhereLine['label'], string> = {
  route: '📍 *Route*',
  routes: '📍 *Routes*',
  backend: '🎯 *Backend*',
  change: '🔧 *Change*',
  quote: '💬 *Logged*',
};

function whereText(line: WhereLine): string {
  return line.label === 'quote' ? `${WHERE_LABELS.quote} ${inlineCode(line.text)}` : `${WHERE_LABELS[line.label]} ${escapeMrkdwn(line.text)}`;
}

function hypothesisText(h: Hypothesis, rank: number, fitter: Fitter): string {
  const flag = h.rejected ? ' _(ruled out)_' : '';
  const lines = [`*${rank}. ${h.cause}* ${h.score.toFixed(2)} ${bar(h.score)}${flag}`];
  const side = (items: Hypothesis['evidence'], sign: string) => {
    const { shown, hidden } = fitter.list(items, MAX_ITEMS_PER_SIDE);
    for (const item of shown) lines.push(`${sign} [${item.source}] ${escapeMrkdwn(fitter.text(item.summary, 300))}`);
    if (hidden > 0) lines.push(`      _${andMore(hidden)}_`);
  };
  side(h.evidence, '✚');
  side(h.against, '−');
  for (const text of fitter.list(h.confirm, MAX_CONFIRM).shown) lines.push(`❔ _to confirm:_ ${escapeMrkdwn(fitter.text(text, 300))}`);
  return lines.join('\n');
}

function listText(title: string, items: readonly string[], fill: (t: string) => string, fitter: Fitter, numbered: boolean): string {
  const { shown, hidden } = fitter.list(items, MAX_GUIDE_ITEMS);
  const lines = shown.map((text, i) => `${numbered ? `${i + 1}.` : '•'} ${fill(text)}`);
  if (hidden > 0) lines.push(`_${andMore(hidden)} in the runbook_`);
  return `${title}\n${lines.join('\n')}`;
}

function guideTitles(cause: DiagnosisReport['verdict']['cause']): { fix: string; verify: string } {
  if (cause === 'none') return { fix: '🔧 If clients still report errors', verify: '✅ How to check' };
  if (cause === 'inconclusive') return { fix: '🔧 To get further', verify: '✅ How to know' };
  return { fix: '🔧 How to fix', verify: '✅ How to verify' };
}

function verificationText(report: DiagnosisReport): string {
  const v = report.verification!;
  const status = v.verified ? '✅ *Fix verified*' : '❌ *Not verified yet*';
  const who = v.by ? ` (asked by ${mention(v.by)})` : '';
  return (
    `${status}${who} — ${escapeMrkdwn(v.summary)}\n` +
    `${num(v.errors5xxSinceFix)} 5xx of ${num(v.requestsSinceFix)} requests since the fix · checked ${slackDate(v.at)} · baseline ${pct(v.baselineRate, 1)}`
  );
}

function bar(score: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, score)) * 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)}`;
}
