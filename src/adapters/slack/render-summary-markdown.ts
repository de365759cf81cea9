/**
 * The incident summary as Markdown, ready to paste into a postmortem: impact, one timeline that
 * merges the evidence (onset, CloudTrail changes) with what people did in the thread, the root
 * cause and the evidence behind it, the fix, its verification, the gaps and the follow-ups, then
 * how people judged the verdict (labels) and the similar incidents seen before.
 */
import type { DiagnosisReport } from '../../core/diagnosis/types.ts';
import { fillPlaceholders, placeholderValuesFor } from '../config/load-runbook.ts';
import type { DiagnosisView } from '../../core/view/diagnosis-view.ts';
import { duration, minutesBeforeOnset, num, pct, rateOf, relativeToOnset, utcDateTime } from '../../core/view/format-values.ts';
import { isSlackUserId } from './slack-format.ts';
import { rankHypotheses } from '../../core/view/rank-hypotheses.ts';
import { decisiveLabel, isRightLabel, type DiagnosisLabel } from '../../core/feedback/diagnosis-label.ts';
import { dayMonth, type SimilarIncidentLink } from './render-similar-incidents-message.ts';

export interface SummaryTimelineEntry {
  at: string;
  by?: string;
  what: string;
}

/**
 * Renders the postmortem summary of a diagnosis.
 *
 * @example
 * await client.filesUploadV2({ channel_id, thread_ts, content: renderSummaryMarkdown(view), filename: 'summary.md' });
 */
export interface SummaryExtras {
  /** Earlier incidents like this one, as the thread showed them. */
  similar?: readonly SimilarIncidentLink[];
}

export function renderSummaryMarkdown(view: DiagnosisView, extras: SummaryExtras = {}): string {
  const report = view.report;
  const name = report ? `${report.api.name} (${report.api.id})` : view.ref.apiId;
  const out: string[] = [`# 5xx incident: ${md(name)} · stage ${md(view.ref.stage)} · ${md(view.ref.region)}`, ''];
  out.push(`- **Status:** ${statusOf(view)}`);
  out.push(`- **Requested by:** ${who(view.requestedBy)} at ${utcDateTime(view.requestedAt)} UTC`);
  out.push(`- **Diagnosis:** ${md(view.diagnosisId)} (version ${view.version})`);
  if (view.incidents?.length) {
    for (const i of view.incidents) {
      const label = `${i.number !== undefined ? `#${i.number} ` : ''}${md(i.title)}`;
      out.push(`- **PagerDuty:** ${i.url ? `[${label}](${i.url})` : label}${i.status ? ` (${md(i.status)})` : ''}`);
    }
  }

  if (report) writeImpact(out, report);
  out.push('', '## Timeline (UTC)', '');
  const entries = summaryTimeline(view);
  if (entries.length === 0) out.push('_Nothing recorded yet._');
  for (const e of entries) out.push(`- **${utcDateTime(e.at)}** — ${e.by ? `${who(e.by)}: ` : ''}${md(e.what)}`);

  if (!report) {
    out.push(
      '',
      '## Root cause',
      '',
      view.phase === 'failed' ? `The diagnosis failed: ${md(view.error?.message ?? 'unknown error')}` : '_Evidence is still being collected._',
    );
    return `${out.join('\n')}\n`;
  }
  writeRootCause(out, view, report);
  writeFeedback(out, view.labels ?? []);
  writeSimilar(out, extras.similar ?? []);
  return `${out.join('\n')}\n`;
}

function writeFeedback(out: string[], labels: readonly DiagnosisLabel[]): void {
  out.push('', '## Feedback and labels', '');
  if (labels.length === 0) {
    out.push('_Nobody has judged the verdict yet (👍/👎 under the verdict in the thread)._');
    return;
  }
  for (const l of [...labels].sort((a, b) => a.at.localeCompare(b.at))) {
    out.push(
      `- **${utcDateTime(l.at)}** — ${who(l.by)}: ${labelSourceText(l)}; predicted **${l.predictedCause}** (${pct(l.confidence)}), true cause **${l.trueCause}**${l.note ? ` — ${md(l.note)}` : ''}`,
    );
  }
  const decisive = decisiveLabel(labels);
  if (decisive) out.push('', `Counted as **${isRightLabel(decisive) ? 'right' : 'wrong'}** in the bot's accuracy.`);
}

function writeSimilar(out: string[], similar: readonly SimilarIncidentLink[]): void {
  out.push('', '## Similar incidents', '');
  if (similar.length === 0) {
    out.push('_None among the earlier diagnoses stored in this workspace._');
    return;
  }
  for (const link of similar) {
    const s = link.similar;
    const when = link.permalink ? `[${dayMonth(s.past.at)}](${link.permalink})` : dayMonth(s.past.at);
    const shared = s.shared.map((t) =>
      t.kind === 'api' ? 'same API' : t.kind === 'cause' ? `same cause ${t.cause}` : `same ${t.resource.kind} ${md(t.resource.id)}`,
    );
    const cause =
      s.judged === 'wrong' ? `said ${s.past.traits.cause}, marked wrong: really **${s.cause}**` : `**${s.cause}**${s.judged === 'right' ? ' (confirmed)' : ''}`;
    const ended = s.past.fixVerified ? ', fix verified' : '';
    out.push(
      `- ${when} · ${md(s.past.traits.apiName ?? s.past.traits.apiId)}${link.stage ? ` ${md(link.stage)}` : ''} · ${shared.join(', ')} · ${cause}${ended}${s.note ? ` — ${md(s.note)}` : ''}`,
    );
  }
}

function labelSourceText(label: DiagnosisLabel): string {
  if (label.source === 'verified-fix') return 'fix verified';
  return label.source === 'confirmed' ? '👍 confirmed' : '👎 corrected';
}

/**
 * Everything that happened, oldest first: the 5xx onset, the CloudTrail changes in the window,
 * what people did in the thread and the fix verification. Equal times keep that order.
 */
export function summaryTimeline(view: DiagnosisView): SummaryTimelineEntry[] {
  const entries: SummaryTimelineEntry[] = [];
  const report = view.report;
  const evidence = report?.evidence;
  for (const c of evidence?.changes?.changes ?? []) {
    const when = relativeToOnset(minutesBeforeOnset(c, evidence?.metrics?.onset));
    entries.push({
      at: c.time,
      by: c.who,
      what: `${c.summary}${c.errorCode ? ` (failed: ${c.errorCode})` : ''}${when ? ` — ${when}` : ''}${c.relatedToApi ? ' [related to this API]' : ''}`,
    });
  }
  const metrics = evidence?.metrics;
  if (metrics?.onset) {
    entries.push({ at: metrics.onset, what: `5xx onset: errors rise above the baseline (${num(metrics.totals.errors5xx)} 5xx in the window)` });
  }
  for (const t of view.timeline) entries.push({ at: t.at, ...(t.by ? { by: t.by } : {}), what: t.what });
  for (const l of view.labels ?? []) {
    entries.push({
      at: l.at,
      by: l.by,
      what:
        l.source === 'verified-fix'
          ? `Label: fix verified, ${l.trueCause} confirmed`
          : l.source === 'confirmed'
            ? `👍 ${l.predictedCause} confirmed`
            : `👎 real cause: ${l.trueCause}`,
    });
  }
  const v = report?.verification;
  if (v) {
    entries.push({
      at: v.at,
      ...(v.by ? { by: v.by } : {}),
      what: `${v.verified ? 'Fix verified' : 'Fix not verified'}: ${v.summary}`,
    });
  }
  return entries
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((a, b) => (Number.isFinite(a.t) && Number.isFinite(b.t) && a.t !== b.t ? a.t - b.t : a.i - b.i))
    .map(({ e }) => e);
}

function writeImpact(out: string[], report: DiagnosisReport): void {
  const { window } = report;
  out.push('', '## Impact', '');
  const m = report.evidence.metrics;
  out.push(`- **Window:** ${utcDateTime(window.start)} – ${utcDateTime(window.end)} UTC (baseline from ${utcDateTime(window.baselineStart)} UTC)`);
  if (!m) {
    out.push('- **5xx:** unknown (metrics not available)');
    return;
  }
  out.push(`- **5xx:** ${num(m.totals.errors5xx)} of ${num(m.totals.requests)} requests (${pct(rateOf(m.totals), 1)}), severity **${m.totals.severity}**`);
  out.push(`- **Baseline:** ${pct(rateOf(m.baseline), 1)} (${num(m.baseline.errors5xx)} of ${num(m.baseline.requests)})`);
  if (m.onset) out.push(`- **Onset:** ${utcDateTime(m.onset)} UTC`);
  const peak = m.perMinute.reduce((best, p) => (p.errors5xx > best.errors5xx ? p : best), { t: '', errors5xx: 0, requests: 0 });
  if (peak.errors5xx > 0) out.push(`- **Peak:** ${num(peak.errors5xx)} 5xx in the minute at ${utcDateTime(peak.t)} UTC`);
  const lat = m.integrationLatency;
  if (lat.p99 !== undefined || lat.max !== undefined) {
    out.push(`- **Integration latency:** p99 ${lat.p99 !== undefined ? duration(lat.p99) : '–'}, max ${lat.max !== undefined ? duration(lat.max) : '–'}`);
  }
  const status = report.evidence.logs?.statusMix;
  if (status && Object.keys(status).length > 0) {
    out.push(
      `- **Statuses clients saw (logs):** ${Object.entries(status)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, n]) => `${code} × ${num(n)}`)
        .join(', ')}`,
    );
  }
}

function writeRootCause(out: string[], view: DiagnosisView, report: DiagnosisReport): void {
  const { verdict } = report;
  const guide = view.runbook.causes[verdict.cause];
  const values = placeholderValuesFor(report);
  const fill = (text: string) => fillPlaceholders(text, values);

  out.push('', '## Root cause', '');
  out.push(`**${verdict.cause}** — ${md(guide.title)}${verdict.confidence > 0 ? ` (confidence ${pct(verdict.confidence)})` : ''}`, '');
  out.push(md(verdict.summary), '');
  out.push(`> ${fill(guide.meaning)}`);
  const ranked = rankHypotheses(report.hypotheses, 3);
  const leader = ranked[0];
  if (leader && verdict.cause !== 'none') {
    out.push('', '### Decisive evidence', '');
    for (const item of leader.evidence) out.push(`- ✚ [${item.source}] ${md(item.summary)}`);
    for (const item of leader.against) out.push(`- − [${item.source}] ${md(item.summary)}`);
    if (leader.evidence.length === 0 && leader.against.length === 0) out.push('- _no decisive evidence_');
    const others = ranked.slice(1).filter((h) => h.score > 0);
    if (others.length > 0) {
      out.push('', `Other candidates: ${others.map((h) => `${h.cause} (${h.score.toFixed(2)})${h.rejected ? ' ruled out' : ''}`).join(', ')}.`);
    }
    const rejected = report.hypotheses.filter((h) => h.rejected).map((h) => h.cause);
    if (rejected.length > 0) out.push('', `Ruled out in the thread: ${rejected.join(', ')}.`);
  }

  out.push('', '## Fix', '');
  const tried = report.verification;
  if (tried?.verified) out.push(`A fix was applied and verified at ${utcDateTime(tried.at)} UTC; what was done is in the timeline above.`, '');
  else if (tried) out.push(`A fix was tried; the check at ${utcDateTime(tried.at)} UTC did not confirm it.`, '');
  else out.push('No fix has been verified yet.', '');
  out.push(verdict.cause === 'none' ? 'If clients still report errors:' : 'Directions from the runbook:', '');
  for (const [i, text] of guide.fix.entries()) out.push(`${i + 1}. ${fill(text)}`);

  out.push('', '## Verification', '');
  const v = report.verification;
  if (v) {
    out.push(`${v.verified ? '**Verified fixed**' : '**Not verified yet**'} at ${utcDateTime(v.at)} UTC${v.by ? ` by ${who(v.by)}` : ''}: ${md(v.summary)}`);
    out.push(`${num(v.errors5xxSinceFix)} 5xx of ${num(v.requestsSinceFix)} requests since the fix; baseline ${pct(v.baselineRate, 1)}.`);
  } else {
    out.push('_Not verified yet._ How to verify:', '');
    for (const [i, text] of guide.verify.entries()) out.push(`${i + 1}. ${fill(text)}`);
  }

  out.push('', '## Missing evidence', '');
  if (report.evidence.missing.length === 0) out.push('None: every source was read.');
  for (const m of report.evidence.missing) out.push(`- **${m.source}:** ${md(m.reason)}${m.fix ? ` — fix: ${md(m.fix)}` : ''}`);

  out.push('', '## Follow-ups', '');
  for (const m of report.evidence.missing.filter((x) => x.fix)) out.push(`- [ ] Make ${m.source} evidence available: ${md(m.fix!)}`);
  for (const trap of guide.traps) out.push(`- [ ] Avoid: ${fill(trap)}`);
  const pending = report.checklist.filter((c) => c.status === 'pending');
  for (const c of pending) out.push(`- [ ] Checklist step not done: ${md(c.title)}`);
}

function statusOf(view: DiagnosisView): string {
  const verdict = view.report?.verdict;
  switch (view.phase) {
    case 'collecting':
      return 'collecting evidence';
    case 'verdict':
      return verdict ? `suspected cause **${verdict.cause}**` : 'weighing evidence';
    case 'verifying':
      return 'verifying the fix';
    case 'resolved':
      return '**verified fixed**';
    case 'failed':
      return `failed: ${md(view.error?.message ?? 'unknown error')}`;
  }
}

/** Slack user ids read as @U123 in a document; names stay names. */
function who(by: string): string {
  return isSlackUserId(by) ? `@${by}` : md(by);
}

/** Keeps text from AWS from turning into Markdown structure (emphasis, links, HTML). */
function md(text: string): string {
  return text
    .replace(/([\\*_[\]<>|])/g, '\\$1')
    .replace(/\s+/g, ' ')
    .trim();
}
