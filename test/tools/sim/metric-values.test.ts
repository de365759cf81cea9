import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../src/tools/sim/parse-scenario.ts';
import { segmentValue, statisticValue } from '../../../src/tools/sim/metric-values.ts';
import { SimWorld } from '../../../src/tools/sim/sim-world.ts';

describe('segmentValue', () => {
  it('lets later segments win, ramps linearly and leaves uncovered minutes empty', () => {
    const segments = [
      { from: -10, to: 0, value: 5 },
      { from: -4, to: 0, value: 0, rampTo: 40 },
    ];
    expect(segmentValue(segments, -10, [])).toBe(5);
    expect(segmentValue(segments, -4, [])).toBe(0);
    expect(segmentValue(segments, -2, [])).toBe(20);
    expect(segmentValue(segments, 0, [])).toBe(40);
    expect(segmentValue(segments, -11, [])).toBeUndefined();
  });

  it('applies seeded jitter within bounds, the same for the same seed', () => {
    const segments = [{ from: -60, to: 0, value: 100, jitter: 0.1 }];
    const a = Array.from({ length: 60 }, (_, i) => segmentValue(segments, -i, ['s', 1]) ?? 0);
    const b = Array.from({ length: 60 }, (_, i) => segmentValue(segments, -i, ['s', 1]) ?? 0);
    expect(a).toEqual(b);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(90);
    expect(Math.max(...a)).toBeLessThanOrEqual(110);
    expect(new Set(a.map(Math.round)).size).toBeGreaterThan(5);
  });
});

describe('statisticValue', () => {
  const scenario = validateScenario({
    id: 'stats',
    title: 'Stats',
    description: 'Statistics.',
    expectedCause: 'none',
    api: { type: 'rest', id: 'st4t5st4t5', name: 'stats-api', stages: [{ name: 'prod' }], resources: [] },
    metrics: {
      api: {
        Count: [{ from: -5, to: 0, value: 200 }],
        '5XXError': [{ from: -5, to: 0, value: 50 }],
        IntegrationLatency: { Average: [{ from: -5, to: 0, value: 300 }], p99: [{ from: -5, to: 0, value: 2900 }] },
      },
    },
  });
  const world = new SimWorld([scenario]);
  const find = (name: string) => world.metricSeriesIn([scenario]).find((s) => s.metricName === name && 'Stage' in s.dimensions);

  it('derives error-metric statistics from per-request samples', () => {
    const errors = find('5XXError');
    if (!errors) throw new Error('series missing');
    expect(statisticValue(errors, { kind: 'Sum' }, 0)).toBe(50);
    expect(statisticValue(errors, { kind: 'SampleCount' }, 0)).toBe(200);
    expect(statisticValue(errors, { kind: 'Average' }, 0)).toBe(0.25);
    expect(statisticValue(errors, { kind: 'Maximum' }, 0)).toBe(1);
    expect(statisticValue(errors, { kind: 'percentile', p: 50 }, 0)).toBe(0);
    expect(statisticValue(errors, { kind: 'percentile', p: 99 }, 0)).toBe(1);
  });

  it('picks the nearest given latency statistic and weights Sum by request count', () => {
    const latency = find('IntegrationLatency');
    if (!latency) throw new Error('series missing');
    expect(statisticValue(latency, { kind: 'percentile', p: 99 }, 0)).toBe(2900);
    expect(statisticValue(latency, { kind: 'percentile', p: 95 }, 0)).toBe(2900);
    expect(statisticValue(latency, { kind: 'Maximum' }, 0)).toBe(2900);
    expect(statisticValue(latency, { kind: 'Average' }, 0)).toBe(300);
    expect(statisticValue(latency, { kind: 'Sum' }, 0)).toBe(60000);
    expect(statisticValue(latency, { kind: 'Average' }, -6)).toBeUndefined();
  });
});
