/**
 * Two people pressing "Re-check now" (or "Verify fix") at nearly the same time want one run, not
 * two. The machine's guard refuses a press that follows the same request within REPEAT_WINDOW_MS,
 * and the note to the second person names the first; both read the typed timeline entry.
 */
import type { DiagnosisEvent, TimelineEntry } from './diagnosis-types.ts';

/** A second "Re-check" or "Verify fix" within this long of the first one joins it instead of running again. */
export const REPEAT_WINDOW_MS = 30_000;

const KIND_OF_PRESS = { RECHECK: 'recheck-asked', VERIFY_FIX: 'fix-verification-asked' } as const;

/** The earlier press this one repeats, or null when it is a press of its own. */
export function repeatedPressOf(timeline: readonly TimelineEntry[], event: DiagnosisEvent): TimelineEntry | null {
  if (event.type !== 'RECHECK' && event.type !== 'VERIFY_FIX') return null;
  const kind = KIND_OF_PRESS[event.type];
  const earlier = timeline.findLast((t) => t.kind === kind);
  if (!earlier) return null;
  const gap = Date.parse(event.at) - Date.parse(earlier.at);
  return gap >= 0 && gap <= REPEAT_WINDOW_MS ? earlier : null;
}
