/**
 * The 5xx-per-minute sparkline for a code block: one character per minute (neighbouring minutes
 * summed when the window is long), the first and last times, and a caret under the onset.
 */
import { sparkline } from '../../core/view/sparkline.ts';
import type { MetricsFindings } from '../../core/evidence/types.ts';
import { utcTime } from '../../core/view/format-values.ts';

/** Lines to put between ``` fences; empty when there are no points. */
export function minuteSparkline(metrics: Pick<MetricsFindings, 'perMinute' | 'onset'>, maxChars = 60): string[] {
  const points = metrics.perMinute;
  if (points.length === 0) return [];
  const group = Math.max(1, Math.ceil(points.length / maxChars));
  const values: number[] = [];
  for (let i = 0; i < points.length; i += group) {
    values.push(points.slice(i, i + group).reduce((n, p) => n + p.errors5xx, 0));
  }
  const onsetMs = metrics.onset ? Date.parse(metrics.onset) : NaN;
  const onsetIndex = Number.isFinite(onsetMs) ? points.findIndex((p) => Math.floor(Date.parse(p.t) / 60_000) === Math.floor(onsetMs / 60_000)) : -1;
  const mark = onsetIndex >= 0 ? Math.floor(onsetIndex / group) : undefined;
  const [line = '', caret] = sparkline(values, mark !== undefined ? { markIndex: mark, markLabel: `onset ${utcTime(metrics.onset!)}` } : {}).split('\n');
  const label = `${group > 1 ? `5xx/${group}min` : '5xx/min'} ${utcTime(points[0]!.t)} `;
  const lines = [`${label}${line} ${utcTime(points[points.length - 1]!.t)}`];
  if (caret !== undefined) lines.push(`${' '.repeat(label.length)}${caret}`);
  return lines;
}
