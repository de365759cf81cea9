/**
 * A PagerDuty v3 `incident.triggered` webhook delivery as PagerDuty sends it: the event envelope,
 * the incident resource, and the `X-PagerDuty-Signature` (`v1=` HMAC-SHA256 of the raw body)
 * and `X-Webhook-Id` headers. The incident is the page a CloudWatch alarm on the scenario's
 * 5XXError metric would raise.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';

export interface PagerDutyIncidentInput {
  serviceId: string;
  serviceName: string;
  /** Incident title, e.g. the alarm's `ALARM: "orders-api-5xx" in US East (N. Virginia)`. */
  title: string;
  number: number;
  secret: string;
  now?: Date;
}

export interface PagerDutyDelivery {
  body: string;
  headers: Record<string, string>;
  incidentId: string;
}

const PD_API = 'https://api.pagerduty.com';
const PD_WEB = 'https://diagnose-502-sandbox.pagerduty.com';

/** A PagerDuty-shaped id: "P" or "Q" and 6 upper-case letters or digits, stable for a name. */
export function pagerDutyId(prefix: 'P' | 'Q', name: string): string {
  const digest = BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 12)}`)
    .toString(36)
    .toUpperCase();
  return `${prefix}${digest.padStart(6, '0').slice(0, 6)}`;
}

export function buildPagerDutyIncident(input: PagerDutyIncidentInput): PagerDutyDelivery {
  const now = (input.now ?? new Date()).toISOString();
  const incidentId = `Q${randomBytes(7).toString('hex').toUpperCase().slice(0, 13)}`;
  const user = { id: 'PSANDB1', type: 'user_reference', summary: 'On-call engineer', self: `${PD_API}/users/PSANDB1`, html_url: `${PD_WEB}/users/PSANDB1` };
  const envelope = {
    event: {
      id: randomUUID().replace(/-/g, '').slice(0, 26).toUpperCase(),
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: now,
      agent: {
        id: 'PSERVIC',
        type: 'service_reference',
        summary: input.serviceName,
        self: `${PD_API}/services/${input.serviceId}`,
        html_url: `${PD_WEB}/service-directory/${input.serviceId}`,
      },
      client: { name: 'Amazon CloudWatch' },
      data: {
        id: incidentId,
        type: 'incident',
        self: `${PD_API}/incidents/${incidentId}`,
        html_url: `${PD_WEB}/incidents/${incidentId}`,
        number: input.number,
        status: 'triggered',
        incident_key: randomBytes(16).toString('hex'),
        created_at: now,
        title: input.title,
        service: {
          id: input.serviceId,
          type: 'service_reference',
          summary: input.serviceName,
          self: `${PD_API}/services/${input.serviceId}`,
          html_url: `${PD_WEB}/service-directory/${input.serviceId}`,
        },
        assignees: [user],
        escalation_policy: {
          id: 'PESCAL1',
          type: 'escalation_policy_reference',
          summary: 'API on-call',
          self: `${PD_API}/escalation_policies/PESCAL1`,
          html_url: `${PD_WEB}/escalation_policies/PESCAL1`,
        },
        teams: [],
        priority: null,
        urgency: 'high',
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  };
  const body = JSON.stringify(envelope);
  return {
    body,
    incidentId,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'PagerDuty-Webhook/V3.0',
      'x-webhook-id': randomUUID(),
      'x-webhook-subscription': 'PSUBSCR',
      'x-pagerduty-signature': `v1=${createHmac('sha256', input.secret).update(body).digest('hex')}`,
    },
  };
}
