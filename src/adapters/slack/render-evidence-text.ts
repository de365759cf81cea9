/**
 * The full evidence as plain text, nothing left out: every log class with all its samples, every
 * change, target and risk, and the per-minute series. The runtime uploads it as a file next to
 * the evidence message when that message had to be shortened (see needs-attachment.ts).
 */
import type { DiagnosisView } from '../../core/view/diagnosis-view.ts';
import { duration, minutesBeforeOnset, num, pct, rateOf, relativeToOnset, statusMix, utcDateTime, utcTime } from '../../core/view/format-values.ts';

/**
 * Renders all the evidence of a diagnosis as plain text.
 *
 * @example
 * if (needsAttachment(view)) await client.filesUploadV2({ content: renderEvidenceText(view), filename: 'evidence.txt' });
 */
export function renderEvidenceText(view: DiagnosisView): string {
  const report = view.report;
  const out: string[] = [];
  if (!report) {
    out.push(`diagnose-502 evidence for ${view.ref.apiId} stage ${view.ref.stage} (${view.ref.region})`, '', 'Evidence is still being collected.');
    return out.join('\n');
  }
  const { api, window, evidence } = report;
  out.push(`diagnose-502 evidence for ${api.name} (${api.id}) · ${api.type === 'rest' ? 'REST' : 'HTTP'} API · stage ${api.stage.name} · ${api.region}`);
  out.push(`window ${utcDateTime(window.start)} – ${utcDateTime(window.end)} UTC · baseline from ${utcDateTime(window.baselineStart)} UTC`);
  out.push(`diagnosis ${view.diagnosisId} version ${view.version}`);

  out.push('', 'METRICS');
  const m = evidence.metrics;
  if (!m) out.push(`  ${absent(view, 'metrics', m)}`);
  else {
    const dims = Object.entries(m.dimensions)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    out.push(`  ${m.namespace} ${m.errorMetric} ${dims}`);
    out.push(
      `  requests ${num(m.totals.requests)} · 5xx ${num(m.totals.errors5xx)} (${pct(rateOf(m.totals), 1)}) · severity ${m.totals.severity} · baseline ${pct(rateOf(m.baseline), 1)} (${num(m.baseline.errors5xx)} of ${num(m.baseline.requests)})`,
    );
    if (m.onset) out.push(`  onset ${utcDateTime(m.onset)} UTC`);
    const lat = m.integrationLatency;
    out.push(
      `  integration latency avg ${lat.average !== undefined ? duration(lat.average) : '–'} · p99 ${lat.p99 !== undefined ? duration(lat.p99) : '–'} · max ${lat.max !== undefined ? duration(lat.max) : '–'}`,
    );
    if (m.latencyAtTimeout) {
      const at = m.latencyAtTimeout;
      out.push(`  at the ${duration(at.timeoutMs)} timeout in ${at.minutesAtTimeout} of ${at.minutesWithErrors} minutes with 5xx (${pct(at.share)})`);
    }
    for (const fn of m.lambda) {
      out.push(
        `  lambda ${fn.functionName}: ${num(fn.invocations)} invocations · ${num(fn.errors)} errors · ${num(fn.throttles)} throttles · duration p99 ${fn.durationP99 !== undefined ? duration(fn.durationP99) : '–'} · max ${fn.durationMax !== undefined ? duration(fn.durationMax) : '–'}`,
      );
    }
    if (m.perMinute.length > 0) {
      out.push('  minute (UTC)  requests      5xx  latency p99  latency max');
      for (const p of m.perMinute) {
        out.push(
          `  ${utcTime(p.t).padEnd(12)}  ${num(p.requests).padStart(8)}  ${num(p.errors5xx).padStart(7)}  ${(p.integrationLatencyP99 !== undefined ? duration(p.integrationLatencyP99) : '–').padStart(11)}  ${(p.integrationLatencyMax !== undefined ? duration(p.integrationLatencyMax) : '–').padStart(11)}`,
        );
      }
    }
  }

  out.push('', 'LOGS');
  const logs = evidence.logs;
  if (!logs) out.push(`  ${absent(view, 'logs', logs)}`);
  else {
    out.push(
      `  ${logs.kind} ${logs.logGroup} · ${num(logs.scanned.events)} events in ${logs.scanned.pages} pages via ${logs.scanned.method}${logs.scanned.truncated ? ' (scan cut short)' : ''}`,
    );
    const classes = [...logs.classes].sort((a, b) => b.count - a.count);
    if (classes.length === 0) out.push('  no failure lines found');
    for (const cls of classes) {
      out.push(`  ${cls.category} ×${num(cls.count)} · ${utcDateTime(cls.firstSeen)} – ${utcDateTime(cls.lastSeen)} UTC`);
      for (const s of cls.samples) out.push(`      ${utcTime(s.timestamp)}${s.requestId ? ` ${s.requestId}` : ''}  ${s.message.replace(/\s+/g, ' ').trim()}`);
    }
    out.push(`  status mix ${statusMix(logs.statusMix)}`);
    for (const e of logs.endpoints ?? []) {
      out.push(`  endpoint ${e.method} ${e.resource}: ${num(e.errors5xx)} 5xx of ${num(e.requests)} (${pct(rateOf(e), 1)})`);
    }
  }

  out.push('', 'CHANGES');
  const changes = evidence.changes;
  if (!changes) out.push(`  ${absent(view, 'changes', changes)}`);
  else {
    out.push(
      `  CloudTrail ${utcDateTime(changes.lookedAt.start)} – ${utcDateTime(changes.lookedAt.end)} UTC · ${changes.changes.length} changes${changes.truncated ? ' (cut short)' : ''}`,
    );
    for (const c of [...changes.changes].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))) {
      const when = relativeToOnset(minutesBeforeOnset(c, evidence.metrics?.onset));
      out.push(
        `  ${utcDateTime(c.time)} UTC${when ? ` (${when})` : ''} ${c.who}: ${c.summary}${c.errorCode ? ` (failed: ${c.errorCode})` : ''}${c.relatedToApi ? ' [related]' : ''}`,
      );
      out.push(`      ${c.eventSource} ${c.eventName}${c.resources.length ? ` on ${c.resources.join(', ')}` : ''}`);
    }
  }

  out.push('', 'CONFIGURATION');
  const config = evidence.config;
  if (!config) out.push(`  ${absent(view, 'config', config)}`);
  else {
    for (const item of config.integrations) {
      const i = item.integration;
      out.push(
        `  ${i.route}: ${i.type}${i.connectionType === 'VPC_LINK' ? ' via VPC link' : ''} · timeout ${duration(i.timeoutMs)}${i.uri ? ` · ${i.uri}` : ''}`,
      );
      if (item.lambda) {
        const fn = item.lambda;
        out.push(
          `      lambda ${fn.functionName}${fn.qualifier ? `:${fn.qualifier}` : ''} timeout ${fn.timeoutSeconds ?? '–'} s · memory ${fn.memoryMb ?? '–'} MB · state ${fn.state ?? '–'} · invoke permission ${fn.invokePermission}: ${fn.invokePermissionDetail}`,
        );
      }
      if (item.vpcLink) {
        const link = item.vpcLink;
        out.push(
          `      VPC link ${link.id} ${link.status ?? 'status unknown'}${link.statusMessage ? ` (${link.statusMessage})` : ''} · ${link.healthy} healthy / ${link.unhealthy} unhealthy`,
        );
        for (const t of link.targets) {
          const why = [t.reason, t.description].filter(Boolean).join(': ');
          out.push(`      target ${t.id}${t.port !== undefined ? `:${t.port}` : ''} ${t.state}${why ? ` (${why})` : ''}`);
        }
      }
      for (const risk of item.risks) out.push(`      risk: ${risk}`);
    }
  }

  if (evidence.missing.length > 0) {
    out.push('', 'MISSING EVIDENCE');
    for (const miss of evidence.missing) out.push(`  ${miss.source}: ${miss.reason}${miss.fix ? `\n      fix: ${miss.fix}` : ''}`);
  }
  return out.join('\n');
}

function absent(view: DiagnosisView, source: 'metrics' | 'logs' | 'changes' | 'config', value: unknown): string {
  if (value === undefined) return 'still collecting';
  const reason = view.report?.evidence.missing.find((m) => m.source === source)?.reason;
  return reason ? `not available: ${reason}` : 'not available';
}
