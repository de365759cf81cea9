import { describe, expect, it } from 'vitest';
import { applyIncidentEvent, incidentLine, newIncidentRecord, statusNoteOf } from '../../../src/adapters/pagerduty/incident-record.ts';
import { pagerDutyIncidentSchema } from '../../../src/adapters/pagerduty/pagerduty-webhook-schema.ts';
import { renderIncidentNote } from '../../../src/adapters/pagerduty/render-incident-note.ts';
import { threadPermalink } from '../../../src/adapters/slack/thread-permalink.ts';
import { fixture } from '../../apps/runtime/pagerduty-fixtures.ts';

const eventOf = (name: string) => {
  const e = fixture(name).event as unknown as { event_type: string; occurred_at: string; agent?: { id: string; summary?: string } | null; data: unknown };
  return { event: e, incident: pagerDutyIncidentSchema.parse(e.data) };
};

describe('incident records', () => {
  it('say who did what for each status change', () => {
    const notes = ['incident-triggered.json', 'incident-acknowledged.json', 'incident-reassigned.json', 'incident-resolved.json'].map((name) => {
      const { event, incident } = eventOf(name);
      return statusNoteOf(incident, event);
    });
    expect(notes).toEqual(['triggered, assigned to Dana Lee', 'acknowledged by Dana Lee', 'acknowledged, reassigned to Sam Ortiz', 'resolved by Sam Ortiz']);
  });

  it('never let an older event overwrite a newer status, and keep where the incident went', () => {
    const resolved = eventOf('incident-resolved.json');
    const acked = eventOf('incident-acknowledged.json');
    const record = { ...newIncidentRecord(resolved.incident, resolved.event), groupId: 'g1' };
    expect(applyIncidentEvent(record, acked.incident, acked.event)).toBeUndefined();
    const triggered = eventOf('incident-triggered.json');
    const fresh = { ...newIncidentRecord(triggered.incident, triggered.event), groupId: 'g1', question: { channel: 'C1', ts: '1.2', reason: 'no alarm' } };
    expect(applyIncidentEvent(fresh, acked.incident, acked.event)).toMatchObject({
      status: 'acknowledged',
      statusNote: 'acknowledged by Dana Lee',
      groupId: 'g1',
      question: { channel: 'C1', ts: '1.2', reason: 'no alarm' },
    });
  });

  it('become a line for the parent message', () => {
    const { event, incident } = eventOf('incident-acknowledged.json');
    expect(incidentLine(newIncidentRecord(incident, event))).toEqual({
      id: 'Q2KXT9R4ZB1M0A',
      number: 4821,
      title: 'ALARM: "orders-api-prod-5xx" in US East (N. Virginia)',
      url: 'https://acme.pagerduty.com/incidents/Q2KXT9R4ZB1M0A',
      status: 'acknowledged by Dana Lee · high urgency · Orders API (CloudWatch)',
    });
  });
});

describe('the write-back note', () => {
  it('names the cause, confidence, API and thread', () => {
    const note = renderIncidentNote({
      ref: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' },
      apiName: 'orders-api',
      verdict: { cause: 'timeout', confidence: 0.87, summary: 'GET /orders waits 29 s on the function, then API Gateway answers 504.' },
      threadUrl: threadPermalink('https://acme.slack.com/', 'C0PAGERDUT', '1772446364.000100'),
      run: 1,
    });
    expect(note).toBe(
      'diagnose-502: suspected cause timeout (confidence 87%) for orders-api (k7x2m9q4ta), stage prod, us-east-1.\n' +
        'GET /orders waits 29 s on the function, then API Gateway answers 504.\n' +
        'Evidence and next steps: https://acme.slack.com/archives/C0PAGERDUT/p1772446364000100',
    );
  });

  it('says which re-check a later verdict comes from, and leaves out a zero confidence', () => {
    const note = renderIncidentNote({
      ref: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' },
      verdict: { cause: 'inconclusive', confidence: 0, summary: 'no single cause' },
      run: 3,
    });
    expect(note.split('\n')[0]).toBe('diagnose-502 (re-check 2): suspected cause inconclusive for k7x2m9q4ta, stage prod, us-east-1.');
  });
});
