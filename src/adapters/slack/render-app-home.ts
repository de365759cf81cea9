/**
 * The bot's Home tab (views.publish): diagnoses still open with their thread, the latest
 * verdicts with how they were judged, accuracy per cause from the labels, and what the bot
 * understands. Rebuilt from the store each time someone opens it; at most 100 blocks.
 */
import type { HomeView } from '@slack/types';
import type { VerdictCause } from '../../core/diagnosis/types.ts';
import { decisiveLabel, isRightLabel, type DiagnosisLabel } from '../../core/feedback/diagnosis-label.ts';
import type { AccuracySummary } from '../../core/feedback/summarize-accuracy.ts';
import type { DiagnosisPhase } from '../../core/view/diagnosis-view.ts';
import { pct } from '../../core/view/format-values.ts';
import { context, divider, header, section, type KnownBlock } from './block-kit.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { andMore, truncateText } from './fit-blocks.ts';
import { slackDate } from './slack-format.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

export interface HomeDiagnosis {
  diagnosisId: string;
  /** The API's name when known, else its id. */
  api: string;
  stage: string;
  region: string;
  phase: DiagnosisPhase;
  cause?: VerdictCause;
  confidence?: number;
  requestedAt: string;
  /** Link to the diagnosis thread (chat.getPermalink). */
  permalink?: string;
  labels?: readonly DiagnosisLabel[];
}

export interface AppHomeInput {
  now: Date;
  open: readonly HomeDiagnosis[];
  /** Newest first; the first 20 are shown. */
  recent: readonly HomeDiagnosis[];
  accuracy: AccuracySummary;
  /** What the bot understands, one line each (mrkdwn), e.g. the slash command and its usage. */
  commands: readonly string[];
}

export const HOME_RECENT = 20;
const MAX_OPEN = 25;
const LINES_PER_SECTION = 10;
const MAX_LINE = 280;

export function renderAppHome(input: AppHomeInput): HomeView {
  const blocks: KnownBlock[] = [
    header('diagnose-502'),
    context(`Updated ${slackDate(input.now.toISOString())} · everything below comes from this workspace's diagnoses`),
  ];

  blocks.push(header(`Open diagnoses (${input.open.length})`));
  if (input.open.length === 0) blocks.push(section('_Nothing open. Run `/diagnose-502 <api-id> <stage>` in a channel to start one._'));
  else
    blocks.push(
      ...lineSections(
        input.open.slice(0, MAX_OPEN).map((d) => openLine(d, input.now)),
        input.open.length - MAX_OPEN,
        'open diagnoses',
      ),
    );

  const recent = input.recent.filter((d) => d.cause !== undefined).slice(0, HOME_RECENT);
  blocks.push(divider(), header(`Last ${HOME_RECENT} verdicts`));
  if (recent.length === 0) blocks.push(section('_No verdict yet._'));
  else blocks.push(...lineSections(recent.map(recentLine), 0, 'verdicts'));

  blocks.push(divider(), header('Accuracy'), ...accuracyBlocks(input.accuracy));

  blocks.push(divider(), header('What I understand'), section(input.commands.map((c) => `• ${c}`).join('\n')));
  return { type: 'home', blocks: blocks.slice(0, SLACK_LIMITS.blocksPerView) };
}

function openLine(d: HomeDiagnosis, now: Date): string {
  const cause = d.cause ? `\`${d.cause}\`${d.confidence ? ` ${pct(d.confidence)}` : ''}` : '_collecting evidence_';
  return `• ${apiText(d)} · ${cause} · ${phaseText(d.phase)} · open ${age(d.requestedAt, now)}${threadLink(d)}`;
}

function recentLine(d: HomeDiagnosis): string {
  const label = decisiveLabel(d.labels);
  const judged = label ? (isRightLabel(label) ? ' · 👍 right' : ` · 👎 wrong: really \`${label.trueCause}\``) : '';
  return `• ${slackDate(d.requestedAt, '{date_short} {time}')} · ${apiText(d)} · \`${d.cause}\`${d.confidence ? ` ${pct(d.confidence)}` : ''}${judged}${threadLink(d)}`;
}

function accuracyBlocks(summary: AccuracySummary): KnownBlock[] {
  if (summary.total.verdicts === 0) return [section('_No verdicts yet._')];
  const lines = summary.byCause.map(
    (r) =>
      `• \`${r.cause}\`: ${r.verdicts} ${r.verdicts === 1 ? 'verdict' : 'verdicts'} · ${r.labelled} labelled · ${r.right} right · ${r.wrong} wrong${r.labelled > 0 ? ` (${pct(r.right / r.labelled)} right)` : ''}`,
  );
  const t = summary.total;
  lines.push(
    `*All causes:* ${t.labelled} of ${t.verdicts} labelled · ${t.right} right · ${t.wrong} wrong${t.labelled > 0 ? ` (${pct(t.right / t.labelled)} right)` : ''}`,
  );
  return [
    section(lines.join('\n')),
    context('_Labelled means judged: 👍 or 👎 with the real cause under a verdict, or a verified fix. Unjudged verdicts count as neither right nor wrong._'),
  ];
}

/** Lines grouped ten to a section, each section well inside the 3,000 characters of a text object. */
function lineSections(lines: string[], hidden: number, noun: string): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_SECTION) {
    out.push(
      section(
        lines
          .slice(i, i + LINES_PER_SECTION)
          .map((l) => truncateText(l, MAX_LINE))
          .join('\n'),
      ),
    );
  }
  if (hidden > 0) out.push(context(`_${andMore(hidden, noun)}_`));
  return out;
}

function apiText(d: HomeDiagnosis): string {
  return `*${escapeMrkdwn(d.api)}* ${escapeMrkdwn(d.stage)} (${escapeMrkdwn(d.region)})`;
}

function threadLink(d: HomeDiagnosis): string {
  return d.permalink ? ` · <${d.permalink.replace(/[<>|\s]/g, '')}|thread>` : '';
}

function phaseText(phase: DiagnosisPhase): string {
  switch (phase) {
    case 'collecting':
      return 'collecting';
    case 'verdict':
      return 'waiting for a fix';
    case 'verifying':
      return 'verifying the fix';
    case 'resolved':
      return 'fix verified';
    case 'failed':
      return 'last step failed';
  }
}

/** "12 min", "3 h", "2 d" since `iso`. */
export function age(iso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000));
  if (!Number.isFinite(minutes)) return '?';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} d`;
}
