/**
 * The PagerDuty v3 webhook payload: one event per delivery in an `{event: {...}}` envelope, and the
 * incident object the incident events carry in `data`. Objects are loose: PagerDuty adds fields
 * and event types over time, and an unknown one must not turn a delivery into a 400.
 */
import { z } from 'zod';

/** `{id, type, summary, self, html_url}`: how PagerDuty points at a user, service, team… */
export const pagerDutyReferenceSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().optional(),
  summary: z.string().optional(),
  self: z.string().nullish(),
  html_url: z.string().nullish(),
});

export const pagerDutyEventSchema = z.looseObject({
  id: z.string().min(1),
  event_type: z.string().min(1),
  resource_type: z.string().min(1),
  occurred_at: z.iso.datetime({ offset: true }),
  /** Who caused the event; null when PagerDuty itself did (e.g. an escalation). */
  agent: pagerDutyReferenceSchema.nullish(),
  client: z.looseObject({ name: z.string().optional() }).nullish(),
  data: z.record(z.string(), z.unknown()),
});

export const pagerDutyEnvelopeSchema = z.looseObject({ event: pagerDutyEventSchema });

export const pagerDutyIncidentSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().optional(),
  self: z.string().nullish(),
  html_url: z.string().nullish(),
  number: z.number().int().nonnegative().optional(),
  status: z.string().min(1),
  incident_key: z.string().nullish(),
  created_at: z.string().optional(),
  title: z.string(),
  service: pagerDutyReferenceSchema,
  assignees: z.array(pagerDutyReferenceSchema).default([]),
  urgency: z.string().optional(),
  priority: z.looseObject({ summary: z.string().optional() }).nullish(),
  resolve_reason: z.unknown().optional(),
});

export type PagerDutyReference = z.infer<typeof pagerDutyReferenceSchema>;
export type PagerDutyEvent = z.infer<typeof pagerDutyEventSchema>;
export type PagerDutyEnvelope = z.infer<typeof pagerDutyEnvelopeSchema>;
export type PagerDutyIncident = z.infer<typeof pagerDutyIncidentSchema>;

/** Event types this bot acts on; every other type is accepted (2xx) and dropped. */
export const HANDLED_EVENT_TYPES = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.unacknowledged',
  'incident.reassigned',
  'incident.resolved',
  'incident.reopened',
] as const;
export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number];

export function isHandledEventType(type: string): type is HandledEventType {
  return (HANDLED_EVENT_TYPES as readonly string[]).includes(type);
}
