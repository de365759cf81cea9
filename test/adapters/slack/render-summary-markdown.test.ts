import { describe, expect, it } from 'vitest';
import { renderSummaryMarkdown, summaryTimeline } from '../../../src/adapters/slack/index.ts';
import { caseView, RUNBOOK, viewOf } from './view-builders.ts';

describe('renderSummaryMarkdown', () => {
  // Prepare: a network incident with actions in the thread and a verified fix.
  const base = caseView('network', {
    phase: 'resolved',
    timeline: [
      { at: '2026-11-22T10:01:00.000Z', by: 'U123ABC', what: 'Diagnosis requested' },
      { at: '2026-11-22T10:12:00.000Z', by: 'U456DEF', what: 'Restored the ingress rule on sg-0orders' },
      { at: '2026-11-22T10:05:00.000Z', by: 'U456DEF', what: 'Answered direct-call: fails directly' },
    ],
  });
  const view = {
    ...base,
    report: {
      ...base.report!,
      verification: {
        at: '2026-11-22T10:20:00.000Z',
        by: 'U456DEF',
        verified: true,
        errors5xxSinceFix: 0,
        requestsSinceFix: 1600,
        baselineRate: 0,
        summary: '5xx back at the baseline',
      },
    },
  };

  it('puts the timeline in time order, merging evidence, thread actions and the verification', () => {
    // Act
    const markdown = renderSummaryMarkdown(view);

    // Assess
    const timeline = markdown.split('## Timeline (UTC)')[1]!.split('\n## ')[0]!;
    const order = [
      '**2026-11-22 09:30** — alice: RevokeSecurityGroupIngress on sg-0orders by alice: tcp 443 from 10.0.0.0/16 — 10 min before onset',
      '**2026-11-22 09:40** — 5xx onset',
      '**2026-11-22 10:01** — @U123ABC: Diagnosis requested',
      '**2026-11-22 10:05** — @U456DEF: Answered direct-call',
      '**2026-11-22 10:12** — @U456DEF: Restored the ingress rule',
      '**2026-11-22 10:20** — @U456DEF: Fix verified: 5xx back at the baseline',
    ];
    const positions = order.map((line) => timeline.indexOf(line));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('has impact, root cause with confidence and evidence, fix, verification, gaps and follow-ups', () => {
    const markdown = renderSummaryMarkdown(view);
    const confidence = Math.round(view.report.verdict.confidence * 100);
    expect(markdown).toMatch(/^# 5xx incident: shop-api \(a1b2c3d4e5\) · stage prod · us-east-1\n/);
    expect(markdown).toContain('- **5xx:** 1,000 of 12,000 requests (8.3 %), severity **high**');
    expect(markdown).toContain('- **Onset:** 2026-11-22 09:40 UTC');
    expect(markdown).toContain(`**network** — ${RUNBOOK.causes.network.title} (confidence ${confidence} %)`);
    expect(markdown).toContain('- ✚ [config] 3 of 3 targets behind VPC link vl0abc are unhealthy');
    expect(markdown).toContain('A fix was applied and verified at 2026-11-22 10:20 UTC');
    expect(markdown).toContain('1. Check the VPC link (read-only): `aws apigateway get-vpc-links --region us-east-1`');
    expect(markdown).toContain('**Verified fixed** at 2026-11-22 10:20 UTC by @U456DEF: 5xx back at the baseline');
    expect(markdown).toContain('## Missing evidence\n\nNone: every source was read.');
    expect(markdown).toContain('- [ ] Avoid: Opening the security group to 0.0.0.0/0 to make the error go away.');
  });

  it('keeps the order of entries with the same time', () => {
    const v = viewOf(null, {
      timeline: [
        { at: '2026-11-22T10:00:00.000Z', what: 'first' },
        { at: '2026-11-22T10:00:00.000Z', what: 'second' },
        { at: '2026-11-22T09:00:00.000Z', what: 'earliest' },
      ],
    });
    expect(summaryTimeline(v).map((e) => e.what)).toEqual(['earliest', 'first', 'second']);
    expect(renderSummaryMarkdown(v)).toContain('_Evidence is still being collected._');
  });

  it('lists missing evidence with fixes as follow-ups', () => {
    const inconclusive = caseView('timeout');
    inconclusive.report!.evidence.missing.push({ source: 'changes', reason: 'access denied to cloudtrail:LookupEvents', fix: 'allow cloudtrail:LookupEvents' });
    const markdown = renderSummaryMarkdown(inconclusive);
    expect(markdown).toContain('- **changes:** access denied to cloudtrail:LookupEvents — fix: allow cloudtrail:LookupEvents');
    expect(markdown).toContain('- [ ] Make changes evidence available: allow cloudtrail:LookupEvents');
  });
});
