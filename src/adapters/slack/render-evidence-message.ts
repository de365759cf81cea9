/**
 * The thread message with the evidence, one section per source: metrics with a 5xx sparkline and
 * the onset, log classes with a sample line each, the changes before the onset and who made them,
 * the integration configuration, and the evidence that could not be gathered, with why and how
 * to make it available. Long lists are cut; `needsAttachment` tells the runtime when that happened.
 *
 * The changes are a native `table` block (time, how long before the onset, who, what), the one
 * table a message may hold; `fallbackBlocks` carries the same message with the changes as a
 * section, for a Slack that refuses table blocks.
 */
import type { ChangesFindings, ConfigFindings, Evidence, EvidenceSource, LogsFindings, MetricsFindings, MissingEvidence } from '../../core/evidence/types.ts';
import type { DiagnosisView, SlackMessage } from '../../core/view/diagnosis-view.ts';
import { context, header, section, table, type KnownBlock } from './block-kit.ts';
import { escapeMrkdwn, inlineCode } from './escape-mrkdwn.ts';
import { andMore, Fitter, fitBlocks, fitLines, type SectionLines } from './fit-blocks.ts';
import { duration, minutesBeforeOnset, num, pct, rateOf, relativeToOnset, statusMix, utcTime } from '../../core/view/format-values.ts';
import { minuteSparkline } from './minute-sparkline.ts';

/** Characters each section may use; together they stay under the message budget. */
const BUDGET = { metrics: 1400, logs: 2000, changes: 1800, config: 1400, missing: 1200 } as const;
const MAX = { classes: 6, sample: 200, endpoints: 5, changes: 8, integrations: 4, targets: 5, risks: 3, missing: 8 } as const;

/**
 * Renders the evidence message for the diagnosis thread.
 *
 * @example
 * await client.chat.postMessage({ channel, thread_ts, ...renderEvidenceMessage(view) });
 */
export function renderEvidenceMessage(view: DiagnosisView): SlackMessage {
  return buildEvidenceMessage(view).message;
}

/** The message and whether anything had to be left out of it. */
export function buildEvidenceMessage(view: DiagnosisView): { message: SlackMessage; cut: boolean } {
  const fitter = new Fitter();
  const name = view.report?.api.name ?? view.ref.apiId;
  const blocks: KnownBlock[] = [header(`Evidence · ${name} / ${view.ref.stage}`)];
  const report = view.report;
  if (!report) {
    blocks.push(section('_Collecting evidence… metrics, logs, CloudTrail changes and the integration configuration._'));
    return { message: { text: escapeMrkdwn(`Evidence for ${name} ${view.ref.stage}: still collecting`), blocks }, cut: false };
  }
  const { evidence, window } = report;
  blocks.push(
    context(
      `${inlineCode(report.api.id)} · ${report.api.type === 'rest' ? 'REST' : 'HTTP'} API · ${escapeMrkdwn(report.api.region)} · window ${utcTime(window.start)}–${utcTime(window.end)} UTC`,
    ),
  );
  blocks.push(section(fitter.text(metricsText(evidence.metrics, evidence), BUDGET.metrics)));
  blocks.push(section(fitLines(logsLines(evidence.logs, evidence, fitter), BUDGET.logs, fitter)));
  const changesAt = blocks.length;
  blocks.push(section(fitLines(changesLines(evidence.changes, evidence, fitter), BUDGET.changes, fitter)));
  blocks.push(section(fitLines(configLines(evidence.config, evidence, fitter), BUDGET.config, fitter)));
  if (evidence.missing.length > 0) blocks.push(section(fitLines(missingLines(evidence.missing, fitter), BUDGET.missing, fitter)));

  // The same message with the changes as a table: their head line, then one row per change.
  const native = [...blocks];
  const tableBlocks = changesTable(evidence.changes, evidence, fitter);
  if (tableBlocks) native.splice(changesAt, 1, ...tableBlocks);

  const finish = (list: KnownBlock[]): KnownBlock[] => {
    const fitted = fitBlocks(list, { onCut: () => (fitter.cut = true) });
    return fitter.cut ? fitBlocks([...fitted, context('_Shortened to fit Slack; the full evidence is attached as a file._')]) : fitted;
  };
  const fallback = finish(blocks);
  const withTable = tableBlocks ? finish(native) : undefined;
  const total = evidence.metrics?.totals;
  const text = escapeMrkdwn(
    total ? `Evidence for ${name} ${view.ref.stage}: ${num(total.errors5xx)} 5xx of ${num(total.requests)} requests` : `Evidence for ${name} ${view.ref.stage}`,
  );
  const message: SlackMessage = withTable ? { text, blocks: withTable, fallbackBlocks: fallback } : { text, blocks: fallback };
  return { message, cut: fitter.cut };
}

const CHANGE_COLUMNS = ['Time (UTC)', 'Before onset', 'Who', 'Change'];

/** The changes section's head line and a table of the changes; none when there is no change to tabulate. */
function changesTable(changes: ChangesFindings | null | undefined, evidence: Evidence, fitter: Fitter): KnownBlock[] | undefined {
  if (!changes || changes.changes.length === 0) return undefined;
  const lines = changesLines(changes, evidence, fitter);
  const { shown, hidden } = fitter.list(orderedChanges(changes), MAX.changes);
  const head = [...lines.head, ...(hidden > 0 ? [lines.more(hidden)] : [])].join('\n');
  const rows = shown.map((c) => {
    const when = relativeToOnset(minutesBeforeOnset(c, evidence.metrics?.onset)).replace(/ before onset$/, '');
    const failed = c.errorCode ? ` (failed: ${c.errorCode})` : '';
    const what = `${c.relatedToApi ? '▶ ' : ''}${fitter.text(c.summary.replace(/\s+/g, ' ').trim(), 220)}${failed}${c.relatedToApi ? ' (related)' : ''}`;
    return [utcTime(c.time), when, fitter.text(c.who, 120), what];
  });
  return [section(head), table([CHANGE_COLUMNS, ...rows], ['left', 'right', 'left', 'left'])];
}

/** Changes related to the API first, then the others, each group by time: the order both forms show. */
function orderedChanges(changes: ChangesFindings): ChangesFindings['changes'] {
  const byTime = (a: { time: string }, b: { time: string }) => Date.parse(a.time) - Date.parse(b.time);
  return [...changes.changes.filter((c) => c.relatedToApi).sort(byTime), ...changes.changes.filter((c) => !c.relatedToApi).sort(byTime)];
}

function unavailable(evidence: Evidence, source: EvidenceSource, value: unknown): string {
  if (value === undefined) return '_still collecting…_';
  const reason = evidence.missing.find((m) => m.source === source)?.reason;
  return reason ? `_not available: ${escapeMrkdwn(reason)}_` : '_not available_';
}

function metricsText(metrics: MetricsFindings | null | undefined, evidence: Evidence): string {
  const title = '*📈 Metrics*';
  if (!metrics) return `${title}  ${unavailable(evidence, 'metrics', metrics)}`;
  const dims = Object.entries(metrics.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const lines = [`${title}  ${inlineCode(`${metrics.namespace} ${metrics.errorMetric}`)} ${escapeMrkdwn(dims)}`];
  const { totals, baseline } = metrics;
  lines.push(
    `5xx *${num(totals.errors5xx)}* of ${num(totals.requests)} requests (*${pct(rateOf(totals), 1)}*, ${totals.severity}) · baseline ${pct(rateOf(baseline), 1)} (${num(baseline.errors5xx)} of ${num(baseline.requests)})`,
  );
  if (metrics.onset) lines.push(`Onset *${utcTime(metrics.onset)} UTC*`);
  const spark = minuteSparkline(metrics);
  if (spark.length > 0) lines.push(`\`\`\`${spark.join('\n')}\`\`\``);
  const lat = metrics.integrationLatency;
  const at = metrics.latencyAtTimeout;
  const parts = [
    lat.average !== undefined ? `avg ${duration(lat.average)}` : '',
    lat.p99 !== undefined ? `p99 ${duration(lat.p99)}` : '',
    lat.max !== undefined ? `max ${duration(lat.max)}` : '',
    at ? `timeout ${duration(at.timeoutMs)}` : '',
  ].filter(Boolean);
  if (parts.length > 0) lines.push(`Integration latency ${parts.join(' · ')}`);
  if (at && at.minutesWithErrors > 0) {
    const flag = at.share >= 0.5 ? '⚠️ ' : '';
    lines.push(`${flag}At the timeout in ${at.minutesAtTimeout} of ${at.minutesWithErrors} minutes with 5xx (${pct(at.share)})`);
  }
  for (const fn of metrics.lambda) {
    const extra = [
      fn.durationP99 !== undefined ? `duration p99 ${duration(fn.durationP99)}` : '',
      fn.durationMax !== undefined ? `max ${duration(fn.durationMax)}` : '',
    ].filter(Boolean);
    lines.push(
      `Lambda ${inlineCode(fn.functionName)}: ${num(fn.invocations)} invocations · ${num(fn.errors)} errors · ${num(fn.throttles)} throttles${extra.length ? ` · ${extra.join(' · ')}` : ''}`,
    );
  }
  return lines.join('\n');
}

const more = (noun: string, one?: string) => (n: number) => `_${andMore(n, n === 1 && one ? one : noun)}_`;

function logsLines(logs: LogsFindings | null | undefined, evidence: Evidence, fitter: Fitter): SectionLines {
  const title = '*📜 Logs*';
  if (!logs) return { head: [`${title}  ${unavailable(evidence, 'logs', logs)}`], items: [], more: more('classes') };
  const scanned = `${num(logs.scanned.events)} events via ${logs.scanned.method}${logs.scanned.truncated ? ', scan cut short' : ''}`;
  const head = [`${title}  ${logs.kind} ${inlineCode(logs.logGroup)} · ${scanned}`];
  const classes = [...logs.classes].sort((a, b) => b.count - a.count);
  if (classes.length === 0) head.push('No failure lines found.');
  const { shown, hidden } = fitter.list(classes, MAX.classes);
  const items = shown.map((cls) => {
    const line = `• *${cls.category}* ×${num(cls.count)} · ${utcTime(cls.firstSeen)}–${utcTime(cls.lastSeen)} UTC`;
    const sample = cls.samples[0];
    return sample ? `${line}\n      ${inlineCode(fitter.text(sample.message.replace(/\s+/g, ' ').trim(), MAX.sample))}` : line;
  });
  const tail = [`Status mix: ${statusMix(logs.statusMix)}`];
  const endpoints = logs.endpoints ?? [];
  if (endpoints.length > 0) {
    const top = fitter.list(endpoints, MAX.endpoints);
    tail.push('Worst endpoints:');
    for (const e of top.shown) {
      tail.push(`• ${inlineCode(`${e.method} ${e.resource}`)} ${num(e.errors5xx)} 5xx of ${num(e.requests)} (${pct(rateOf(e), 1)})`);
    }
    if (top.hidden > 0) tail.push(`_${andMore(top.hidden, 'endpoints')}_`);
  }
  return { head, items, tail, hidden, more: more('classes', 'class') };
}

function changesLines(changes: ChangesFindings | null | undefined, evidence: Evidence, fitter: Fitter): SectionLines {
  const title = '*🛠 Changes*';
  if (!changes) return { head: [`${title}  ${unavailable(evidence, 'changes', changes)}`], items: [], more: more('changes') };
  const count = changes.changes.length;
  const head = [
    `${title}  CloudTrail ${utcTime(changes.lookedAt.start)}–${utcTime(changes.lookedAt.end)} UTC${changes.truncated ? ' (cut short)' : ''} · ${count} ${count === 1 ? 'change' : 'changes'}`,
  ];
  if (count === 0) head.push('No changes to the API, its functions or its network in this period.');
  // Changes related to the API always make the cut and come first; unrelated ones fill what is left.
  const { shown, hidden } = fitter.list(orderedChanges(changes), MAX.changes);
  const items = shown.map((c) => {
    const when = relativeToOnset(minutesBeforeOnset(c, evidence.metrics?.onset));
    const failed = c.errorCode ? ` (failed: ${escapeMrkdwn(c.errorCode)})` : '';
    const mark = c.relatedToApi ? '▶ ' : '';
    return `• ${mark}*${utcTime(c.time)} UTC*${when ? ` · ${when}` : ''} · *${escapeMrkdwn(c.who)}* · ${escapeMrkdwn(fitter.text(c.summary, 220))}${failed}${c.relatedToApi ? ' _(related)_' : ''}`;
  });
  return { head, items, hidden, more: more('changes', 'change') };
}

function configLines(config: ConfigFindings | null | undefined, evidence: Evidence, fitter: Fitter): SectionLines {
  const title = '*⚙️ Configuration*';
  if (!config) return { head: [`${title}  ${unavailable(evidence, 'config', config)}`], items: [], more: more('integrations') };
  const n = config.integrations.length;
  const head = [`${title}  ${n} ${n === 1 ? 'integration' : 'integrations'}`];
  const { shown, hidden } = fitter.list(config.integrations, MAX.integrations);
  const items = shown.map((item) => {
    const i = item.integration;
    const parts = [`${i.type}${i.connectionType === 'VPC_LINK' ? ' via VPC link' : ''}`, `timeout ${duration(i.timeoutMs)}`];
    if (item.lambda) {
      const fn = item.lambda;
      parts.push(
        `Lambda ${inlineCode(`${fn.functionName}${fn.qualifier ? `:${fn.qualifier}` : ''}`)}${fn.timeoutSeconds !== undefined ? ` timeout ${fn.timeoutSeconds} s` : ''}`,
      );
      const icon = fn.invokePermission === 'allowed' ? '✅' : fn.invokePermission === 'missing' ? '❌' : '❔';
      parts.push(`invoke permission ${icon} ${fn.invokePermission}`);
    }
    if (item.vpcLink) {
      const link = item.vpcLink;
      parts.push(`VPC link ${inlineCode(link.id)} ${escapeMrkdwn(link.status ?? 'status unknown')}`);
      parts.push(`targets ${link.healthy} healthy / ${link.unhealthy} unhealthy${link.unhealthy > 0 ? ' ❌' : ''}`);
    }
    const lines = [`• ${inlineCode(i.route)} ${parts.join(' · ')}`];
    if (item.lambda && item.lambda.invokePermission !== 'allowed' && item.lambda.invokePermissionDetail) {
      lines.push(`      ${escapeMrkdwn(fitter.text(item.lambda.invokePermissionDetail, 240))}`);
    }
    if (item.vpcLink?.statusMessage) lines.push(`      ${escapeMrkdwn(fitter.text(item.vpcLink.statusMessage, 240))}`);
    const bad = (item.vpcLink?.targets ?? []).filter((t) => t.state !== 'healthy');
    const targets = fitter.list(bad, MAX.targets);
    for (const t of targets.shown) {
      const why = [t.reason, t.description].filter(Boolean).join(': ');
      lines.push(
        `      target ${inlineCode(`${t.id}${t.port !== undefined ? `:${t.port}` : ''}`)} ${escapeMrkdwn(t.state)}${why ? ` (${escapeMrkdwn(why)})` : ''}`,
      );
    }
    if (targets.hidden > 0) lines.push(`      _${andMore(targets.hidden, 'unhealthy targets')}_`);
    const risks = fitter.list(item.risks, MAX.risks);
    for (const risk of risks.shown) lines.push(`      ⚠️ ${escapeMrkdwn(fitter.text(risk, 240))}`);
    if (risks.hidden > 0) lines.push(`      _${andMore(risks.hidden, 'risks')}_`);
    return lines.join('\n');
  });
  return { head, items, hidden, more: more('integrations', 'integration') };
}

function missingLines(missing: readonly MissingEvidence[], fitter: Fitter): SectionLines {
  const { shown, hidden } = fitter.list(missing, MAX.missing);
  const items = shown.map((m) => {
    const fix = m.fix ? `\n      _fix:_ ${escapeMrkdwn(fitter.text(m.fix, 300))}` : '';
    return `• *${m.source}*: ${escapeMrkdwn(fitter.text(m.reason, 300))}${fix}`;
  });
  return { head: ['*🚫 Missing evidence*'], items, hidden, more: more('missing sources', 'missing source') };
}
