/**
 * Delivers a request to the bot as Slack or PagerDuty would: signed, with the platform's time
 * limit (Slack gives up after 3 seconds, PagerDuty after 5) and its failure names, so the page
 * shows what the real platform would show when the bot is slow or refuses.
 */
import { signSlackRequest } from './sign-slack-request.ts';

export interface Delivery {
  /** HTTP status, or 0 when the bot could not be reached or answered too late. */
  status: number;
  ms: number;
  body: string;
  /** Slack's name for a failed delivery ("operation_timeout", "dispatch_failed", "http_error"). */
  error?: string;
}

export const SLACK_TIMEOUT_MS = 3_000;
export const PAGERDUTY_TIMEOUT_MS = 5_000;
/** EventBridge's API destinations give an endpoint 5 seconds too. */
export const ALARM_TIMEOUT_MS = 5_000;

/** POSTs a Slack request body to the bot's events URL, signed with the bot's signing secret. */
export function deliverSlackRequest(eventsUrl: string, body: string, signingSecret: string): Promise<Delivery> {
  return deliver(eventsUrl, body, { ...signSlackRequest(body, signingSecret) }, SLACK_TIMEOUT_MS);
}

/** POSTs an Events API callback to the bot's events URL: JSON, signed the same way. */
export function deliverSlackEvent(eventsUrl: string, body: string, signingSecret: string): Promise<Delivery> {
  return deliver(eventsUrl, body, { ...signSlackRequest(body, signingSecret), 'content-type': 'application/json' }, SLACK_TIMEOUT_MS);
}

/** POSTs an already-signed PagerDuty webhook delivery. */
export function deliverPagerDutyWebhook(webhookUrl: string, body: string, headers: Record<string, string>): Promise<Delivery> {
  return deliver(webhookUrl, body, headers, PAGERDUTY_TIMEOUT_MS);
}

/** POSTs a signed CloudWatch alarm state change to the bot's local alarm route. */
export function deliverAlarmEvent(alarmUrl: string, body: string, headers: Record<string, string>): Promise<Delivery> {
  return deliver(alarmUrl, body, headers, ALARM_TIMEOUT_MS);
}

async function deliver(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Delivery> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, ms: ms(), body: text, ...(res.ok ? {} : { error: 'http_error' }) };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { status: 0, ms: ms(), body: '', error: timedOut ? 'operation_timeout' : 'dispatch_failed' };
  }
}
