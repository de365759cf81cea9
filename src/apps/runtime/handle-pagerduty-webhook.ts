/**
 * The PagerDuty webhook endpoint without a web framework: raw body and headers in, status and
 * body out, so Bolt's HTTP receiver, a Lambda handler or a test can all call it. It checks the
 * signature before reading anything, validates the envelope, drops redeliveries and hands the
 * event to the queue: PagerDuty wants an answer within 5 s, so nothing slow happens here.
 *
 * Nothing but the body is signed, so redeliveries are recognised by the event id inside it (the
 * X-Webhook-Id header could be changed by whoever replays a captured body), and an event that
 * occurred long before it arrives is refused: PagerDuty's own retries end after about 20 minutes,
 * and the id is remembered far longer than the age limit, so a replay is caught either way.
 */
import type { PagerDutyJob } from '../../adapters/jobs/pagerduty-job.ts';
import { isHandledEventType, pagerDutyEnvelopeSchema, pagerDutyIncidentSchema } from '../../adapters/pagerduty/pagerduty-webhook-schema.ts';
import { verifyPagerDutySignature } from '../../adapters/pagerduty/verify-pagerduty-signature.ts';
import { headerOf, type SignedWebhookDeps, type WebhookRequest, type WebhookResponse } from './webhook-request.ts';

export type { WebhookRequest, WebhookResponse };

export interface PagerDutyWebhookDeps extends SignedWebhookDeps<PagerDutyJob> {
  /** Events that occurred longer ago are refused; default MAX_EVENT_AGE_MS. */
  maxEventAgeMs?: number;
}

/** An hour: three times PagerDuty's retry span, far less than DELIVERY_CLAIM_TTL_SECONDS. */
export const MAX_EVENT_AGE_MS = 60 * 60_000;

/**
 * PagerDuty retries for about 20 minutes; a delivery is remembered far longer than that, and the
 * store keeps it across restarts.
 */
export const DELIVERY_CLAIM_TTL_SECONDS = 24 * 60 * 60;

/** The claim that marks an event as received; given back when its job fails (createPagerDutyJobs). */
export function deliveryClaimKey(eventId: string): string {
  return `pagerduty:delivery:${eventId}`;
}

export async function handlePagerDutyWebhook(request: WebhookRequest, deps: PagerDutyWebhookDeps): Promise<WebhookResponse> {
  const signature = headerOf(request.headers, 'x-pagerduty-signature');
  if (!verifyPagerDutySignature(request.rawBody, signature, deps.secrets)) {
    deps.logger?.warn({ signed: signature !== undefined }, 'PagerDuty webhook refused: missing or wrong signature');
    return { status: 401, body: { ok: false, error: 'invalid signature' } };
  }

  let json: unknown;
  try {
    json = JSON.parse(typeof request.rawBody === 'string' ? request.rawBody : request.rawBody.toString('utf8'));
  } catch {
    return { status: 400, body: { ok: false, error: 'body is not JSON' } };
  }
  const envelope = pagerDutyEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { status: 400, body: { ok: false, error: `not a v3 webhook envelope: ${firstIssue(envelope.error.issues)}` } };
  const event = envelope.data.event;
  // Incident events must carry a usable incident, or the job would fail later where nobody sees it.
  if (isHandledEventType(event.event_type)) {
    const incident = pagerDutyIncidentSchema.safeParse(event.data);
    if (!incident.success)
      return { status: 400, body: { ok: false, error: `${event.event_type} without a valid incident: ${firstIssue(incident.error.issues)}` } };
  }

  // Accepted so PagerDuty does not retry or disable the subscription, and not even remembered.
  if (!isHandledEventType(event.event_type)) return { status: 202, body: { ok: true, status: 'ignored' } };

  const now = deps.now?.() ?? new Date();
  const age = now.getTime() - Date.parse(event.occurred_at);
  if (age > (deps.maxEventAgeMs ?? MAX_EVENT_AGE_MS)) {
    // Accepted (a 4xx counts towards PagerDuty disabling the subscription) but not acted on.
    deps.logger?.warn(
      { eventId: event.id, occurredAt: event.occurred_at, ageMinutes: Math.round(age / 60_000) },
      'PagerDuty event refused: it occurred too long ago',
    );
    return { status: 202, body: { ok: true, status: 'stale' } };
  }
  // The signed event id, not X-Webhook-Id: a header is not covered by the signature.
  const deliveryId = event.id;
  if (!(await deps.store.claimOnce(deliveryClaimKey(deliveryId), DELIVERY_CLAIM_TTL_SECONDS))) {
    deps.logger?.info({ deliveryId, eventType: event.event_type }, 'PagerDuty redelivery ignored');
    return { status: 202, body: { ok: true, status: 'duplicate' } };
  }
  try {
    await deps.enqueue({ kind: 'pagerduty-event', deliveryId, event, receivedAt: now.toISOString() });
  } catch (error) {
    // Not queued, so not received: PagerDuty retries a 5xx, and its retry must not be a duplicate.
    await deps.store
      .releaseClaim(deliveryClaimKey(deliveryId))
      .catch((releaseError: unknown) =>
        deps.logger?.error({ err: releaseError, deliveryId }, "could not release the delivery claim; PagerDuty's retry will be dropped and the event lost"),
      );
    deps.logger?.error({ err: error, deliveryId }, 'could not queue a PagerDuty event; PagerDuty will deliver it again');
    return { status: 503, body: { ok: false, error: 'could not queue the event' } };
  }
  return { status: 202, body: { ok: true, status: 'queued' } };
}

function firstIssue(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'}: ${issue.message}`;
}
