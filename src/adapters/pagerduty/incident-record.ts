/**
 * What the bot keeps about one PagerDuty incident: enough to list it in a diagnosis' parent
 * message and keep its status current, plus where it went (storm group or "which API?" question).
 */
import type { ApiRef } from '../../core/api/api-ref.ts';
import type { IncidentRef } from '../store/state-store.ts';
import type { PagerDutyEvent, PagerDutyIncident } from './pagerduty-webhook-schema.ts';

export interface IncidentRecord {
  id: string;
  number?: number;
  title: string;
  url?: string;
  urgency?: string;
  service: { id: string; name?: string };
  /** PagerDuty's status: triggered, acknowledged or resolved. */
  status: string;
  /** The status as people say it: "acknowledged by Dana Lee", "reassigned to Sam Ortiz". */
  statusNote: string;
  /** occurred_at of the event behind the status: an older event never overwrites a newer one. */
  statusAt: string;
  ref?: ApiRef;
  /** The storm group (and so the diagnosis) the incident belongs to. */
  groupId?: string;
  /** The "which API?" message, when the bot had to ask, and why it had to. */
  question?: { channel: string; ts: string; reason: string };
}

export function incidentKey(incidentId: string): string {
  return `incident:${incidentId}`;
}

/** A fresh record from the incident carried by an event. */
export function newIncidentRecord(incident: PagerDutyIncident, event: Pick<PagerDutyEvent, 'event_type' | 'occurred_at' | 'agent'>): IncidentRecord {
  return {
    id: incident.id,
    ...(incident.number !== undefined ? { number: incident.number } : {}),
    title: incident.title,
    ...(incident.html_url ? { url: incident.html_url } : {}),
    ...(incident.urgency ? { urgency: incident.urgency } : {}),
    service: { id: incident.service.id, ...(incident.service.summary ? { name: incident.service.summary } : {}) },
    status: incident.status,
    statusNote: statusNoteOf(incident, event),
    statusAt: event.occurred_at,
  };
}

/** The record after an event, or undefined when the event is older than what is shown. */
export function applyIncidentEvent(
  record: IncidentRecord,
  incident: PagerDutyIncident,
  event: Pick<PagerDutyEvent, 'event_type' | 'occurred_at' | 'agent'>,
): IncidentRecord | undefined {
  if (Date.parse(event.occurred_at) < Date.parse(record.statusAt)) return undefined;
  const fresh = newIncidentRecord(incident, event);
  const { ref, groupId, question } = record;
  return { ...fresh, ...(ref ? { ref } : {}), ...(groupId ? { groupId } : {}), ...(question ? { question } : {}) };
}

/** Who did what, from the event's agent (the person who acted) or the incident's assignees. */
export function statusNoteOf(incident: PagerDutyIncident, event: Pick<PagerDutyEvent, 'event_type' | 'agent'>): string {
  const agent = event.agent?.summary;
  const assignees = incident.assignees.map((a) => a.summary ?? a.id);
  switch (event.event_type) {
    case 'incident.acknowledged':
      return `acknowledged by ${agent ?? (assignees.join(', ') || 'someone')}`;
    case 'incident.resolved':
      return agent ? `resolved by ${agent}` : 'resolved';
    case 'incident.reassigned':
      return assignees.length > 0 ? `${incident.status}, reassigned to ${assignees.join(', ')}` : `${incident.status}, unassigned`;
    case 'incident.unacknowledged':
      return 'unacknowledged (the acknowledgement timed out)';
    case 'incident.reopened':
      return agent ? `reopened by ${agent}` : 'reopened';
    default:
      return assignees.length > 0 ? `${incident.status}, assigned to ${assignees.join(', ')}` : incident.status;
  }
}

/** The line a diagnosis' parent message shows for the incident. */
export function incidentLine(record: IncidentRecord): IncidentRef {
  const details = [record.statusNote, record.urgency ? `${record.urgency} urgency` : undefined, record.service.name ?? record.service.id];
  return {
    id: record.id,
    ...(record.number !== undefined ? { number: record.number } : {}),
    title: record.title,
    ...(record.url ? { url: record.url } : {}),
    status: details.filter((d): d is string => Boolean(d)).join(' · '),
  };
}
