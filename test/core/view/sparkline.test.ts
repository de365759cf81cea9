import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SPARK_CHARS, sparkline } from '../../../src/core/view/sparkline.ts';

const rank = (ch: string) => SPARK_CHARS.indexOf(ch as (typeof SPARK_CHARS)[number]);
const counts = fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 200 });

describe('sparkline', () => {
  it('scales to the largest value, zero on the lowest block', () => {
    expect(sparkline([0, 1, 4, 8])).toBe('▁▂▅█');
    expect(sparkline([])).toBe('');
  });

  it('keeps a single failing minute visible next to a spike', () => {
    expect(sparkline([1, 1000])).toBe('▂█');
  });

  it('treats negative and non-finite values as zero', () => {
    expect(sparkline([-5, Number.NaN, Number.POSITIVE_INFINITY, 2])).toBe('▁▁▁█');
  });

  it('puts "^ onset" under the marked value on a second line', () => {
    const [line, marker] = sparkline([0, 0, 0, 5, 9], { markIndex: 3 }).split('\n');

    expect(line).toBe('▁▁▁▅█');
    expect(marker).toBe('   ^ onset');
    expect(marker!.indexOf('^')).toBe(3);
  });

  it('ignores a mark outside the values', () => {
    expect(sparkline([1, 2], { markIndex: 2 })).toBe('▅█');
    expect(sparkline([1, 2], { markIndex: -1 })).toBe('▅█');
  });

  it('has one character per value', () => {
    fc.assert(fc.property(counts, (values) => [...sparkline(values)].length === values.length));
  });

  it('draws all zeros with the lowest block only', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), (n) => sparkline(Array(n).fill(0)) === SPARK_CHARS[0].repeat(n)));
  });

  it('never draws a larger value lower than a smaller one, and the maximum at full height', () => {
    fc.assert(
      fc.property(counts, (values) => {
        const chars = [...sparkline(values)];
        const max = Math.max(...values);
        return (
          values.every((a, i) => values.every((b, j) => (a > b ? rank(chars[i]!) >= rank(chars[j]!) : true))) &&
          (max === 0 || chars[values.indexOf(max)] === '█')
        );
      }),
    );
  });

  it('draws a positive value above zero', () => {
    fc.assert(fc.property(counts, (values) => [...sparkline(values)].every((ch, i) => values[i]! > 0 === rank(ch) > 0)));
  });

  it('places the caret under the marked index for any mark', () => {
    fc.assert(
      fc.property(
        counts.chain((values) => fc.tuple(fc.constant(values), fc.nat({ max: values.length - 1 }))),
        ([values, mark]) => {
          const [line, marker] = sparkline(values, { markIndex: mark }).split('\n');
          return [...line!].length === values.length && marker === `${' '.repeat(mark)}^ onset`;
        },
      ),
    );
  });
});
