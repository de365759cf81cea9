/**
 * The local alarm route (`POST /alarms/event`) without a web framework: raw body and headers in,
 * status and body out. It checks the signature (verify-alarm-signature.ts) before reading
 * anything, validates the event, drops a second delivery of the same event id and queues the
 * job. On Lambda there is no such route: EventBridge puts the events on the work queue itself.
 */
import { alarmStateChangeEventSchema, looksLikeAlarmEvent } from '../../adapters/alarms/alarm-event-schema.ts';
import { ALARM_SIGNATURE_HEADER, ALARM_TIMESTAMP_HEADER, verifyAlarmSignature } from '../../adapters/alarms/verify-alarm-signature.ts';
import type { AlarmJob } from '../../adapters/jobs/alarm-job.ts';
import { headerOf, type SignedWebhookDeps, type WebhookRequest, type WebhookResponse } from './webhook-request.ts';

export type AlarmPostDeps = SignedWebhookDeps<AlarmJob>;

/** Far longer than the five minutes a signed request stays valid. */
export const ALARM_DELIVERY_TTL_SECONDS = 24 * 60 * 60;

export async function handleAlarmPost(request: WebhookRequest, deps: AlarmPostDeps): Promise<WebhookResponse> {
  const now = deps.now?.() ?? new Date();
  const check = verifyAlarmSignature(
    request.rawBody,
    { timestamp: headerOf(request.headers, ALARM_TIMESTAMP_HEADER), signature: headerOf(request.headers, ALARM_SIGNATURE_HEADER) },
    deps.secrets,
    now.getTime(),
  );
  if (!check.ok) {
    deps.logger?.warn({ reason: check.reason }, 'alarm event refused: not validly signed');
    return { status: 401, body: { ok: false, error: 'invalid signature' } };
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof request.rawBody === 'string' ? request.rawBody : request.rawBody.toString('utf8'));
  } catch {
    return { status: 400, body: { ok: false, error: 'body is not JSON' } };
  }
  if (!looksLikeAlarmEvent(json)) return { status: 400, body: { ok: false, error: 'not a "CloudWatch Alarm State Change" event from aws.cloudwatch' } };
  const parsed = alarmStateChangeEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: 400, body: { ok: false, error: `invalid alarm event: ${issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : 'invalid'}` } };
  }
  const event = parsed.data;
  if (!(await deps.store.claimOnce(`alarm:delivery:${event.id}`, ALARM_DELIVERY_TTL_SECONDS))) {
    deps.logger?.info({ eventId: event.id }, 'alarm event redelivery ignored');
    return { status: 202, body: { ok: true, status: 'duplicate' } };
  }
  try {
    await deps.enqueue({ kind: 'alarm-event', event, receivedAt: now.toISOString() });
  } catch (error) {
    // Not queued, so not received: the sender's retry must not be taken for a duplicate.
    await deps.store
      .releaseClaim(`alarm:delivery:${event.id}`)
      .catch((releaseError: unknown) =>
        deps.logger?.error({ err: releaseError, eventId: event.id }, 'could not release the delivery claim; a retry will be dropped'),
      );
    deps.logger?.error({ err: error, eventId: event.id }, 'could not queue an alarm event; send it again');
    return { status: 503, body: { ok: false, error: 'could not queue the event' } };
  }
  return { status: 202, body: { ok: true, status: 'queued' } };
}
