import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PagerDutyJob } from '../../../src/adapters/jobs/pagerduty-job.ts';
import { PAGERDUTY_WEBHOOK_PATH, pagerDutyWebhookRoute } from '../../../src/apps/bot/pagerduty-webhook-route.ts';
import { signPagerDutyBody } from '../../../src/adapters/pagerduty/verify-pagerduty-signature.ts';
import { MemoryStateStore } from '../../../src/adapters/store/memory-state-store.ts';
import { fixture } from '../runtime/pagerduty-fixtures.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(store = new MemoryStateStore()) {
  const jobs: PagerDutyJob[] = [];
  const route = pagerDutyWebhookRoute({ secrets: ['s3cret'], store, enqueue: async (job) => void jobs.push(job) });
  server = createServer((req, res) => route.handler(req as never, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}${PAGERDUTY_WEBHOOK_PATH}`, jobs };
}

describe('pagerDutyWebhookRoute', () => {
  it('is a POST route on /pagerduty/webhook that checks the signature over the exact bytes received', async () => {
    const { url, jobs } = await serve();
    // Non-ASCII in the title: the signature is over UTF-8 bytes, not a re-encoded string.
    const payload = fixture('incident-triggered.json');
    payload.event.data['title'] = 'ALARM: "orders-api-prod-5xx" — Zürich €';
    const body = JSON.stringify(payload);
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signPagerDutyBody(body, 's3cret') },
      body,
    });
    const bad = await fetch(url, { method: 'POST', headers: { 'x-pagerduty-signature': signPagerDutyBody(`${body} `, 's3cret') }, body });

    expect(pagerDutyWebhookRoute({ secrets: [], store: new MemoryStateStore(), enqueue: async () => undefined })).toMatchObject({
      path: '/pagerduty/webhook',
      method: ['POST'],
    });
    expect([ok.status, await ok.json()]).toEqual([202, { ok: true, status: 'queued' }]);
    expect(bad.status).toBe(401);
    expect(jobs).toHaveLength(1);
  });

  it("refuses a body far over PagerDuty's own size limit with 413", async () => {
    const { url, jobs } = await serve();
    const body = JSON.stringify({ event: { padding: 'x'.repeat(600 * 1024) } });
    const res = await fetch(url, { method: 'POST', headers: { 'x-pagerduty-signature': signPagerDutyBody(body, 's3cret') }, body });
    expect(res.status).toBe(413);
    expect(jobs).toEqual([]);
  });

  it('answers 500 (PagerDuty retries) when the store fails', async () => {
    const store = new MemoryStateStore();
    store.claimOnce = async () => {
      throw new Error('database is locked');
    };
    const { url } = await serve(store);
    const body = JSON.stringify(fixture('incident-triggered.json'));
    const res = await fetch(url, { method: 'POST', headers: { 'x-pagerduty-signature': signPagerDutyBody(body, 's3cret') }, body });
    expect(res.status).toBe(500);
  });
});
