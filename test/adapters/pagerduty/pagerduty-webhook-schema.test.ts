import { describe, expect, it } from 'vitest';
import { isHandledEventType, pagerDutyEnvelopeSchema, pagerDutyIncidentSchema } from '../../../src/adapters/pagerduty/pagerduty-webhook-schema.ts';
import { fixture } from '../../apps/runtime/pagerduty-fixtures.ts';

const FIXTURES = ['incident-triggered.json', 'incident-acknowledged.json', 'incident-reassigned.json', 'incident-resolved.json', 'incident-annotated.json'];

describe('pagerDutyEnvelopeSchema', () => {
  it.each(FIXTURES)('accepts %s', (name) => {
    const parsed = pagerDutyEnvelopeSchema.safeParse(fixture(name));
    expect(parsed.success).toBe(true);
  });

  it('reads the incident fields the bot uses', () => {
    const event = pagerDutyEnvelopeSchema.parse(fixture('incident-triggered.json')).event;
    const incident = pagerDutyIncidentSchema.parse(event.data);
    expect({
      type: event.event_type,
      id: incident.id,
      number: incident.number,
      status: incident.status,
      urgency: incident.urgency,
      service: incident.service.id,
      assignees: incident.assignees.map((a) => a.summary),
    }).toEqual({
      type: 'incident.triggered',
      id: 'Q2KXT9R4ZB1M0A',
      number: 4821,
      status: 'triggered',
      urgency: 'high',
      service: 'PX1ORD2',
      assignees: ['Dana Lee'],
    });
  });

  it('accepts event types it does not know, and fields PagerDuty adds later', () => {
    const payload = fixture('incident-triggered.json');
    payload.event['event_type'] = 'incident.conference_bridge.updated';
    payload.event['brand_new_field'] = { nested: true };
    const parsed = pagerDutyEnvelopeSchema.parse(payload);
    expect(parsed.event.event_type).toBe('incident.conference_bridge.updated');
    expect(isHandledEventType(parsed.event.event_type)).toBe(false);
  });

  it('keeps null agent and client (events PagerDuty itself caused)', () => {
    const payload = fixture('incident-triggered.json');
    payload.event['agent'] = null;
    payload.event['client'] = null;
    expect(pagerDutyEnvelopeSchema.safeParse(payload).success).toBe(true);
  });

  it.each([
    ['no event', {}],
    ['an event without id', { event: { event_type: 'incident.triggered', resource_type: 'incident', occurred_at: '2026-03-02T10:12:44Z', data: {} } }],
    ['a bad occurred_at', { event: { id: 'e1', event_type: 'incident.triggered', resource_type: 'incident', occurred_at: 'yesterday', data: {} } }],
    [
      'data that is not an object',
      { event: { id: 'e1', event_type: 'incident.triggered', resource_type: 'incident', occurred_at: '2026-03-02T10:12:44Z', data: 'x' } },
    ],
    ['an array', [1, 2]],
  ])('refuses %s', (_label, payload) => {
    expect(pagerDutyEnvelopeSchema.safeParse(payload).success).toBe(false);
  });

  it('refuses an incident without service or title', () => {
    const data = fixture('incident-triggered.json').event.data;
    const { service: _s, ...noService } = data;
    const { title: _t, ...noTitle } = data;
    expect(pagerDutyIncidentSchema.safeParse(noService).success).toBe(false);
    expect(pagerDutyIncidentSchema.safeParse(noTitle).success).toBe(false);
  });
});
