/**
 * An alert storm end to end (issue 4): 50 signed incidents over 10 APIs of one account, POSTed to
 * the webhook over HTTP, diagnosed against the simulated account at CloudTrail's real quota.
 */
import { describe, expect, it } from 'vitest';
import { runPagerDutyStorm, stormApiId } from '../../../bench/pagerduty-storm-bench.ts';

describe('an alert storm of 50 incidents over 10 APIs', () => {
  it('makes 10 threads listing every incident, with one shared CloudTrail lookup and no throttling', async () => {
    // Act
    const storm = await runPagerDutyStorm({ incidents: 50, apis: 10, spreadMs: 2_000, latencyMs: 20, cloudTrailCallsPerSecond: 2 });

    // Assess
    expect(storm.webhookStatuses).toEqual(Array(50).fill(202));
    expect(storm.threads).toBe(10);
    expect(storm.failedDiagnoses).toBe(0);
    const apiIds = Array.from({ length: 10 }, (_, i) => stormApiId(i));
    expect(Object.keys(storm.listed).sort()).toEqual(apiIds);
    for (const apiId of apiIds) {
      // Webhooks are handled concurrently, so arrival order is not promised: every incident is.
      expect([...(storm.listed[apiId] ?? [])].sort()).toEqual([...(storm.sent[apiId] ?? [])].sort());
      expect(storm.listed[apiId]).toHaveLength(5);
      expect(storm.verdicts[apiId]).toBe('timeout');
    }
    expect(storm.throttlingErrors).toBe(0);
    expect(storm.lookupEvents).toBeGreaterThan(0);
    expect(storm.lookupEvents).toBeLessThan(storm.threads);
  }, 60_000);
});
