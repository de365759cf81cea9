/**
 * The ingress function's router. `/pagerduty/webhook` goes to the framework-neutral PagerDuty
 * handler before Bolt ever sees it, because Bolt ignores custom routes once it is given a custom
 * receiver; everything on `/slack/events` goes to Bolt's AwsLambdaReceiver, whose listeners only
 * acknowledge and enqueue (the receiver answers Slack only after they return). The Slack signature
 * (and its timestamp window) is checked here first, on the raw bytes: an unsigned request is
 * refused with one HMAC, before Bolt parses anything or is even built. Base64 bodies are
 * decoded here as UTF-8: the receiver would decode them as ASCII and break the signature of any
 * non-ASCII body.
 */
import type { Logger } from 'pino';
import { verifySlackSignature } from '../../adapters/slack/verify-slack-signature.ts';
import type { WebhookRequest, WebhookResponse } from '../runtime/handle-pagerduty-webhook.ts';
import type { HttpApiEvent, HttpApiResult, LambdaContext } from './lambda-types.ts';

export const SLACK_EVENTS_PATH = '/slack/events';
export const PAGERDUTY_WEBHOOK_PATH = '/pagerduty/webhook';

export type SlackLambdaHandler = (event: HttpApiEvent, context: LambdaContext) => Promise<HttpApiResult>;
export type PagerDutyWebhookHandler = (request: WebhookRequest) => Promise<WebhookResponse>;

export interface IngressParts {
  /** Bolt's receiver handler; built on the first signed Slack request of a cold start. */
  slack: () => Promise<SlackLambdaHandler>;
  /** The Slack signing secret, checked against every request before Bolt sees it. */
  slackSigningSecret: () => Promise<string>;
  /** Null when the PagerDuty integration is not configured. */
  pagerDuty: () => Promise<PagerDutyWebhookHandler | null>;
  logger: () => Promise<Pick<Logger, 'info' | 'warn' | 'error'>>;
  now?: () => Date;
}

export function createIngressHandler(parts: IngressParts) {
  const now = parts.now ?? (() => new Date());
  return async function ingress(event: HttpApiEvent, context: LambdaContext): Promise<HttpApiResult> {
    const route = routeOf(event);
    try {
      if (route === PAGERDUTY_WEBHOOK_PATH) {
        const handle = await parts.pagerDuty();
        if (!handle) return json(404, { ok: false, error: 'the PagerDuty integration is not configured' });
        const response = await handle({ rawBody: bodyBytes(event), headers: event.headers });
        return json(response.status, response.body);
      }
      if (route === SLACK_EVENTS_PATH) {
        const check = verifySlackSignature(bodyBytes(event), event.headers, await parts.slackSigningSecret(), now().getTime());
        if (!check.ok) {
          (await parts.logger()).warn({ reason: check.reason, bytes: event.body?.length ?? 0 }, 'refused a Slack request that is not validly signed');
          return json(401, { ok: false, error: 'invalid request signature' });
        }
        const handle = await parts.slack();
        return await handle(withUtf8Body(event), context);
      }
      return json(404, { ok: false, error: `no route for ${event.requestContext.http?.method ?? ''} ${event.rawPath}`.trim() });
    } catch (error) {
      (await parts.logger().catch(() => console)).error({ err: error, route }, 'the ingress function failed');
      return json(500, { ok: false, error: 'internal error' });
    }
  };
}

/** The path the route was declared with: routeKey ("POST /slack/events") when present, else rawPath. */
function routeOf(event: HttpApiEvent): string {
  const fromKey = /^[A-Z]+\s+(\/\S*)$/.exec(event.routeKey ?? '')?.[1];
  if (fromKey) return fromKey;
  const path = event.rawPath ?? '';
  if (path.endsWith(PAGERDUTY_WEBHOOK_PATH)) return PAGERDUTY_WEBHOOK_PATH;
  if (path.endsWith(SLACK_EVENTS_PATH)) return SLACK_EVENTS_PATH;
  return path;
}

function bodyBytes(event: HttpApiEvent): Buffer {
  return Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
}

function withUtf8Body(event: HttpApiEvent): HttpApiEvent {
  if (!event.isBase64Encoded) return event;
  return { ...event, body: bodyBytes(event).toString('utf8'), isBase64Encoded: false };
}

function json(statusCode: number, body: unknown): HttpApiResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
