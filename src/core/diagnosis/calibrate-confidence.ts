/**
 * Turns the raw confidence decideVerdict works out (the leading score, lowered for each missing
 * source it relies on and for a narrow margin) into how often a verdict like it is right; `gaps`
 * is how many of the sources the cause relies on could not be read.
 *
 * The knots are fitted on the accuracy benchmark (`npm run eval`, 500 cases, seed 1) over the
 * verdicts that name a cause: raw confidences in bins 0.1 wide, each bin's share of right verdicts
 * smoothed as (right + 1) / (cases + 2) so that a bin that was always right still leaves room for
 * doubt, adjacent bins pooled until the shares never fall as the raw value rises, then joined
 * linearly. Below the lowest knot the confidence falls in proportion to the raw value. Never above
 * MAX_CONFIDENCE: evidence read from AWS is never proof.
 *
 * Fitted on: raw 0.40–0.50, 14 verdicts, all right (0.94); raw 0.50 and above, 404 verdicts, all
 * right (0.97 after the cap). To refit after the weighing changes: make calibrateConfidence return
 * its input, run `npm run eval -- --json`, redo the fit above on the report's confidences, and
 * put the new knots here.
 */

export const MAX_CONFIDENCE = 0.97;

/**
 * A verdict that leans on a source that could not be read claims at most this much. On the
 * benchmark such verdicts were right as often as the others, but a generated denial hides less
 * than a real one may: the cap keeps "missing evidence lowers the confidence" true where the fit
 * has no failures to learn from.
 */
export const MAX_CONFIDENCE_WITH_GAPS = 0.89;

/** [raw, calibrated] pairs, raw ascending, calibrated never falling. */
const KNOTS: readonly (readonly [number, number])[] = [
  [0.468, 0.938],
  [0.543, 0.97],
];

export function calibrateConfidence(raw: number, gaps = 0): number {
  const [first] = KNOTS;
  if (!first || raw <= 0) return 0;
  let value: number;
  if (raw <= first[0]) {
    value = (first[1] * raw) / first[0];
  } else {
    const upper = KNOTS.findIndex(([x]) => x >= raw);
    if (upper < 0) {
      value = KNOTS[KNOTS.length - 1]![1];
    } else {
      const [x0, y0] = KNOTS[upper - 1]!;
      const [x1, y1] = KNOTS[upper]!;
      value = y0 + ((y1 - y0) * (raw - x0)) / (x1 - x0);
    }
  }
  return Math.round(Math.min(gaps > 0 ? MAX_CONFIDENCE_WITH_GAPS : MAX_CONFIDENCE, value) * 100) / 100;
}
