/**
 * Answers a follow-up question from what the diagnosis already recorded: the verdict, the
 * hypotheses with their evidence for and against, the CloudTrail changes, the per-route figures
 * and the raw log samples. Nothing here fetches or guesses; when the evidence does not hold the
 * answer, the answer says so and what would provide it. Plain text out: each channel escapes it.
 */
import type { DiagnosisPhase } from '../view/diagnosis-view.ts';
import type { Cause, DiagnosisReport, EvidenceItem, Hypothesis } from '../diagnosis/types.ts';
import type { ChangeEvent, Evidence } from '../evidence/types.ts';
import { minutesBeforeOnset, num, pct, rateOf, relativeToOnset, utcTime } from '../view/format-values.ts';
import { MAX_WINDOW_MINUTES, MIN_WINDOW_MINUTES, type FollowupIntent } from './match-followup-intent.ts';

export interface AnswerLine {
  text: string;
  /** Verbatim text (a log line, a command) shown as code under the line. */
  code?: string;
  /** How the renderer marks the line. */
  mark?: 'for' | 'against' | 'info' | 'step' | 'warn';
}

export interface FollowupAnswer {
  kind: FollowupIntent['kind'];
  title: string;
  lines: AnswerLine[];
  /** Set for a re-run: the window to collect over. The only answer that leads to AWS calls. */
  rerun?: { sinceMinutes: number };
}

export interface FollowupInput {
  intent: FollowupIntent;
  report: DiagnosisReport | null;
  phase: DiagnosisPhase;
  /** The runbook's fix steps for the current verdict, placeholders filled (for "what next"). */
  fixSteps?: readonly string[];
}

const MAX_LIST = 8;
const MAX_SAMPLES = 6;
const MAX_SAMPLE_CHARS = 400;

/** What the help answer lists, in the words a person can type. */
export const FOLLOWUP_EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['why not timeout?', 'why the verdict is this cause and not another'],
  ['what changed?', 'the CloudTrail changes before the 5xx started'],
  ['which routes fail?', 'the 5xx per route or endpoint'],
  ['show samples for integration-timeout', 'raw log lines for a class (or `show logs for POST /orders` for a route)'],
  ['since 3h', 'collect the evidence again over a longer window (5m to 24h)'],
  ['what next?', 'the fix from the runbook and the checklist steps still open'],
];

/**
 * @example
 * answerFollowup({ intent: { kind: 'changes' }, report, phase: 'verdict' }).lines[0].text;
 * // '09:31 UTC · 9 min before onset · alice · RevokeSecurityGroupIngress on sg-0abc… (on this API's path)'
 */
export function answerFollowup(input: FollowupInput): FollowupAnswer {
  const { intent, report } = input;
  switch (intent.kind) {
    case 'help':
      return helpAnswer('help', 'What you can ask me in this thread');
    case 'unknown':
      return helpAnswer('unknown', 'I did not understand that. Here is what I can answer from this diagnosis');
    case 'bad-window':
      return {
        kind: 'bad-window',
        title: 'That window is outside what I can collect',
        lines: [
          {
            text: `A re-run needs a window between ${MIN_WINDOW_MINUTES} min and ${MAX_WINDOW_MINUTES / 60} h${intent.asked === 'no window' ? '' : ` (you asked for ${intent.asked})`}. Try "since 3h".`,
            mark: 'info',
          },
        ],
      };
    case 'rerun':
      return {
        kind: 'rerun',
        title: `Collecting again over the last ${windowText(intent.sinceMinutes)}`,
        lines: [
          {
            text: `Metrics, logs, CloudTrail changes and the integration configuration${report ? ` of ${report.api.name} ${report.api.stage.name}` : ''} are read again over the last ${windowText(intent.sinceMinutes)}; the evidence and the verdict in this thread update when it is done.`,
            mark: 'info',
          },
        ],
        rerun: { sinceMinutes: intent.sinceMinutes },
      };
    default:
      break;
  }
  if (!report) {
    return {
      kind: intent.kind,
      title: 'No verdict yet',
      lines: [{ text: 'The evidence is still being collected; ask again once the verdict is in this thread.', mark: 'info' }],
    };
  }
  switch (intent.kind) {
    case 'why-not':
      return whyNot(report, intent.cause);
    case 'changes':
      return changesAnswer(report);
    case 'routes':
      return routesAnswer(report);
    case 'samples':
      return samplesAnswer(report, intent.route, intent.category);
    case 'next':
      return nextAnswer(report, input.phase, input.fixSteps ?? []);
  }
}

function helpAnswer(kind: 'help' | 'unknown', title: string): FollowupAnswer {
  return {
    kind,
    title,
    lines: [
      ...FOLLOWUP_EXAMPLES.map(([ask, what]) => ({ text: what, code: ask, mark: 'step' as const })),
      { text: 'Answers come from the evidence recorded in this thread; only a re-run reads AWS again.', mark: 'info' },
    ],
  };
}

// --- why not ---------------------------------------------------------------------------------

function whyNot(report: DiagnosisReport, asked: Cause | undefined): FollowupAnswer {
  const { verdict, hypotheses } = report;
  const sorted = [...hypotheses].sort((a, b) => b.score - a.score);
  const leader = sorted.find((h) => h.cause === verdict.cause);
  const summary: AnswerLine = {
    text: `Verdict: ${verdict.cause}${verdict.confidence > 0 ? ` (${pct(verdict.confidence)} confidence)` : ''}. ${verdict.summary}`,
    mark: 'info',
  };

  if (!asked || asked === verdict.cause) {
    const lines = [summary];
    if (leader) {
      lines.push(...items(leader.evidence, 'for', 4));
      lines.push(...items(leader.against, 'against', 2));
    } else if (verdict.cause === 'inconclusive' || verdict.cause === 'none') {
      for (const h of sorted.filter((x) => x.score > 0).slice(0, 3)) lines.push({ text: `${h.cause} scored ${h.score.toFixed(2)}`, mark: 'info' });
    }
    return { kind: 'why-not', title: `Why ${verdict.cause}`, lines };
  }

  const other = hypotheses.find((h) => h.cause === asked);
  const title = verdict.cause === 'none' || verdict.cause === 'inconclusive' ? `Why not ${asked}` : `Why ${verdict.cause} and not ${asked}`;
  const lines: AnswerLine[] = [summary];
  if (!other || (other.score === 0 && other.evidence.length === 0)) {
    lines.push({ text: `Nothing in the recorded evidence pointed to ${asked}.`, mark: 'against' });
    if (other) lines.push(...items(other.against, 'against', 3));
    lines.push(...confirmLines(other));
    return { kind: 'why-not', title, lines };
  }
  if (other.rejected) lines.push({ text: `${asked} was ruled out in this thread ("Not this, next hypothesis").`, mark: 'against' });
  const leadScore = leader ? leader.score.toFixed(2) : '–';
  lines.push({ text: `Scores: ${verdict.cause} ${leadScore}, ${asked} ${other.score.toFixed(2)} (each cause weighs the same evidence).`, mark: 'info' });
  const against = items(other.against, 'against', 3);
  if (against.length > 0) lines.push({ text: `Against ${asked}:`, mark: 'info' }, ...against);
  if (leader && leader.evidence.length > 0) lines.push({ text: `What points to ${verdict.cause} instead:`, mark: 'info' }, ...items(leader.evidence, 'for', 3));
  const forOther = items(other.evidence, 'for', 2);
  if (forOther.length > 0) lines.push({ text: `What did speak for ${asked}:`, mark: 'info' }, ...forOther);
  lines.push(...confirmLines(other));
  return { kind: 'why-not', title, lines };
}

function items(list: readonly EvidenceItem[], mark: 'for' | 'against', max: number): AnswerLine[] {
  const sorted = [...list].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const lines: AnswerLine[] = sorted.slice(0, max).map((item) => ({ text: `[${item.source}] ${item.summary}`, mark }));
  if (sorted.length > max) lines.push({ text: `and ${sorted.length - max} more`, mark: 'info' });
  return lines;
}

function confirmLines(h: Hypothesis | undefined): AnswerLine[] {
  return (h?.confirm ?? []).slice(0, 2).map((text) => ({ text: `To check: ${text}`, mark: 'step' as const }));
}

// --- changes ---------------------------------------------------------------------------------

function changesAnswer(report: DiagnosisReport): FollowupAnswer {
  const { evidence } = report;
  const onset = evidence.metrics?.onset;
  const title = onset ? `What changed before the onset (${utcTime(onset)} UTC)` : 'What changed in CloudTrail';
  const changes = evidence.changes;
  if (!changes) return { kind: 'changes', title, lines: [unavailable(evidence, 'changes', changes)] };
  const lines: AnswerLine[] = [];
  const decisive = report.verdict.where?.change;
  if (decisive) {
    const when = relativeToOnset(decisive.minutesBeforeOnset);
    lines.push({
      text: `The verdict ties the failure to ${decisive.eventName} on ${decisive.resource} by ${decisive.who} at ${utcTime(decisive.time)} UTC${when ? ` (${when})` : ''}: ${decisive.detail}`,
      mark: 'warn',
    });
  }
  const before = (c: ChangeEvent) => (minutesBeforeOnset(c, onset) ?? 0) >= 0;
  const ordered = [...changes.changes].sort(
    (a, b) => Number(b.relatedToApi) - Number(a.relatedToApi) || Number(before(b)) - Number(before(a)) || Date.parse(b.time) - Date.parse(a.time),
  );
  if (ordered.length === 0) {
    lines.push({
      text: `No write events to the API, its functions or its network between ${utcTime(changes.lookedAt.start)} and ${utcTime(changes.lookedAt.end)} UTC${changes.truncated ? ' (the lookup was cut short)' : ''}.`,
      mark: 'info',
    });
    return { kind: 'changes', title, lines };
  }
  for (const c of ordered.slice(0, MAX_LIST)) {
    const when = relativeToOnset(minutesBeforeOnset(c, onset));
    const failed = c.errorCode ? ` (failed: ${c.errorCode})` : '';
    lines.push({
      text: `${utcTime(c.time)} UTC${when ? ` · ${when}` : ''} · ${c.who} · ${c.summary}${failed}${c.relatedToApi ? " (on this API's path)" : ''}`,
      mark: c.relatedToApi && before(c) ? 'warn' : 'info',
    });
  }
  if (ordered.length > MAX_LIST) lines.push({ text: `and ${ordered.length - MAX_LIST} more in the evidence message`, mark: 'info' });
  if (changes.truncated) lines.push({ text: 'The CloudTrail lookup was cut short; older changes may be missing.', mark: 'info' });
  return { kind: 'changes', title, lines };
}

// --- routes ----------------------------------------------------------------------------------

function routesAnswer(report: DiagnosisReport): FollowupAnswer {
  const where = report.verdict.where;
  const title = 'Which routes fail';
  if (where && where.routes.length > 0) {
    const lines: AnswerLine[] = where.routes.slice(0, MAX_LIST).map((r) => ({
      text: `${r.route}: ${num(r.errors5xx)} 5xx${r.requests !== undefined ? ` of ${num(r.requests)} requests` : ''} (${pct(r.share)} of all 5xx)${r.cause ? ` · ${r.cause}` : ''}`,
      mark: 'against',
    }));
    if (where.routes.length > MAX_LIST) lines.push({ text: `and ${where.routes.length - MAX_LIST} more`, mark: 'info' });
    const backend = where.backend;
    if (backend) {
      const behind =
        backend.kind === 'lambda'
          ? `Lambda function ${backend.functionName}${backend.qualifier ? `:${backend.qualifier}` : ''}`
          : backend.kind === 'vpc-link'
            ? `VPC link ${backend.vpcLinkId} (${backend.version})`
            : backend.uri;
      lines.push({ text: `Behind them: ${behind}`, mark: 'info' });
    }
    return { kind: 'routes', title, lines };
  }
  const logs = report.evidence.logs;
  const failing = (logs?.endpoints ?? []).filter((e) => e.errors5xx > 0).sort((a, b) => b.errors5xx - a.errors5xx);
  if (failing.length > 0) {
    const total = failing.reduce((n, e) => n + e.errors5xx, 0);
    const lines: AnswerLine[] = failing.slice(0, MAX_LIST).map((e) => ({
      text: `${e.method} ${e.resource}: ${num(e.errors5xx)} 5xx of ${num(e.requests)} requests (${pct(rateOf(e), 1)}; ${pct(e.errors5xx / total)} of the 5xx)`,
      mark: 'against',
    }));
    if (failing.length > MAX_LIST) lines.push({ text: `and ${failing.length - MAX_LIST} more`, mark: 'info' });
    return { kind: 'routes', title, lines };
  }
  const lines: AnswerLine[] = [];
  if (logs?.endpoints && logs.endpoints.length > 0) lines.push({ text: 'The access logs show no 5xx on any route in this window.', mark: 'info' });
  else if (logs === undefined) lines.push({ text: 'The logs are still being read.', mark: 'info' });
  else
    lines.push({
      text: 'The recorded logs have no per-route figures: they come from access logs that include the resource path (REST) or route key (HTTP API).',
      mark: 'info',
    });
  const routes = report.api.integrations.map((i) => i.route);
  if (routes.length > 0)
    lines.push({ text: `Routes with an integration: ${routes.slice(0, MAX_LIST).join(', ')}${routes.length > MAX_LIST ? ', …' : ''}`, mark: 'info' });
  return { kind: 'routes', title, lines };
}

// --- samples ---------------------------------------------------------------------------------

function samplesAnswer(report: DiagnosisReport, route: string | undefined, category: string | undefined): FollowupAnswer {
  const logs = report.evidence.logs;
  const what = [category, route].filter(Boolean).join(', ');
  const title = what ? `Log samples for ${what}` : 'Log samples';
  if (!logs) return { kind: 'samples', title, lines: [unavailable(report.evidence, 'logs', logs)] };
  const lines: AnswerLine[] = [];
  let classes = [...logs.classes].sort((a, b) => b.count - a.count);
  if (category) {
    const picked = classes.filter((c) => c.category === category);
    if (picked.length === 0) {
      lines.push({
        text: `No ${category} lines were found; the classes seen are: ${classes.map((c) => `${c.category} ×${num(c.count)}`).join(', ') || 'none'}.`,
        mark: 'info',
      });
      return { kind: 'samples', title, lines };
    }
    classes = picked;
  }
  let samples = classes.flatMap((c) => c.samples.map((s) => ({ cls: c, sample: s })));
  if (route) {
    const path = route.replace(/^[A-Z]+\s+/, '');
    const matching = samples.filter(({ sample }) => sample.message.includes(path));
    if (matching.length > 0) samples = matching;
    else
      lines.push({
        text: `No recorded line mentions ${route} (execution log lines do not name the route); these are the samples for every route.`,
        mark: 'info',
      });
  }
  if (samples.length === 0) {
    lines.push({ text: `No failure lines were found in ${logs.logGroup}.`, mark: 'info' });
    return { kind: 'samples', title, lines };
  }
  for (const { cls, sample } of samples.slice(0, MAX_SAMPLES)) {
    const message = sample.message.replace(/\s+/g, ' ').trim();
    lines.push({
      text: `${cls.category} (×${num(cls.count)} in all) · ${utcTime(sample.timestamp)} UTC${sample.requestId ? ` · request ${sample.requestId}` : ''}`,
      code: message.length > MAX_SAMPLE_CHARS ? `${message.slice(0, MAX_SAMPLE_CHARS - 1)}…` : message,
      mark: 'info',
    });
  }
  if (samples.length > MAX_SAMPLES) lines.push({ text: `and ${samples.length - MAX_SAMPLES} more samples`, mark: 'info' });
  lines.push({ text: `From ${logs.kind} ${logs.logGroup}; up to three lines are kept per class.`, mark: 'info' });
  return { kind: 'samples', title, lines };
}

// --- next ------------------------------------------------------------------------------------

function nextAnswer(report: DiagnosisReport, phase: DiagnosisPhase, fixSteps: readonly string[]): FollowupAnswer {
  const { verdict } = report;
  if (phase === 'resolved') {
    return {
      kind: 'next',
      title: 'The fix is verified',
      lines: [
        { text: report.verification?.summary ?? 'The 5xx are back to their baseline.', mark: 'for' },
        { text: 'Press "Summary" on the verdict for a postmortem-ready write-up.', mark: 'step' },
      ],
    };
  }
  const lines: AnswerLine[] = [];
  const heading = verdict.cause === 'inconclusive' ? 'To get further' : verdict.cause === 'none' ? 'If clients still report errors' : `To fix ${verdict.cause}`;
  lines.push({ text: `${heading} (from the runbook):`, mark: 'info' });
  for (const [i, step] of fixSteps.slice(0, 5).entries()) lines.push({ text: `${i + 1}. ${step}`, mark: 'step' });
  if (fixSteps.length > 5) lines.push({ text: `and ${fixSteps.length - 5} more steps in the verdict message`, mark: 'info' });
  const open = report.checklist.filter((c) => c.kind === 'manual' && c.status === 'pending');
  for (const step of open) lines.push({ text: `Checklist step still open: ${step.title}`, mark: 'step' });
  for (const m of report.evidence.missing.filter((x) => x.fix).slice(0, 3)) lines.push({ text: `Missing ${m.source} evidence: ${m.fix}`, mark: 'warn' });
  if (verdict.cause !== 'none' && verdict.cause !== 'inconclusive')
    lines.push({ text: 'Once the fix is in, press "Verify fix" on the verdict.', mark: 'step' });
  return { kind: 'next', title: 'What to do next', lines };
}

// ---------------------------------------------------------------------------------------------

function unavailable(evidence: Evidence, source: 'changes' | 'logs', value: unknown): AnswerLine {
  if (value === undefined) return { text: `The ${source} are still being collected.`, mark: 'info' };
  const missing = evidence.missing.find((m) => m.source === source);
  return {
    text: `No ${source} were recorded: ${missing?.reason ?? 'the collector returned nothing'}${missing?.fix ? `. To get them: ${missing.fix}` : ''}`,
    mark: 'warn',
  };
}

/** 180 → "3 h", 90 → "90 min". */
export function windowText(minutes: number): string {
  return minutes >= 120 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}
