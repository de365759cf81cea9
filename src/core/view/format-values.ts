/**
 * How every channel (Slack, the CLI, the summary) writes numbers, shares, durations, times and people.
 * Times are UTC: an incident channel spans time zones, and CloudWatch and CloudTrail speak UTC.
 */
/** 0.873 → "87 %". */
export function pct(fraction: number, digits = 0): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** 12345.678 → "12,345.68". */
export function num(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const [int = '0', frac] = String(Math.round(n * 100) / 100).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

/** 240 → "240 ms", 29000 → "29 s", 28710 → "28.7 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 100) / 10;
  return `${Number.isInteger(s) ? s.toFixed(0) : s.toFixed(1)} s`;
}

/** "09:40" (UTC); anything that is not a date comes back unchanged. */
export function utcTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 16);
}

/** "2026-11-22 09:40" (UTC). */
export function utcDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace('T', ' ');
}

/** Minutes between two ISO times, rounded; undefined when either is not a date. */
export function minutesBetween(from: string, to: string): number | undefined {
  const span = Date.parse(to) - Date.parse(from);
  return Number.isFinite(span) ? Math.round(span / 60_000) : undefined;
}

/** Collapses whitespace so a multi-line log message fits on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** 5xx share computed from the counts when there are any, so it never depends on how a rate was stored. */
export function rateOf(counts: { requests: number; errors5xx: number; rate?: number }): number {
  if (counts.requests > 0) return counts.errors5xx / counts.requests;
  return counts.rate ?? 0;
}

/** "500: 3 · 502: 0 · 504: 41": 500, 502 and 504 always appear, since which one clients saw matters. */
export function statusMix(mix: Record<string, number>): string {
  const codes = new Set(['500', '502', '504', ...Object.keys(mix)]);
  return [...codes]
    .sort()
    .map((code) => `${code}: ${num(mix[code] ?? 0)}`)
    .join(' · ');
}

/** "10 min before onset", "3 min after onset" or "" when unknown. */
export function relativeToOnset(minutesBeforeOnset: number | undefined): string {
  if (minutesBeforeOnset === undefined || !Number.isFinite(minutesBeforeOnset)) return '';
  const m = Math.round(minutesBeforeOnset);
  if (m === 0) return 'at the onset';
  return m > 0 ? `${m} min before onset` : `${-m} min after onset`;
}

/** Minutes from a change to the onset (positive: before it), as collected or, failing that, computed. */
export function minutesBeforeOnset(change: { time: string; minutesBeforeOnset?: number }, onset: string | undefined): number | undefined {
  if (change.minutesBeforeOnset !== undefined) return change.minutesBeforeOnset;
  if (!onset) return undefined;
  const span = Date.parse(onset) - Date.parse(change.time);
  return Number.isFinite(span) ? span / 60_000 : undefined;
}
