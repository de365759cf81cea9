/** The signed-payload fixtures of test/fixtures/pagerduty, and variations of them. */
import { readFileSync } from 'node:fs';

/** A fixture from test/fixtures/pagerduty, parsed. */
export function fixture(name: string): { event: Record<string, unknown> & { id: string; data: Record<string, unknown> } } {
  return JSON.parse(readFileSync(new URL(`../../fixtures/pagerduty/${name}`, import.meta.url), 'utf8'));
}

/** The fixture's event as another incident (own id, number and event id). */
export function asIncident(payload: ReturnType<typeof fixture>, incidentId: string, number: number, serviceId?: string) {
  const copy = structuredClone(payload);
  copy.event.id = `${copy.event.id}-${incidentId}`;
  copy.event.data = { ...copy.event.data, id: incidentId, number, html_url: `https://acme.pagerduty.com/incidents/${incidentId}` };
  if (serviceId) copy.event.data['service'] = { ...(copy.event.data['service'] as object), id: serviceId };
  return copy;
}
