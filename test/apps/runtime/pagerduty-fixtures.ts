/** The signed-payload fixtures of test/fixtures/pagerduty, and variations of them. */
import { readFileSync } from 'node:fs';

/** When the fixtures' incident was triggered; every fixture's occurred_at is moved by the same amount. */
const FIXTURE_TRIGGERED_AT = Date.parse('2026-03-02T10:12:44.511Z');
/** The webhook refuses events that occurred long ago, so the fixtures' story is replayed as of a minute ago. */
const SHIFT_MS = Date.now() - 60_000 - FIXTURE_TRIGGERED_AT;

/**
 * A fixture from test/fixtures/pagerduty, parsed, with occurred_at moved so the triggered event
 * happened a minute ago (the events keep their order and spacing).
 */
export function fixture(name: string): { event: Record<string, unknown> & { id: string; data: Record<string, unknown> } } {
  const parsed = JSON.parse(readFileSync(new URL(`../../fixtures/pagerduty/${name}`, import.meta.url), 'utf8'));
  const at = Date.parse(parsed.event?.occurred_at);
  if (Number.isFinite(at)) parsed.event.occurred_at = new Date(at + SHIFT_MS).toISOString();
  return parsed;
}

/** The fixture's event as another incident (own id, number and event id). */
export function asIncident(payload: ReturnType<typeof fixture>, incidentId: string, number: number, serviceId?: string) {
  const copy = structuredClone(payload);
  copy.event.id = `${copy.event.id}-${incidentId}`;
  copy.event.data = { ...copy.event.data, id: incidentId, number, html_url: `https://acme.pagerduty.com/incidents/${incidentId}` };
  if (serviceId) copy.event.data['service'] = { ...(copy.event.data['service'] as object), id: serviceId };
  return copy;
}
