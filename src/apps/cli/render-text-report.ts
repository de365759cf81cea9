/**
 * The terminal report: what an on-call engineer reads in twenty seconds. Verdict first, then the
 * evidence that decided it, what could not be looked at, what to do next, and how to fix and
 * verify. Pure: takes a report and the runbook, returns text; colour only when asked for.
 */
import { stripTerminalControlsDeep } from '../../core/view/strip-terminal-controls.ts';
import type { DiagnosisReport, Hypothesis, VerdictCause } from '../../core/diagnosis/types.ts';
import type { ChangesFindings, ConfigFindings, Evidence, LogsFindings, MetricsFindings, MissingEvidence, Severity } from '../../core/evidence/types.ts';
import { fillPlaceholders, placeholderValuesFor, type PlaceholderValues } from '../../adapters/config/load-runbook.ts';
import type { CauseGuide, Runbook } from '../../core/runbook/runbook-schema.ts';
import { minutesBetween, num, oneLine, pct, rateOf, statusMix, utcDateTime, utcTime } from '../../core/view/format-values.ts';
import { sparkline } from '../../core/view/sparkline.ts';
import { whereLines } from '../../core/view/where-lines.ts';

export interface TextReportOptions {
  /** ANSI colour; off by default so piped output and logs stay clean. */
  color?: boolean;
  /** Wrap prose at this many columns (default 100). */
  width?: number;
}

const DEFAULT_WIDTH = 100;
const MAX_HYPOTHESES = 3;
const MAX_ITEMS_PER_SIDE = 3;
const MAX_CHANGES = 8;
const MAX_ENDPOINTS = 5;

/**
 * Renders a diagnosis as plain text for a terminal.
 *
 * @example
 * process.stdout.write(renderTextReport(report, await loadRunbook(), { color: process.stdout.isTTY }));
 */
export function renderTextReport(raw: DiagnosisReport, runbook: Runbook, opts: TextReportOptions = {}): string {
  // Everything in the report may come from AWS: no terminal control sequence reaches the screen.
  const report = stripTerminalControlsDeep(raw);
  const out = new Output(Math.max(40, opts.width ?? DEFAULT_WIDTH), makeStyle(opts.color ?? false));
  const values = placeholderValuesFor(report);
  const cause = report.verdict.cause;
  const guide = runbook.causes[cause];

  writeHeader(out, report);
  writeVerdict(out, report, guide);
  writeWhere(out, report);

  if (cause === 'none') {
    writeHealthy(out, report, guide, values);
  } else if (cause === 'inconclusive') {
    writeMissing(out, report.evidence.missing, 'MISSING EVIDENCE');
    writeHypotheses(out, report.hypotheses, 'TOP CANDIDATES');
    writeEvidence(out, report);
    writeNextSteps(out, report, runbook, values);
    writeGuide(out, guide, values, { fix: 'TO GET FURTHER', verify: 'HOW TO KNOW', culprits: 'Why this happens' });
  } else {
    writeHypotheses(out, report.hypotheses, 'HYPOTHESES');
    writeEvidence(out, report);
    writeMissing(out, report.evidence.missing, 'MISSING EVIDENCE');
    writeNextSteps(out, report, runbook, values);
    writeGuide(out, guide, values, { fix: `FIX — ${guide.title}`, verify: 'HOW TO VERIFY', culprits: 'Usual culprits' });
  }
  writeVerification(out, report);
  return out.text();
}

// ---------------------------------------------------------------------------------------------
// sections

function writeHeader(out: Output, report: DiagnosisReport): void {
  const { api, window } = report;
  const { s } = out;
  out.line(
    `${s.bold('diagnose-502')}  ${s.bold(api.name)} (${api.id}) · ${api.type === 'rest' ? 'REST' : 'HTTP'} API · stage ${api.stage.name} · ${api.region}`,
  );
  if (report.focusRoute) out.line(`focus: route ${report.focusRoute}`);
  const minutes = minutesBetween(window.start, window.end);
  const span = `${utcDateTime(window.start)} → ${sameDay(window.start, window.end) ? utcTime(window.end) : utcDateTime(window.end)} UTC`;
  out.line(s.dim(`window ${span}${minutes !== undefined ? ` (${minutes} min)` : ''} · baseline from ${utcTime(window.baselineStart)} UTC`));
}

function writeVerdict(out: Output, report: DiagnosisReport, guide: CauseGuide): void {
  const { s } = out;
  const { verdict } = report;
  const paint = verdictPaint(s, verdict.cause);
  out.blank();
  out.wrap(`${s.bold('VERDICT')}  ${paint(s.bold(verdict.cause.toUpperCase()))} ${s.bold(pct(verdict.confidence, 0))} confidence — `, verdict.summary, 9);
  out.wrap('         ', `${guide.title}. ${guide.meaning}`, 9, s.dim);
}

/** What to act on, right under the verdict: route, backend, change and a line read. */
function writeWhere(out: Output, report: DiagnosisReport): void {
  const lines = whereLines(report.verdict.where);
  if (lines.length === 0) return;
  const { s } = out;
  out.section('WHERE');
  for (const line of lines) {
    // Terminal escape sequences from AWS text must not reach the terminal.
    out.wrap(`  ${s.bold(line.label.padEnd(8))} `, stripControl(line.label === 'quote' ? `"${line.text}"` : line.text), 11);
  }
}

function stripControl(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

function writeHypotheses(out: Output, hypotheses: readonly Hypothesis[], title: string): void {
  const shown = [...hypotheses]
    .sort((a, b) => b.score - a.score)
    .filter((h, i) => i === 0 || h.score > 0 || h.evidence.length > 0)
    .slice(0, MAX_HYPOTHESES);
  if (shown.length === 0) return;
  const { s } = out;
  out.section(title);
  shown.forEach((h, i) => {
    const flag = h.rejected ? s.dim('  (ruled out in the checklist)') : '';
    out.line(`  ${i + 1}. ${s.bold(h.cause.padEnd(14))} ${h.score.toFixed(2)}  ${bar(h.score)}${flag}`);
    for (const item of h.evidence.slice(0, MAX_ITEMS_PER_SIDE)) {
      out.wrap(`     ${s.green('+')} [${item.source}] `, item.summary, 8);
    }
    for (const item of h.against.slice(0, MAX_ITEMS_PER_SIDE)) {
      out.wrap(`     ${s.red('−')} [${item.source}] `, item.summary, 8);
    }
    for (const text of h.confirm.slice(0, 2)) {
      out.wrap(`     ${s.cyan('?')} to confirm: `, text, 8);
    }
  });
}

function writeEvidence(out: Output, report: DiagnosisReport): void {
  out.section('EVIDENCE');
  writeMetrics(out, report.evidence.metrics, report.evidence);
  writeLogs(out, report.evidence.logs, report.evidence);
  writeChanges(out, report.evidence.changes, report.evidence);
  writeConfig(out, report.evidence.config, report.evidence);
}

function writeMetrics(out: Output, metrics: MetricsFindings | null | undefined, evidence: Evidence): void {
  const { s } = out;
  if (!metrics) {
    out.line(`  ${s.bold('metrics')}  ${s.dim(unavailable(evidence, 'metrics'))}`);
    return;
  }
  const dims = Object.entries(metrics.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  out.line(`  ${s.bold('metrics')}  ${s.dim(`${metrics.namespace} ${metrics.errorMetric}${dims ? `  ${dims}` : ''}`)}`);
  const { totals, baseline } = metrics;
  out.line(
    `    requests ${num(totals.requests)} · 5xx ${num(totals.errors5xx)} (${pct(rateOf(totals), 1)}) · severity ${severity(s, totals.severity)} · baseline ${pct(rateOf(baseline), 1)} (${num(baseline.errors5xx)} of ${num(baseline.requests)})`,
  );
  if (metrics.onset) out.line(`    onset ${s.bold(`${utcTime(metrics.onset)} UTC`)}`);
  writeSparkline(out, metrics);

  const lat = metrics.integrationLatency;
  const at = metrics.latencyAtTimeout;
  const latParts = [
    lat.average !== undefined ? `avg ${ms(lat.average)}` : undefined,
    lat.p99 !== undefined ? `p99 ${ms(lat.p99)}` : undefined,
    lat.max !== undefined ? `max ${ms(lat.max)}` : undefined,
    at ? `timeout ${ms(at.timeoutMs)}` : undefined,
  ].filter(isString);
  if (latParts.length > 0) out.line(`    integration latency ${latParts.join(' · ')}`);
  if (at && at.minutesWithErrors > 0) {
    const line = `    at the timeout in ${at.minutesAtTimeout} of ${at.minutesWithErrors} minutes with 5xx (${pct(at.share, 0)})`;
    out.line(at.share >= 0.5 ? s.yellow(line) : line);
  }
  for (const fn of metrics.lambda) {
    const duration = [
      fn.durationP99 !== undefined ? `duration p99 ${ms(fn.durationP99)}` : undefined,
      fn.durationMax !== undefined ? `max ${ms(fn.durationMax)}` : undefined,
    ].filter(isString);
    const errors = fn.errors > 0 ? s.red(`${num(fn.errors)} errors`) : `${num(fn.errors)} errors`;
    const throttles = fn.throttles > 0 ? s.red(`${num(fn.throttles)} throttles`) : `${num(fn.throttles)} throttles`;
    out.line(
      `    lambda ${fn.functionName}: ${num(fn.invocations)} invocations · ${errors} · ${throttles}${duration.length ? ` · ${duration.join(' · ')}` : ''}`,
    );
  }
}

/** The 5xx-per-minute line, squeezed into the width by summing neighbouring minutes when needed. */
function writeSparkline(out: Output, metrics: MetricsFindings): void {
  const points = metrics.perMinute;
  if (points.length === 0) return;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const label = `    5xx/min ${utcTime(first.t)} `;
  const room = Math.max(10, out.width - label.length - 8);
  const group = Math.ceil(points.length / room);
  const values: number[] = [];
  for (let i = 0; i < points.length; i += group) {
    values.push(points.slice(i, i + group).reduce((n, p) => n + p.errors5xx, 0));
  }
  const onsetIndex = metrics.onset ? points.findIndex((p) => sameMinute(p.t, metrics.onset!)) : -1;
  const [line = '', marker] = sparkline(values, onsetIndex >= 0 ? { markIndex: Math.floor(onsetIndex / group) } : {}).split('\n');
  const name = group > 1 ? `5xx/${group}min` : '5xx/min';
  out.line(`    ${name} ${utcTime(first.t)} ${out.s.red(line)} ${utcTime(last.t)}`);
  if (marker !== undefined) out.line(`${' '.repeat(`    ${name} ${utcTime(first.t)} `.length)}${out.s.bold(marker)}`);
}

function writeLogs(out: Output, logs: LogsFindings | null | undefined, evidence: Evidence): void {
  const { s } = out;
  if (!logs) {
    out.line(`  ${s.bold('logs')}  ${s.dim(unavailable(evidence, 'logs'))}`);
    return;
  }
  const scanned = `${num(logs.scanned.events)} events via ${logs.scanned.method}${logs.scanned.truncated ? ', scan truncated' : ''}`;
  out.line(`  ${s.bold('logs')}  ${s.dim(`${logs.kind} ${logs.logGroup} · ${scanned}`)}`);
  const classes = [...logs.classes].sort((a, b) => b.count - a.count);
  if (classes.length === 0) out.line('    no failure lines found');
  const width = Math.max(0, ...classes.map((c) => c.category.length));
  for (const cls of classes) {
    out.line(`    ${cls.category.padEnd(width)}  ${num(cls.count).padStart(6)}  ${utcTime(cls.firstSeen)}–${utcTime(cls.lastSeen)} UTC`);
    const sample = cls.samples[0];
    if (sample) out.line(s.dim(truncate(`      “${oneLine(sample.message)}”`, out.width)));
  }
  out.line(`    status mix  ${statusMix(logs.statusMix)}`);
  const endpoints = (logs.endpoints ?? []).slice(0, MAX_ENDPOINTS);
  if (endpoints.length > 0) {
    out.line('    worst endpoints');
    for (const e of endpoints) {
      out.line(`      ${`${e.method} ${e.resource}`.padEnd(32)} ${num(e.errors5xx)} 5xx of ${num(e.requests)} (${pct(rateOf(e), 1)})`);
    }
  }
}

function writeChanges(out: Output, changes: ChangesFindings | null | undefined, evidence: Evidence): void {
  const { s } = out;
  if (!changes) {
    out.line(`  ${s.bold('changes')}  ${s.dim(unavailable(evidence, 'changes'))}`);
    return;
  }
  const looked = `CloudTrail ${utcTime(changes.lookedAt.start)}–${utcTime(changes.lookedAt.end)} UTC${changes.truncated ? ', truncated' : ''}`;
  out.line(`  ${s.bold('changes')}  ${s.dim(`${looked} · ${changes.changes.length} ${changes.changes.length === 1 ? 'change' : 'changes'}`)}`);
  if (changes.changes.length === 0) {
    out.line('    no changes to the API, its functions or its network in this period');
    return;
  }
  // Related changes always make the cut; the rest fill up the remaining lines.
  const related = changes.changes.filter((c) => c.relatedToApi);
  const others = changes.changes.filter((c) => !c.relatedToApi);
  const shown = [...related, ...others.slice(0, Math.max(0, MAX_CHANGES - related.length))].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  for (const c of shown) {
    const when =
      c.minutesBeforeOnset === undefined
        ? ''
        : c.minutesBeforeOnset >= 0
          ? `${Math.round(c.minutesBeforeOnset)} min before onset · `
          : `${Math.round(-c.minutesBeforeOnset)} min after onset · `;
    const failed = c.errorCode ? ` (failed: ${c.errorCode})` : '';
    const mark = c.relatedToApi ? s.yellow('▶ ') : '  ';
    const tag = c.relatedToApi ? s.yellow(' [related]') : '';
    out.wrap(`    ${mark}${utcTime(c.time)} UTC  `, `${when}${c.who} · ${c.summary}${failed}${tag}`, 17);
  }
  const hidden = changes.changes.length - shown.length;
  if (hidden > 0) out.line(s.dim(`      … ${hidden} more unrelated ${hidden === 1 ? 'change' : 'changes'}`));
}

function writeConfig(out: Output, config: ConfigFindings | null | undefined, evidence: Evidence): void {
  const { s } = out;
  if (!config) {
    out.line(`  ${s.bold('config')}  ${s.dim(unavailable(evidence, 'config'))}`);
    return;
  }
  out.line(`  ${s.bold('config')}  ${s.dim(`${config.integrations.length} ${config.integrations.length === 1 ? 'integration' : 'integrations'}`)}`);
  for (const item of config.integrations) {
    const i = item.integration;
    const parts = [`${i.type}${i.connectionType === 'VPC_LINK' ? ' via VPC link' : ''}`, `timeout ${ms(i.timeoutMs)}`];
    if (item.lambda) {
      const fn = item.lambda;
      const qualifier = fn.qualifier ? `:${fn.qualifier}` : '';
      parts.push(`lambda ${fn.functionName}${qualifier}${fn.timeoutSeconds !== undefined ? ` timeout ${fn.timeoutSeconds} s` : ''}`);
      const permission = `invoke permission ${fn.invokePermission}`;
      parts.push(fn.invokePermission === 'missing' ? s.red(permission) : permission);
    }
    if (item.vpcLink) {
      const link = item.vpcLink;
      parts.push(`VPC link ${link.id} ${link.status ?? 'status unknown'}`);
      const health = `targets ${link.healthy} healthy / ${link.unhealthy} unhealthy`;
      parts.push(link.unhealthy > 0 ? s.red(health) : health);
    }
    out.wrap(`    ${s.bold(i.route)}  `, parts.join(' · '), 6);
    if (item.lambda && item.lambda.invokePermission !== 'allowed' && item.lambda.invokePermissionDetail) {
      out.wrap('      ', item.lambda.invokePermissionDetail, 6, s.dim);
    }
    for (const t of (item.vpcLink?.targets ?? []).filter((t) => t.state !== 'healthy')) {
      const why = [t.reason, t.description].filter(isString).join(': ');
      out.line(`      target ${t.id}${t.port !== undefined ? `:${t.port}` : ''} ${t.state}${why ? ` (${why})` : ''}`);
    }
    for (const risk of item.risks) out.wrap(`      ${s.yellow('risk:')} `, risk, 12);
  }
}

function writeMissing(out: Output, missing: readonly MissingEvidence[], title: string): void {
  if (missing.length === 0) return;
  const { s } = out;
  out.section(title);
  for (const m of missing) {
    out.wrap(`  - ${s.bold(m.source)}: `, m.reason, 6);
    if (m.fix) out.wrap(`      ${s.cyan('fix:')} `, m.fix, 11);
  }
}

function writeNextSteps(out: Output, report: DiagnosisReport, runbook: Runbook, values: PlaceholderValues): void {
  if (report.checklist.length === 0) return;
  const { s } = out;
  out.section('NEXT STEPS');
  // Pending steps first: they are what the reader can act on.
  const order = { pending: 0, done: 1, skipped: 2, 'not-applicable': 3 } as const;
  const items = [...report.checklist].sort((a, b) => order[a.status] - order[b.status]);
  for (const item of items) {
    const step = runbook.checklist[item.id];
    const title = step?.title ?? item.title;
    const box = { pending: '[ ]', done: '[x]', skipped: '[-]', 'not-applicable': '[-]' }[item.status];
    const note = item.status === 'not-applicable' ? ' — not applicable' : item.status === 'skipped' ? ' — skipped' : '';
    const result = item.result ? ` — ${item.result}` : '';
    const line = `${title} (${item.kind})${note}${result}`;
    if (item.status !== 'pending') {
      out.wrap(`  ${s.dim(box)} `, line, 6, s.dim);
      continue;
    }
    out.wrap(`  ${s.bold(box)} `, line, 6, s.bold);
    if (item.kind === 'manual' && step) {
      out.wrap('      ', fillPlaceholders(step.how, values), 6);
      if ('answers' in step) {
        out.wrap('      answer with: ', step.answers.map((a) => `${a.id} (${a.label})`).join(' | '), 8, s.cyan);
      }
    }
  }
}

interface GuideTitles {
  fix: string;
  verify: string;
  culprits: string;
}

function writeGuide(out: Output, guide: CauseGuide, values: PlaceholderValues, titles: GuideTitles): void {
  const { s } = out;
  const fill = (text: string) => fillPlaceholders(text, values);
  out.section(titles.fix);
  out.line(`  ${s.dim(`${titles.culprits}:`)}`);
  for (const text of guide.culprits) out.wrap(`    ${s.dim('·')} `, fill(text), 6, s.dim);
  for (const [i, text] of guide.fix.entries()) out.wrap(`  ${i + 1}. `, fill(text), 5);
  out.section(titles.verify);
  for (const [i, text] of guide.verify.entries()) out.wrap(`  ${i + 1}. `, fill(text), 5);
  out.section('AVOID');
  for (const text of guide.traps) out.wrap(`  ${s.yellow('!')} `, fill(text), 4);
}

function writeHealthy(out: Output, report: DiagnosisReport, guide: CauseGuide, values: PlaceholderValues): void {
  const { s } = out;
  const metrics = report.evidence.metrics;
  out.blank();
  if (metrics) {
    const { totals, baseline } = metrics;
    out.line(
      `  ${s.green('healthy')}  requests ${num(totals.requests)} · 5xx ${num(totals.errors5xx)} (${pct(rateOf(totals), 1)}) · baseline ${pct(rateOf(baseline), 1)}`,
    );
    writeSparkline(out, metrics);
  }
  writeMissing(out, report.evidence.missing, 'NOT LOOKED AT');
  out.section('IF CLIENTS STILL REPORT ERRORS');
  out.line(`  ${s.dim('Often:')}`);
  for (const text of guide.culprits) out.wrap(`    ${s.dim('·')} `, fillPlaceholders(text, values), 6, s.dim);
  out.line(`  ${s.dim('What to do:')}`);
  for (const [i, text] of guide.fix.entries()) out.wrap(`  ${i + 1}. `, fillPlaceholders(text, values), 5);
}

function writeVerification(out: Output, report: DiagnosisReport): void {
  const v = report.verification;
  if (!v) return;
  const { s } = out;
  out.section('FIX VERIFICATION');
  const status = v.verified ? s.green('verified') : s.red('not verified yet');
  out.wrap(
    `  ${status} — `,
    `${v.summary} (${num(v.errors5xxSinceFix)} 5xx of ${num(v.requestsSinceFix)} requests since ${utcTime(v.at)} UTC; baseline ${pct(v.baselineRate, 1)})`,
    4,
  );
}

// ---------------------------------------------------------------------------------------------
// output and styling

interface Style {
  bold(t: string): string;
  dim(t: string): string;
  red(t: string): string;
  green(t: string): string;
  yellow(t: string): string;
  cyan(t: string): string;
  /** A command: cyan in colour, between backticks without, so it stands out either way. */
  code(t: string): string;
}

function makeStyle(color: boolean): Style {
  const wrap = (open: number, close: number) => (t: string) => (color && t ? `\x1b[${open}m${t}\x1b[${close}m` : t);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    code: (t: string) => (color ? `\x1b[36m${t}\x1b[39m` : `\`${t}\``),
  };
}

interface Token {
  text: string;
  /** A command from between backticks: kept whole. */
  code: boolean;
  /** Written straight after the previous token, e.g. the comma after a command. */
  glued: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let spaceBefore = true;
  for (const part of text.split(/(`[^`]*`)/)) {
    if (part.length >= 2 && part.startsWith('`') && part.endsWith('`')) {
      tokens.push({ text: oneLine(part.slice(1, -1)), code: true, glued: !spaceBefore && tokens.length > 0 });
      spaceBefore = false;
      continue;
    }
    const words = part.split(/\s+/);
    words.forEach((word, i) => {
      if (word) tokens.push({ text: word, code: false, glued: i === 0 && !spaceBefore && tokens.length > 0 });
    });
    if (part.length > 0) spaceBefore = /\s$/.test(part);
  }
  return tokens;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const visibleLength = (t: string) => t.replace(ANSI, '').length;

class Output {
  private readonly lines: string[] = [];

  constructor(
    readonly width: number,
    readonly s: Style,
  ) {}

  line(text: string): void {
    this.lines.push(text);
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  section(title: string): void {
    this.blank();
    this.lines.push(this.s.bold(title));
  }

  /**
   * Writes `prefix` then `text` wrapped at the width, continuation lines indented by `hang`.
   * Commands between backticks are never broken: one that does not fit starts a new line.
   */
  wrap(prefix: string, text: string, hang: number, paint: (t: string) => string = (t) => t): void {
    let current = prefix;
    let used = visibleLength(prefix);
    let empty = true;
    for (const token of tokenize(text)) {
      const shown = token.code ? this.s.code(token.text) : paint(token.text);
      const length = visibleLength(shown);
      const gap = empty || token.glued ? 0 : 1;
      if (!empty && !token.glued && used + gap + length > this.width) {
        this.lines.push(current);
        current = ' '.repeat(hang);
        used = hang;
        empty = true;
      }
      const space = empty || token.glued ? '' : ' ';
      current += `${space}${shown}`;
      used += space.length + length;
      empty = false;
    }
    this.lines.push(current);
  }

  text(): string {
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.join('\n');
  }
}

function verdictPaint(s: Style, cause: VerdictCause): (t: string) => string {
  if (cause === 'none') return s.green;
  if (cause === 'inconclusive') return s.yellow;
  return s.red;
}

function severity(s: Style, value: Severity): string {
  if (value === 'critical' || value === 'high') return s.red(value);
  if (value === 'elevated') return s.yellow(value);
  return value;
}

function unavailable(evidence: Evidence, source: MissingEvidence['source']): string {
  const reason = evidence.missing.find((m) => m.source === source)?.reason;
  return reason ? `not available: ${reason}` : 'not available';
}

// ---------------------------------------------------------------------------------------------
// formatting

function bar(score: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, score)) * 10);
  return `${'█'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}

function ms(value: number): string {
  return `${num(Math.round(value))} ms`;
}

function sameDay(a: string, b: string): boolean {
  return utcDateTime(a).slice(0, 10) === utcDateTime(b).slice(0, 10);
}

function sameMinute(a: string, b: string): boolean {
  const x = Date.parse(a);
  const y = Date.parse(b);
  return Number.isFinite(x) && Number.isFinite(y) && Math.floor(x / 60_000) === Math.floor(y / 60_000);
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function isString(v: string | undefined): v is string {
  return v !== undefined && v !== '';
}
