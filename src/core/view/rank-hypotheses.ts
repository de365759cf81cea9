/**
 * The hypotheses worth showing, strongest first: the leader always, the others only when
 * something speaks for them, so five zero-score causes do not crowd the message.
 */
import type { Hypothesis } from '../diagnosis/types.ts';

export function rankHypotheses(hypotheses: readonly Hypothesis[], max = 3): Hypothesis[] {
  return [...hypotheses]
    .sort((a, b) => b.score - a.score)
    .filter((h, i) => i === 0 || h.score > 0 || h.evidence.length > 0)
    .slice(0, max);
}
