import { describe, expect, it } from 'vitest';
import { signAlarmEvent } from '../../../src/adapters/alarms/verify-alarm-signature.ts';
import type { AlarmJob } from '../../../src/adapters/jobs/alarm-job.ts';
import { MemoryStateStore } from '../../../src/adapters/store/memory-state-store.ts';
import { handleAlarmPost } from '../../../src/apps/runtime/handle-alarm-post.ts';
import { buildAlarmEvent } from '../../../src/tools/sandbox/build-alarm-event.ts';

const SECRET = 'alarm-test-secret';
const at = new Date('2026-12-07T10:00:00Z');
const body = JSON.stringify(
  buildAlarmEvent({ alarmName: 'orders-5xx', region: 'us-east-1', state: 'ALARM', at, api: { type: 'rest', name: 'orders-api', stage: 'prod' } }),
);
const post = () => ({ rawBody: body, headers: signAlarmEvent(body, SECRET, at.getTime()) });

describe('handleAlarmPost', () => {
  it('gives the delivery claim back when the event could not be queued, so the retry is queued', async () => {
    const store = new MemoryStateStore(() => at);
    const queued: AlarmJob[] = [];
    let failNext = true;
    const deps = {
      secrets: [SECRET],
      store,
      now: () => at,
      enqueue: async (job: AlarmJob) => {
        if (failNext) {
          failNext = false;
          throw new Error('queue unavailable');
        }
        queued.push(job);
      },
    };
    await expect(handleAlarmPost(post(), deps)).resolves.toMatchObject({ status: 503 });
    await expect(handleAlarmPost(post(), deps)).resolves.toEqual({ status: 202, body: { ok: true, status: 'queued' } });
    await expect(handleAlarmPost(post(), deps)).resolves.toEqual({ status: 202, body: { ok: true, status: 'duplicate' } });
    expect(queued).toHaveLength(1);
  });
});
