import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handlePagerDutyWebhook, type PagerDutyWebhookDeps } from '../../../src/apps/runtime/handle-pagerduty-webhook.ts';
import type { PagerDutyJob } from '../../../src/adapters/jobs/pagerduty-job.ts';
import { signPagerDutyBody } from '../../../src/adapters/pagerduty/verify-pagerduty-signature.ts';
import { MemoryStateStore } from '../../../src/adapters/store/memory-state-store.ts';
import { SqliteStateStore } from '../../../src/adapters/store/sqlite-state-store.ts';
import { fixture } from './pagerduty-fixtures.ts';

const SECRET = 'whsec-test';

function deps(overrides: Partial<PagerDutyWebhookDeps> = {}) {
  const jobs: PagerDutyJob[] = [];
  const store = new MemoryStateStore();
  const claimOnce = vi.spyOn(store, 'claimOnce');
  const base: PagerDutyWebhookDeps = {
    secrets: [SECRET],
    store,
    enqueue: async (job) => {
      jobs.push(job);
    },
    now: () => new Date('2026-03-02T10:12:45.000Z'),
    ...overrides,
  };
  return { deps: base, jobs, claimOnce };
}

function signed(payload: unknown, headers: Record<string, string> = {}) {
  const rawBody = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { rawBody: Buffer.from(rawBody), headers: { 'X-PagerDuty-Signature': signPagerDutyBody(rawBody, SECRET), 'X-Webhook-Id': 'wh-1', ...headers } };
}

describe('handlePagerDutyWebhook', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 202 and queues a signed incident.triggered', async () => {
    // Prepare
    const { deps: d, jobs } = deps();
    const payload = fixture('incident-triggered.json');

    // Act
    const res = await handlePagerDutyWebhook(signed(payload), d);

    // Assess
    expect(res).toEqual({ status: 202, body: { ok: true, status: 'queued' } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      kind: 'pagerduty-event',
      deliveryId: payload.event.id,
      receivedAt: '2026-03-02T10:12:45.000Z',
      event: { id: payload.event.id, event_type: 'incident.triggered' },
    });
  });

  it('answers 401 on a wrong or missing signature before reading the body', async () => {
    // Prepare: the body is not even JSON, so any parsing would answer 400 instead
    const { deps: d, jobs, claimOnce } = deps();
    const request = signed('{not json');

    // Act
    const wrong = await handlePagerDutyWebhook({ ...request, headers: { 'x-pagerduty-signature': signPagerDutyBody('{not json', 'other') } }, d);
    const missing = await handlePagerDutyWebhook({ ...request, headers: {} }, d);
    const lowercase = await handlePagerDutyWebhook(
      { rawBody: request.rawBody, headers: { 'x-pagerduty-signature': signPagerDutyBody('{not json', SECRET) } },
      d,
    );

    // Assess
    expect(wrong.status).toBe(401);
    expect(missing).toEqual({ status: 401, body: { ok: false, error: 'invalid signature' } });
    expect(lowercase.status).toBe(400);
    expect(jobs).toEqual([]);
    expect(claimOnce).not.toHaveBeenCalled();
  });

  it('answers 400 on invalid JSON and on a body that is not a v3 envelope', async () => {
    const { deps: d, jobs } = deps();
    const notJson = await handlePagerDutyWebhook(signed('{"event": '), d);
    const v2 = await handlePagerDutyWebhook(signed({ messages: [{ event: 'incident.trigger' }] }), d);
    const badIncident = fixture('incident-triggered.json');
    delete badIncident.event.data['service'];
    const noService = await handlePagerDutyWebhook(signed(badIncident), d);

    expect(notJson).toEqual({ status: 400, body: { ok: false, error: 'body is not JSON' } });
    expect(v2.status).toBe(400);
    expect(v2.body.error).toMatch(/^not a v3 webhook envelope: event: /);
    expect(noService.status).toBe(400);
    expect(noService.body.error).toMatch(/incident\.triggered without a valid incident: service/);
    expect(jobs).toEqual([]);
  });

  it('accepts and ignores event types it does not act on', async () => {
    const { deps: d, jobs, claimOnce } = deps();
    const annotated = await handlePagerDutyWebhook(signed(fixture('incident-annotated.json')), d);
    const unknown = fixture('incident-triggered.json');
    unknown.event['event_type'] = 'service.updated';
    unknown.event['resource_type'] = 'service';
    const service = await handlePagerDutyWebhook(signed(unknown, { 'X-Webhook-Id': 'wh-2' }), d);

    expect(annotated).toEqual({ status: 202, body: { ok: true, status: 'ignored' } });
    expect(service).toEqual({ status: 202, body: { ok: true, status: 'ignored' } });
    expect(jobs).toEqual([]);
    expect(claimOnce).not.toHaveBeenCalled();
  });

  it('queues a redelivery once and answers 202 to both', async () => {
    const { deps: d, jobs } = deps();
    const payload = fixture('incident-triggered.json');
    const first = await handlePagerDutyWebhook(signed(payload), d);
    const again = await handlePagerDutyWebhook(signed(payload), d);

    expect(first.body.status).toBe('queued');
    expect(again).toEqual({ status: 202, body: { ok: true, status: 'duplicate' } });
    expect(jobs).toHaveLength(1);
  });

  it('deduplicates on the signed event id, not the unsigned X-Webhook-Id (issue 11, finding 10)', async () => {
    const { deps: d, jobs } = deps();
    const payload = fixture('incident-triggered.json');
    await handlePagerDutyWebhook(signed(payload), d);
    const replayed = await handlePagerDutyWebhook(signed(payload, { 'X-Webhook-Id': 'wh-forged-1' }), d);
    const headerless = await handlePagerDutyWebhook(
      { rawBody: signed(payload).rawBody, headers: { 'x-pagerduty-signature': signed(payload).headers['X-PagerDuty-Signature'] } },
      d,
    );

    expect(replayed.body.status).toBe('duplicate');
    expect(headerless.body.status).toBe('duplicate');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ deliveryId: payload.event.id });
  });

  it('refuses an event that occurred more than an hour ago: not queued, not remembered (issue 11, finding 10)', async () => {
    const payload = fixture('incident-triggered.json');
    const occurred = Date.parse(payload.event['occurred_at'] as string);
    const { deps: late, jobs } = deps({ now: () => new Date(occurred + 61 * 60_000) });
    const { deps: retried, jobs: retriedJobs } = deps({ now: () => new Date(occurred + 20 * 60_000) });

    const stale = await handlePagerDutyWebhook(signed(payload), late);
    const inTime = await handlePagerDutyWebhook(signed(payload), retried);

    expect(stale).toEqual({ status: 202, body: { ok: true, status: 'stale' } });
    expect(jobs).toEqual([]);
    // PagerDuty's own retries run for about 20 minutes: those still count.
    expect(inTime.body.status).toBe('queued');
    expect(retriedJobs).toHaveLength(1);
  });

  it('remembers deliveries across a restart (SQLite store)', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'pd-webhook-'));
    dirs.push(dir);
    const path = join(dir, 'state.sqlite');
    const payload = fixture('incident-triggered.json');
    const before = new SqliteStateStore({ path });
    const { deps: d1, jobs: jobs1 } = deps({ store: before });
    await handlePagerDutyWebhook(signed(payload), d1);
    await before.close();

    // Act: a new process, the same file
    const after = new SqliteStateStore({ path });
    const { deps: d2, jobs: jobs2 } = deps({ store: after });
    const res = await handlePagerDutyWebhook(signed(payload), d2);
    await after.close();

    // Assess
    expect(jobs1).toHaveLength(1);
    expect(res.body.status).toBe('duplicate');
    expect(jobs2).toEqual([]);
  });

  it('accepts the old secret during a rotation', async () => {
    const { deps: d, jobs } = deps({ secrets: ['whsec-new', SECRET] });
    const res = await handlePagerDutyWebhook(signed(fixture('incident-resolved.json')), d);
    expect(res.status).toBe(202);
    expect(jobs).toHaveLength(1);
  });

  it('answers 503 when the queue refuses the job', async () => {
    const { deps: d } = deps({
      enqueue: async () => {
        throw new Error('the work queue is closed');
      },
    });
    const res = await handlePagerDutyWebhook(signed(fixture('incident-triggered.json')), d);
    expect(res).toEqual({ status: 503, body: { ok: false, error: 'could not queue the event' } });
  });

  it("queues PagerDuty's retry of an event the queue refused, not dropping it as a duplicate (issue 11, finding 4)", async () => {
    // Prepare: the queue refuses the first delivery only
    const jobs: PagerDutyJob[] = [];
    let refuse = true;
    const { deps: d } = deps({
      enqueue: async (job) => {
        if (refuse) throw new Error('queue unavailable');
        jobs.push(job);
      },
    });
    const payload = fixture('incident-triggered.json');

    // Act
    const first = await handlePagerDutyWebhook(signed(payload), d);
    refuse = false;
    const retried = await handlePagerDutyWebhook(signed(payload), d);
    const again = await handlePagerDutyWebhook(signed(payload), d);

    // Assess
    expect(first.status).toBe(503);
    expect([retried.body.status, again.body.status]).toEqual(['queued', 'duplicate']);
    expect(jobs).toHaveLength(1);
  });

  it("answers well within PagerDuty's 5 s even when the work behind it is slow", async () => {
    // Prepare: a queue whose jobs never finish; enqueue itself returns at once
    const pending: Array<Promise<void>> = [];
    const { deps: d } = deps({
      enqueue: async () => {
        pending.push(new Promise<void>(() => undefined));
      },
    });

    // Act
    const started = performance.now();
    const res = await handlePagerDutyWebhook(signed(fixture('incident-triggered.json')), d);
    const elapsed = performance.now() - started;

    // Assess
    expect(res.status).toBe(202);
    expect(pending).toHaveLength(1);
    expect(elapsed).toBeLessThan(500);
  });
});
