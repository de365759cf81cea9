import { describe, expect, it } from 'vitest';
import { relateChangesToOnset } from '../../../src/core/evidence/relate-changes-to-onset.ts';
import type { ChangeEvent } from '../../../src/core/evidence/types.ts';

function change(time: string, overrides: Partial<ChangeEvent> = {}): ChangeEvent {
  return {
    time,
    eventName: 'RevokeSecurityGroupIngress',
    eventSource: 'ec2.amazonaws.com',
    kind: 'security-group',
    who: 'alice',
    resources: ['sg-0abc'],
    relatedToApi: false,
    summary: 'RevokeSecurityGroupIngress on sg-0abc by alice',
    ...overrides,
  };
}

describe('relateChangesToOnset', () => {
  it('counts minutes before the onset as positive and after it as negative, to a tenth', () => {
    // Prepare
    const changes = [change('2026-03-01T10:11:35Z'), change('2026-03-01T10:15:00Z'), change('2026-03-01T10:17:06Z')];

    // Act
    const related = relateChangesToOnset(changes, '2026-03-01T10:15:00Z');

    // Assess
    expect(related.map((c) => c.minutesBeforeOnset)).toEqual([3.4, 0, -2.1]);
  });

  it('shows a change seconds after the onset as 0, not -0', () => {
    const [related] = relateChangesToOnset([change('2026-03-01T10:15:02Z')], '2026-03-01T10:15:00Z');

    expect(Object.is(related?.minutesBeforeOnset, 0)).toBe(true);
  });

  it('leaves the changes unmarked without an onset, dropping any stale mark', () => {
    const related = relateChangesToOnset([change('2026-03-01T10:11:00Z', { minutesBeforeOnset: 9 })]);

    expect(related[0]).not.toHaveProperty('minutesBeforeOnset');
    expect(related[0]?.summary).toBe('RevokeSecurityGroupIngress on sg-0abc by alice');
  });

  it('does not change its input', () => {
    const original = change('2026-03-01T10:11:00Z');

    relateChangesToOnset([original], '2026-03-01T10:15:00Z');

    expect(original).not.toHaveProperty('minutesBeforeOnset');
  });

  it('ignores an onset it cannot read', () => {
    const related = relateChangesToOnset([change('2026-03-01T10:11:00Z')], 'soon');

    expect(related[0]?.minutesBeforeOnset).toBeUndefined();
  });
});
