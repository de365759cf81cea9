import type { DiagnosisWindow } from '../evidence/types.ts';

/**
 * The window under diagnosis ends at the last whole minute and reaches `sinceMinutes` back; the
 * baseline is the same length before it (at least an hour), to tell "normal" from "incident".
 */
export function computeWindow(now: Date, sinceMinutes: number): DiagnosisWindow {
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  const start = end - sinceMinutes * 60_000;
  const baselineStart = start - Math.max(60, sinceMinutes) * 60_000;
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString(), baselineStart: new Date(baselineStart).toISOString() };
}
