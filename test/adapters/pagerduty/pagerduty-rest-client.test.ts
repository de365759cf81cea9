import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPagerDutyApi, type LocalPagerDutyApi } from '../../../src/tools/pagerduty-api/local-pagerduty-api.ts';
import { PagerDutyApiError, PagerDutyRestClient } from '../../../src/adapters/pagerduty/pagerduty-rest-client.ts';

const ALERTS = (JSON.parse(readFileSync(new URL('../../fixtures/pagerduty/alerts-cloudwatch-rest-api.json', import.meta.url), 'utf8')) as { alerts: unknown[] })
  .alerts;

let pd: LocalPagerDutyApi;
beforeAll(async () => {
  pd = await startLocalPagerDutyApi({ tokens: ['pd-token'] });
  pd.setAlerts('Q2KXT9R4ZB1M0A', ALERTS);
  pd.setAlerts(
    'QMANY',
    Array.from({ length: 60 }, (_, i) => ({ id: `A${i}`, body: { details: {} } })),
  );
});
afterAll(() => pd.close());

describe('PagerDutyRestClient against the local stand-in', () => {
  it("reads an incident's alerts with the alert body", async () => {
    const client = new PagerDutyRestClient({ token: 'pd-token', baseUrl: pd.url });
    const alerts = await client.listIncidentAlerts('Q2KXT9R4ZB1M0A');
    expect(alerts.map((a) => a.id)).toEqual(['Q0AL7XK2M4P9RT']);
    expect((alerts[0]?.body?.details as { AlarmName?: string } | undefined)?.AlarmName).toBe('orders-api-prod-5xx');
  });

  it('follows `more` across pages', async () => {
    const client = new PagerDutyRestClient({ token: 'pd-token', baseUrl: `${pd.url}/` });
    const alerts = await client.listIncidentAlerts('QMANY');
    expect(alerts).toHaveLength(60);
    expect(pd.calls.filter((c) => c.path === '/incidents/QMANY/alerts')).toHaveLength(3);
  });

  it('adds a note with the From header', async () => {
    const client = new PagerDutyRestClient({ token: 'pd-token', baseUrl: pd.url, fromEmail: 'bot@acme.example' });
    const id = await client.createIncidentNote('Q2KXT9R4ZB1M0A', 'suspected cause: timeout');
    expect(id).toMatch(/^P[0-9A-F]{6}$/);
    expect(pd.notes.at(-1)).toMatchObject({ id, incidentId: 'Q2KXT9R4ZB1M0A', content: 'suspected cause: timeout', from: 'bot@acme.example' });
  });

  it('refuses to write without a From address, and says so', async () => {
    const client = new PagerDutyRestClient({ token: 'pd-token', baseUrl: pd.url });
    expect(client.canWrite).toBe(false);
    await expect(client.createIncidentNote('Q2KXT9R4ZB1M0A', 'x')).rejects.toThrow(/PAGERDUTY_FROM_EMAIL/);
  });

  it('turns PagerDuty errors into PagerDutyApiError with the status and a hint', async () => {
    const badToken = new PagerDutyRestClient({ token: 'wrong', baseUrl: pd.url });
    const error = await badToken.listIncidentAlerts('Q2KXT9R4ZB1M0A').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PagerDutyApiError);
    expect(error).toMatchObject({ status: 401, code: 'pagerduty_api' });
    expect((error as Error).message).toMatch(/answered 401 \(check PAGERDUTY_API_TOKEN\)/);
    const missing = await new PagerDutyRestClient({ token: 'pd-token', baseUrl: pd.url }).listIncidentAlerts('QNOPE').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404 });
  });

  it('gives up on a PagerDuty that does not answer', async () => {
    const client = new PagerDutyRestClient({ token: 'pd-token', baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 });
    await expect(client.listIncidentAlerts('Q1')).rejects.toThrow(/PagerDuty did not answer/);
  });

  it('the stand-in refuses a note without From, as PagerDuty does', async () => {
    const res = await fetch(`${pd.url}/incidents/Q2KXT9R4ZB1M0A/notes`, {
      method: 'POST',
      headers: { authorization: 'Token token=pd-token', 'content-type': 'application/json' },
      body: JSON.stringify({ note: { content: 'hi' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { errors: ['A From header is required for this request.'] } });
  });
});
