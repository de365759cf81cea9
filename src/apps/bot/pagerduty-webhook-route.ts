/**
 * `POST /pagerduty/webhook` for Bolt's HTTP receiver (App option `customRoutes`), a thin Node
 * adapter around handlePagerDutyWebhook: read the raw body (the signature covers its exact
 * bytes), answer with what the handler says. A Lambda handler calls the handler directly.
 */
import type { CustomRoute } from '@slack/bolt';
import { handlePagerDutyWebhook, type PagerDutyWebhookDeps } from '../runtime/handle-pagerduty-webhook.ts';
import { signedPostRoute } from './signed-post-route.ts';

export const PAGERDUTY_WEBHOOK_PATH = '/pagerduty/webhook';
/** PagerDuty drops payloads over 256 KB itself; anything much larger is not PagerDuty. */
const MAX_BODY_BYTES = 512 * 1024;

export function pagerDutyWebhookRoute(deps: PagerDutyWebhookDeps, path = PAGERDUTY_WEBHOOK_PATH): CustomRoute {
  return signedPostRoute({
    path,
    maxBodyBytes: MAX_BODY_BYTES,
    name: 'PagerDuty webhook',
    ...(deps.logger ? { logger: deps.logger } : {}),
    handle: (post) => handlePagerDutyWebhook(post, deps),
  });
}
