/**
 * The incident chart as SVG: 5xx per minute as bars, integration latency p99 and max as lines on
 * a second axis, the integration timeout as a horizontal line, the onset and the CloudTrail
 * changes as vertical markers, UTC times along the bottom and a legend. Pure string building;
 * render-chart-png.ts turns it into a PNG with a bundled font.
 */
import type { DiagnosisReport } from '../../core/diagnosis/types.ts';
import type { ChangeEvent, MinutePoint } from '../../core/evidence/types.ts';
import { duration, num, utcDateTime, utcTime } from '../../core/view/format-values.ts';

/** The font the SVG asks for; render-chart-png.ts loads it from an npm package, not the system. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

export interface ChartOptions {
  width?: number;
  height?: number;
}

export const DEFAULT_CHART_SIZE = { width: 1000, height: 500 } as const;

const COLORS = {
  bars: '#d32f2f',
  p99: '#ef6c00',
  max: '#6a1b9a',
  timeout: '#455a64',
  onset: '#1565c0',
  change: '#37474f',
  related: '#c62828',
  grid: '#e0e0e0',
  axis: '#616161',
  text: '#212121',
  muted: '#757575',
} as const;

const MINUTE = 60_000;
const TIME_STEPS_MIN = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440];
const LABEL_ROWS = 3;
const LABEL_ROW_HEIGHT = 14;

/**
 * Builds the chart for a report as an SVG document.
 *
 * @example
 * writeFileSync('/tmp/chart.svg', renderChartSvg(report));
 */
export function renderChartSvg(report: DiagnosisReport, opts: ChartOptions = {}): string {
  const width = opts.width ?? DEFAULT_CHART_SIZE.width;
  const height = opts.height ?? DEFAULT_CHART_SIZE.height;
  const plot = { left: 72, right: width - 84, top: 104, bottom: height - 84 };
  const svg = new Svg(width, height);
  const metrics = report.evidence.metrics;
  const { api, window } = report;

  svg.text(plot.left, 28, `5xx per minute and integration latency · ${api.name} / ${api.stage.name}`, { size: 16, weight: 'bold' });
  const points = metrics?.perMinute ?? [];
  const domain = timeDomain(window.start, window.end, points);
  const changes = report.evidence.changes?.changes ?? [];
  const inWindow = changes.filter((c) => inDomain(Date.parse(c.time), domain));
  const outside = changes.length - inWindow.length;
  const subtitle = [
    `${utcDateTime(new Date(domain.start).toISOString())} – ${utcTime(new Date(domain.end).toISOString())} UTC`,
    `${api.id} · ${api.region}`,
    outside > 0 ? `${outside} CloudTrail ${outside === 1 ? 'change' : 'changes'} outside this window not drawn` : '',
  ].filter(Boolean);
  svg.text(plot.left, 48, subtitle.join('  ·  '), { size: 12, color: COLORS.muted });

  svg.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top, { fill: '#ffffff', stroke: COLORS.grid });

  if (!metrics || points.length === 0) {
    const reason = report.evidence.missing.find((m) => m.source === 'metrics')?.reason;
    svg.text((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2, `No metrics available${reason ? `: ${reason}` : ''}`, {
      size: 14,
      anchor: 'middle',
      color: COLORS.muted,
    });
    drawTimeAxis(svg, plot, domain);
    return svg.toString();
  }

  const x = (ms: number) => plot.left + ((ms - domain.start) / (domain.end - domain.start)) * (plot.right - plot.left);
  const timeoutMs = metrics.latencyAtTimeout?.timeoutMs ?? minTimeout(report);

  // Left axis: 5xx per minute.
  const maxErrors = Math.max(0, ...points.map((p) => p.errors5xx));
  // Headroom above the tallest bar keeps it clear of the labels at the top.
  const left = niceScale(maxErrors * 1.15, 5);
  const yLeft = (v: number) => plot.bottom - (v / left.max) * (plot.bottom - plot.top);
  for (const tick of left.ticks) {
    const y = yLeft(tick);
    if (tick > 0) svg.line(plot.left, y, plot.right, y, { stroke: COLORS.grid });
    svg.text(plot.left - 8, y + 4, num(tick), { size: 11, anchor: 'end', color: COLORS.bars });
  }
  svg.text(20, (plot.top + plot.bottom) / 2, '5xx per minute', { size: 12, anchor: 'middle', color: COLORS.bars, rotate: -90 });

  // Right axis: latency, in seconds unless everything is fast.
  const latencies = points.flatMap((p) => [p.integrationLatencyP99, p.integrationLatencyMax]).filter(isNumber);
  const maxLatency = Math.max(timeoutMs ?? 0, ...latencies, 1);
  const inSeconds = maxLatency >= 2000;
  const unit = inSeconds ? 1000 : 1;
  const right = niceScale((maxLatency * 1.05) / unit, 5);
  const yRight = (ms: number) => plot.bottom - (ms / unit / right.max) * (plot.bottom - plot.top);
  for (const tick of right.ticks) {
    svg.text(plot.right + 8, yRight(tick * unit) + 4, `${num(tick)} ${inSeconds ? 's' : 'ms'}`, { size: 11, color: COLORS.p99 });
  }
  svg.text(width - 18, (plot.top + plot.bottom) / 2, 'integration latency', { size: 12, anchor: 'middle', color: COLORS.p99, rotate: 90 });

  // Bars: one per minute, a little narrower than the minute so neighbours stay apart.
  const minuteWidth = x(domain.start + MINUTE) - x(domain.start);
  const gap = Math.min(2, minuteWidth * 0.15);
  for (const p of points) {
    const t = Date.parse(p.t);
    if (!inDomain(t, domain) || p.errors5xx <= 0) continue;
    const x0 = Math.max(plot.left, x(t) + gap / 2);
    const x1 = Math.min(plot.right, x(t + MINUTE) - gap / 2);
    const y = yLeft(p.errors5xx);
    svg.rect(x0, y, Math.max(0.5, x1 - x0), plot.bottom - y, { fill: COLORS.bars, opacity: 0.8 });
  }

  // Latency lines, broken where a minute has no value. The dashed max goes on top without a
  // casing, so where both coincide (latency pinned at the timeout) the p99 shows between dashes.
  svg.polyline(series(points, 'integrationLatencyP99', x, yRight, domain), { stroke: COLORS.p99, width: 2.5, casing: true });
  svg.polyline(series(points, 'integrationLatencyMax', x, yRight, domain), { stroke: COLORS.max, width: 1.5, dash: '5 3' });

  if (timeoutMs !== undefined) {
    const y = yRight(timeoutMs);
    svg.line(plot.left, y, plot.right, y, { stroke: COLORS.timeout, width: 1.5, dash: '8 4' });
    svg.text(plot.right - 6, y - 6, `integration timeout ${duration(timeoutMs)}`, { size: 11, anchor: 'end', color: COLORS.timeout, halo: true });
  }

  drawChanges(svg, plot, inWindow, x);

  if (metrics.onset && inDomain(Date.parse(metrics.onset), domain)) {
    const ox = x(Date.parse(metrics.onset));
    svg.line(ox, plot.top, ox, plot.bottom, { stroke: COLORS.onset, width: 2 });
    const labelLeft = ox > plot.right - 110;
    svg.text(labelLeft ? ox - 6 : ox + 6, plot.top + 16, `onset ${utcTime(metrics.onset)}`, {
      size: 12,
      weight: 'bold',
      color: COLORS.onset,
      anchor: labelLeft ? 'end' : 'start',
      halo: true,
    });
  }

  drawTimeAxis(svg, plot, domain);
  drawLegend(svg, plot.left, height - 22, timeoutMs !== undefined, inWindow.length > 0);
  return svg.toString();
}

interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface Domain {
  start: number;
  end: number;
}

function timeDomain(start: string, end: string, points: readonly MinutePoint[]): Domain {
  let s = Date.parse(start);
  let e = Date.parse(end);
  const times = points.map((p) => Date.parse(p.t)).filter(Number.isFinite);
  if (!Number.isFinite(s)) s = times.length > 0 ? Math.min(...times) : 0;
  if (!Number.isFinite(e)) e = times.length > 0 ? Math.max(...times) + MINUTE : s + 60 * MINUTE;
  // The last minute's bar ends a minute after its start.
  if (times.length > 0) e = Math.max(e, Math.max(...times) + MINUTE);
  if (e <= s) e = s + MINUTE;
  return { start: s, end: e };
}

function inDomain(ms: number, d: Domain): boolean {
  return Number.isFinite(ms) && ms >= d.start && ms <= d.end;
}

function minTimeout(report: DiagnosisReport): number | undefined {
  const all = report.api.integrations.map((i) => i.timeoutMs).filter((t) => Number.isFinite(t) && t > 0);
  return all.length > 0 ? Math.min(...all) : undefined;
}

function series(
  points: readonly MinutePoint[],
  key: 'integrationLatencyP99' | 'integrationLatencyMax',
  x: (ms: number) => number,
  y: (ms: number) => number,
  domain: Domain,
): Array<Array<[number, number]>> {
  const runs: Array<Array<[number, number]>> = [];
  let run: Array<[number, number]> = [];
  for (const p of points) {
    const t = Date.parse(p.t);
    const v = p[key];
    if (!inDomain(t, domain) || !isNumber(v)) {
      if (run.length > 0) runs.push(run);
      run = [];
      continue;
    }
    // Each value is drawn at the middle of its minute, under the bar it belongs to.
    run.push([x(t + MINUTE / 2), y(v)]);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function drawChanges(svg: Svg, plot: Plot, changes: readonly ChangeEvent[], x: (ms: number) => number): void {
  const byTime = [...changes].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  for (const c of byTime) {
    const cx = x(Date.parse(c.time));
    const color = c.relatedToApi ? COLORS.related : COLORS.change;
    svg.line(cx, plot.top, cx, plot.bottom, { stroke: color, width: 1, dash: '3 3' });
    svg.path(`M ${fmt(cx - 5)} ${fmt(plot.top - 7)} L ${fmt(cx + 5)} ${fmt(plot.top - 7)} L ${fmt(cx)} ${fmt(plot.top)} Z`, { fill: color });
  }
  // Labels go in rows above the plot, changes related to the API first; each label takes the
  // first row where it overlaps no other, and what does not fit is counted instead.
  const rows: Array<Array<[number, number]>> = Array.from({ length: LABEL_ROWS }, () => []);
  let hidden = 0;
  for (const c of [...byTime].sort((a, b) => Number(b.relatedToApi) - Number(a.relatedToApi))) {
    const cx = x(Date.parse(c.time));
    const color = c.relatedToApi ? COLORS.related : COLORS.change;
    const label = changeLabel(c);
    const labelWidth = label.length * 6.2;
    const anchorEnd = cx + labelWidth > plot.right + 60;
    const from = anchorEnd ? cx - labelWidth : cx;
    const to = from + labelWidth;
    const row = rows.findIndex((taken) => taken.every(([a, b]) => to + 8 < a || from > b + 8));
    if (row < 0) {
      hidden++;
      continue;
    }
    rows[row]!.push([from, to]);
    const y = plot.top - 12 - row * LABEL_ROW_HEIGHT;
    svg.text(anchorEnd ? cx : cx + 1, y, label, { size: 10, color, anchor: anchorEnd ? 'end' : 'start' });
  }
  if (hidden > 0) {
    svg.text(plot.right, plot.top - 12 - LABEL_ROWS * LABEL_ROW_HEIGHT, `+${hidden} more changes`, { size: 10, anchor: 'end', color: COLORS.muted });
  }
}

/** "09:30 RevokeSecurityGroupIngress · alice", without the API-version suffix Lambda adds. */
export function changeLabel(c: Pick<ChangeEvent, 'time' | 'eventName' | 'who'>): string {
  const event = c.eventName.replace(/\d{8}(v\d+)?$/, '');
  const who = c.who.length > 14 ? `${c.who.slice(0, 13)}…` : c.who;
  const text = `${utcTime(c.time)} ${event} · ${who}`;
  return text.length > 44 ? `${text.slice(0, 43)}…` : text;
}

function drawTimeAxis(svg: Svg, plot: Plot, domain: Domain): void {
  svg.line(plot.left, plot.bottom, plot.right, plot.bottom, { stroke: COLORS.axis });
  const spanMin = (domain.end - domain.start) / MINUTE;
  const step = TIME_STEPS_MIN.find((s) => spanMin / s <= 10) ?? 1440;
  const stepMs = step * MINUTE;
  const x = (ms: number) => plot.left + ((ms - domain.start) / (domain.end - domain.start)) * (plot.right - plot.left);
  for (let t = Math.ceil(domain.start / stepMs) * stepMs; t <= domain.end; t += stepMs) {
    const tx = x(t);
    svg.line(tx, plot.bottom, tx, plot.bottom + 5, { stroke: COLORS.axis });
    svg.text(tx, plot.bottom + 19, utcTime(new Date(t).toISOString()), { size: 11, anchor: 'middle', color: COLORS.text });
  }
  svg.text(plot.right, plot.bottom + 36, 'time (UTC)', { size: 11, anchor: 'end', color: COLORS.muted });
}

function drawLegend(svg: Svg, left: number, y: number, timeout: boolean, changes: boolean): void {
  let cx = left;
  const item = (draw: (x: number) => void, label: string) => {
    draw(cx);
    svg.text(cx + 26, y + 4, label, { size: 11, color: COLORS.text });
    cx += 26 + label.length * 6.4 + 22;
  };
  item((x0) => svg.rect(x0, y - 6, 18, 12, { fill: COLORS.bars, opacity: 0.8 }), '5xx per minute');
  item((x0) => svg.line(x0, y, x0 + 18, y, { stroke: COLORS.p99, width: 2 }), 'latency p99');
  item((x0) => svg.line(x0, y, x0 + 18, y, { stroke: COLORS.max, width: 1.5, dash: '5 3' }), 'latency max');
  if (timeout) item((x0) => svg.line(x0, y, x0 + 18, y, { stroke: COLORS.timeout, width: 1.5, dash: '8 4' }), 'integration timeout');
  item((x0) => svg.line(x0 + 9, y - 7, x0 + 9, y + 7, { stroke: COLORS.onset, width: 2 }), 'onset');
  if (changes) item((x0) => svg.line(x0 + 9, y - 7, x0 + 9, y + 7, { stroke: COLORS.related, width: 1, dash: '3 3' }), 'CloudTrail change');
}

/** A "nice" axis from 0: a max of 1, 2 or 5 times a power of ten, split into about `count` ticks. */
export function niceScale(maxValue: number, count: number): { max: number; ticks: number[] } {
  const target = maxValue > 0 && Number.isFinite(maxValue) ? maxValue : 1;
  const rough = target / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const max = Math.ceil(target / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return { max, ticks };
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function fmt(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface TextStyle {
  size: number;
  color?: string;
  weight?: 'bold';
  anchor?: 'start' | 'middle' | 'end';
  rotate?: number;
  /** A white outline behind the glyphs, so a label stays readable over bars and lines. */
  halo?: boolean;
}

/** Collects SVG elements; every number is rounded and every text escaped on the way in. */
class Svg {
  private readonly parts: string[] = [];

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  rect(x: number, y: number, w: number, h: number, s: { fill: string; stroke?: string; opacity?: number }): void {
    this.parts.push(
      `<rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(h)}" fill="${s.fill}"${s.stroke ? ` stroke="${s.stroke}"` : ''}${s.opacity !== undefined ? ` fill-opacity="${s.opacity}"` : ''}/>`,
    );
  }

  line(x1: number, y1: number, x2: number, y2: number, s: { stroke: string; width?: number; dash?: string }): void {
    this.parts.push(
      `<line x1="${fmt(x1)}" y1="${fmt(y1)}" x2="${fmt(x2)}" y2="${fmt(y2)}" stroke="${s.stroke}" stroke-width="${s.width ?? 1}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
    );
  }

  polyline(runs: Array<Array<[number, number]>>, s: { stroke: string; width: number; dash?: string; casing?: boolean }): void {
    for (const run of runs) {
      if (run.length === 1) {
        const [px, py] = run[0]!;
        this.parts.push(`<circle cx="${fmt(px)}" cy="${fmt(py)}" r="${s.width}" fill="${s.stroke}"/>`);
        continue;
      }
      const pts = run.map(([px, py]) => `${fmt(px)},${fmt(py)}`).join(' ');
      // A white casing under the line keeps it visible where it crosses the red bars.
      if (s.casing) this.parts.push(`<polyline points="${pts}" fill="none" stroke="#ffffff" stroke-width="${s.width + 2}" stroke-linejoin="round"/>`);
      this.parts.push(
        `<polyline points="${pts}" fill="none" stroke="${s.stroke}" stroke-width="${s.width}" stroke-linejoin="round"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
      );
    }
  }

  path(d: string, s: { fill: string }): void {
    this.parts.push(`<path d="${d}" fill="${s.fill}"/>`);
  }

  text(x: number, y: number, text: string, s: TextStyle): void {
    const transform = s.rotate ? ` transform="rotate(${s.rotate} ${fmt(x)} ${fmt(y)})"` : '';
    this.parts.push(
      `<text x="${fmt(x)}" y="${fmt(y)}" font-size="${s.size}" fill="${s.color ?? COLORS.text}"${s.weight ? ` font-weight="${s.weight}"` : ''}${s.anchor && s.anchor !== 'start' ? ` text-anchor="${s.anchor}"` : ''}${s.halo ? ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"' : ''}${transform}>${escapeXml(text)}</text>`,
    );
  }

  toString(): string {
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family="${CHART_FONT_FAMILY}">`,
      `<rect width="100%" height="100%" fill="#ffffff"/>`,
      ...this.parts,
      '</svg>',
    ].join('\n');
  }
}
