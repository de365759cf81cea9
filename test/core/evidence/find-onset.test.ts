import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOnset } from '../../../src/core/evidence/find-onset.ts';
import type { MinutePoint } from '../../../src/core/evidence/types.ts';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const t = (i: number): string => new Date(T0 + i * 60_000).toISOString();

/** Points from [requests, errors] pairs, one per minute. */
function series(pairs: [number, number][]): MinutePoint[] {
  return pairs.map(([requests, errors5xx], i) => ({ t: t(i), requests, errors5xx }));
}

const pointsArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 })), { maxLength: 40 })
  .map((pairs) => series(pairs.map(([requests, errors]) => [Math.max(requests, errors), errors])));

describe('findOnset', () => {
  it('finds the first minute of a sustained rise', () => {
    // Prepare
    const points = series([
      [100, 0],
      [100, 1],
      [100, 0],
      [100, 20],
      [100, 30],
      [100, 40],
    ]);
    // Act
    const onset = findOnset(points, 0);
    // Assess
    expect(onset).toBe(t(3));
  });

  it('accepts two hot minutes out of three', () => {
    expect(
      findOnset(
        series([
          [100, 0],
          [100, 10],
          [100, 0],
          [100, 10],
          [100, 0],
        ]),
        0,
      ),
    ).toBe(t(1));
  });

  it('ignores a single spike', () => {
    expect(
      findOnset(
        series([
          [100, 0],
          [100, 50],
          [100, 0],
          [100, 0],
          [100, 50],
        ]),
        0,
      ),
    ).toBeUndefined();
  });

  it('ignores stray single errors even at a high rate', () => {
    expect(
      findOnset(
        series([
          [2, 1],
          [2, 1],
          [2, 1],
          [2, 1],
        ]),
        0,
      ),
    ).toBeUndefined();
  });

  it('pools a few minutes at low traffic, where no single minute can hold two 5xx', () => {
    const quiet: [number, number][] = [
      [1, 0],
      [1, 0],
      [2, 0],
    ];
    const failing: [number, number][] = [
      [1, 1],
      [1, 1],
      [1, 0],
      [1, 1],
      [1, 1],
    ];
    expect(findOnset(series([...quiet, ...failing]), 0)).toBe(t(3));
    // Two stray 5xx in five quiet minutes are not a rise.
    expect(
      findOnset(
        series([
          [1, 1],
          [1, 0],
          [1, 0],
          [1, 1],
          [1, 0],
          [1, 0],
        ]),
        0,
      ),
    ).toBeUndefined();
    // At busy minutes one 5xx each is not pooled into a rise: there, a rise shows minute by minute.
    expect(findOnset(series(Array.from({ length: 6 }, () => [50, 1] as [number, number])), 0)).toBeUndefined();
  });

  it('ignores rates at or below 1 % when the baseline is clean', () => {
    expect(
      findOnset(
        series([
          [1000, 10],
          [1000, 10],
          [1000, 10],
        ]),
        0,
      ),
    ).toBeUndefined();
    expect(
      findOnset(
        series([
          [1000, 11],
          [1000, 11],
          [1000, 11],
        ]),
        0,
      ),
    ).toBe(t(0));
  });

  it('needs more than twice the baseline rate', () => {
    const points = series([
      [100, 8],
      [100, 8],
      [100, 8],
    ]);
    expect(findOnset(points, 0.04)).toBeUndefined();
    expect(findOnset(points, 0.03)).toBe(t(0));
  });

  it('finds no onset in an all-zero series', () => {
    fc.assert(
      fc.property(fc.nat({ max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (length, baseline) => {
        const zeros = series(Array.from({ length }, () => [0, 0] as [number, number]));
        expect(findOnset(zeros, baseline)).toBeUndefined();
      }),
    );
  });

  it('never places the onset before the first minute with errors, and always on a point', () => {
    fc.assert(
      fc.property(pointsArb, fc.double({ min: 0, max: 1, noNaN: true }), (points, baseline) => {
        const onset = findOnset(points, baseline);
        if (onset === undefined) return;
        const index = points.findIndex((p) => p.t === onset);
        const firstError = points.findIndex((p) => p.errors5xx > 0);
        expect(index).toBeGreaterThanOrEqual(0);
        expect(index).toBeGreaterThanOrEqual(firstError);
        expect(points[index]!.errors5xx).toBeGreaterThan(0);
      }),
    );
  });

  it('only moves later, or disappears, as the baseline rate grows', () => {
    fc.assert(
      fc.property(pointsArb, fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), (points, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const early = findOnset(points, low);
        const late = findOnset(points, high);
        if (late !== undefined) {
          expect(early).toBeDefined();
          expect(Date.parse(late)).toBeGreaterThanOrEqual(Date.parse(early!));
        }
      }),
    );
  });
});
