import { describe, expect, it } from 'vitest';
import { severityFor } from '../../../src/core/evidence/severity.ts';

describe('severityFor', () => {
  it.each([
    [0, 1000, 'none'],
    [0, 0, 'none'],
    [1, 1000, 'normal'],
    [10, 1000, 'normal'], // exactly 1 %
    [11, 1000, 'elevated'],
    [50, 1000, 'elevated'], // exactly 5 %
    [51, 1000, 'high'],
    [150, 1000, 'high'], // exactly 15 %
    [151, 1000, 'critical'],
    [1000, 1000, 'critical'],
  ] as const)('%i 5xx out of %i requests is %s', (errors, requests, expected) => {
    expect(severityFor(errors, requests)).toBe(expected);
  });

  it('treats 5xx without a request count as every known request failing', () => {
    expect(severityFor(3, 0)).toBe('critical');
  });
});
