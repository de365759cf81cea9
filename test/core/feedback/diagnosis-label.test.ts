import { describe, expect, it } from 'vitest';
import { decisiveLabel, isLabelCause, LABEL_CAUSES, withLabel, type DiagnosisLabel } from '../../../src/core/feedback/diagnosis-label.ts';
import { summarizeAccuracy } from '../../../src/core/feedback/summarize-accuracy.ts';

const label = (over: Partial<DiagnosisLabel>): DiagnosisLabel => ({
  predictedCause: 'timeout',
  confidence: 0.8,
  trueCause: 'timeout',
  source: 'confirmed',
  by: 'U0ALICE',
  at: '2026-11-22T10:00:00.000Z',
  ...over,
});

describe('labels', () => {
  it('offers the seven verdict causes plus other', () => {
    expect(LABEL_CAUSES).toEqual(['timeout', 'network', 'permission', 'format', 'backend-error', 'none', 'inconclusive', 'other']);
    expect(isLabelCause('other')).toBe(true);
    expect(isLabelCause('dns')).toBe(false);
  });

  it('keeps one label per person, the latest, and the verification apart', () => {
    // Prepare
    const first = label({ source: 'confirmed' });
    const verified = label({ source: 'verified-fix', at: '2026-11-22T10:01:00.000Z' });
    const changedMind = label({ source: 'corrected', trueCause: 'network', at: '2026-11-22T10:02:00.000Z' });
    // Act
    const labels = withLabel(withLabel(withLabel([], first), verified), changedMind);
    // Assess
    expect(labels).toEqual([verified, changedMind]);
  });

  it('lets a person outrank a verified fix, and falls back to the fix', () => {
    const verified = label({ source: 'verified-fix', at: '2026-11-22T11:00:00.000Z' });
    const wrong = label({ source: 'corrected', trueCause: 'network', by: 'U0BOB', at: '2026-11-22T10:00:00.000Z' });
    expect(decisiveLabel([verified, wrong])).toBe(wrong);
    expect(decisiveLabel([verified])).toBe(verified);
    expect(decisiveLabel(undefined)).toBeUndefined();
  });
});

describe('summarizeAccuracy', () => {
  it('counts per named cause: labelled, right and wrong; unlabelled verdicts are not right', () => {
    // Act
    const summary = summarizeAccuracy([
      { cause: 'timeout', labels: [label({})] },
      { cause: 'timeout', labels: [label({ source: 'corrected', trueCause: 'network' })] },
      { cause: 'timeout' },
      { cause: 'network', labels: [label({ predictedCause: 'network', trueCause: 'network', source: 'verified-fix' })] },
      { cause: 'inconclusive', labels: [] },
    ]);
    // Assess
    expect(summary.byCause).toEqual([
      { cause: 'timeout', verdicts: 3, labelled: 2, right: 1, wrong: 1 },
      { cause: 'network', verdicts: 1, labelled: 1, right: 1, wrong: 0 },
      { cause: 'inconclusive', verdicts: 1, labelled: 0, right: 0, wrong: 0 },
    ]);
    expect(summary.total).toEqual({ verdicts: 5, labelled: 3, right: 2, wrong: 1 });
  });
});
