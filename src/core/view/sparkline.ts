/** Block characters from lowest to highest; the lowest doubles as "zero". */
export const SPARK_CHARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

export interface SparklineOptions {
  /** Index to mark with a caret on a second line, e.g. the onset minute. */
  markIndex?: number;
  /** Text after the caret; defaults to "onset". */
  markLabel?: string;
}

/**
 * One character per value, scaled to the largest. Zero (and anything not a positive number) gets
 * the lowest block, and any positive value at least the second one, so a single failing minute
 * stays visible next to a spike. With `markIndex`, a second line puts `^ onset` under that value.
 *
 * @example
 * sparkline([0, 1, 4, 8], { markIndex: 2 });
 * // '▁▂▅█\n  ^ onset'
 */
export function sparkline(values: readonly number[], opts: SparklineOptions = {}): string {
  const clean = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = Math.max(0, ...clean);
  const line = clean.map((v) => SPARK_CHARS[level(v, max)]).join('');
  const mark = opts.markIndex;
  if (mark === undefined || !Number.isInteger(mark) || mark < 0 || mark >= values.length) return line;
  return `${line}\n${' '.repeat(mark)}^ ${opts.markLabel ?? 'onset'}`;
}

function level(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  const top = SPARK_CHARS.length - 1;
  return Math.min(top, Math.max(1, Math.ceil((value / max) * top)));
}
