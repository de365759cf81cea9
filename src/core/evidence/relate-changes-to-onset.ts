import type { ChangeEvent } from './types.ts';

/**
 * Places each change relative to the start of the 5xx rise: `minutesBeforeOnset` is positive for
 * a change made before the onset, negative after it, rounded to a tenth of a minute. Without a
 * usable onset the changes come back unmarked.
 *
 * @example
 * relateChangesToOnset(changes, '2026-03-01T10:15:00Z')[0]?.minutesBeforeOnset; // 3.5
 */
export function relateChangesToOnset(changes: ChangeEvent[], onset?: string): ChangeEvent[] {
  const onsetMs = onset === undefined ? Number.NaN : Date.parse(onset);
  return changes.map((change) => {
    const { minutesBeforeOnset: _stale, ...rest } = change;
    const timeMs = Date.parse(change.time);
    if (Number.isNaN(onsetMs) || Number.isNaN(timeMs)) return rest;
    const minutes = Math.round((onsetMs - timeMs) / 6_000) / 10;
    // Math.round gives -0 for tiny negatives; show 0.
    return { ...rest, minutesBeforeOnset: minutes === 0 ? 0 : minutes };
  });
}
