import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { PagerDutyJob } from '../../../src/adapters/jobs/pagerduty-job.ts';
import { MemoryStateStore } from '../../../src/adapters/store/memory-state-store.ts';
import { createPagerDutyIntegration } from '../../../src/apps/bot/create-pagerduty-integration.ts';

const choice = (n: number): PagerDutyJob => ({
  kind: 'pagerduty-choose-api',
  incidentId: `PINC${n}`,
  choice: 'a1b2c3d4e5 prod',
  user: 'U0ALICE',
  channel: 'C0PAGER',
  messageTs: `1700000000.00010${n}`,
  at: '2026-11-22T10:00:00.000Z',
});

describe('createPagerDutyIntegration', () => {
  // Issue 11, finding 7: PagerDuty jobs had their own queue, with no cap on how many ran at once.
  it('runs no more PagerDuty jobs at once than its concurrency', async () => {
    // Prepare: jobs that finish only when released.
    const release: Array<() => void> = [];
    let running = 0;
    let most = 0;
    const pagerDuty = createPagerDutyIntegration({
      handleJob: () =>
        new Promise<void>((resolve) => {
          running += 1;
          most = Math.max(most, running);
          release.push(() => {
            running -= 1;
            resolve();
          });
        }),
      env: { webhookSecrets: ['unused'] },
      store: new MemoryStateStore(),
      logger: pino({ level: 'silent' }),
      concurrency: 2,
    });
    // Act
    for (let n = 1; n <= 5; n++) await pagerDuty.enqueue(choice(n));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const startedFirst = release.length;
    while (release.length > 0) {
      release.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await pagerDuty.idle();
    // Assess
    expect(startedFirst).toBe(2);
    expect(most).toBe(2);
    expect(running).toBe(0);
  });
});
