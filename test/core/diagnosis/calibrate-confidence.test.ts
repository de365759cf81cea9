import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrateConfidence, MAX_CONFIDENCE, MAX_CONFIDENCE_WITH_GAPS } from '../../../src/core/diagnosis/calibrate-confidence.ts';

describe('calibrateConfidence', () => {
  it('never falls as the raw confidence rises, and never passes the ceiling', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(calibrateConfidence(low)).toBeLessThanOrEqual(calibrateConfidence(high));
        expect(calibrateConfidence(high)).toBeLessThanOrEqual(MAX_CONFIDENCE);
      }),
    );
  });

  it('follows the fitted knots and shrinks in proportion below the lowest one', () => {
    expect(calibrateConfidence(0)).toBe(0);
    expect(calibrateConfidence(0.234)).toBe(0.47);
    expect(calibrateConfidence(0.468)).toBe(0.94);
    expect(calibrateConfidence(0.5)).toBe(0.95);
    expect(calibrateConfidence(0.9)).toBe(0.97);
  });

  it('claims less when a source the verdict leans on could not be read', () => {
    expect(calibrateConfidence(0.9, 1)).toBe(MAX_CONFIDENCE_WITH_GAPS);
    expect(calibrateConfidence(0.234, 2)).toBe(0.47);
  });
});
