/**
 * `POST /pagerduty/webhook` for Bolt's HTTP receiver (App option `customRoutes`), a thin Node
 * adapter around handlePagerDutyWebhook: read the raw body (the signature covers its exact
 * bytes), answer with what the handler says. A Lambda handler calls the handler directly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { handlePagerDutyWebhook, type PagerDutyWebhookDeps } from '../runtime/handle-pagerduty-webhook.ts';

export const PAGERDUTY_WEBHOOK_PATH = '/pagerduty/webhook';
/** PagerDuty drops payloads over 256 KB itself; anything much larger is not PagerDuty. */
const MAX_BODY_BYTES = 512 * 1024;

export function pagerDutyWebhookRoute(deps: PagerDutyWebhookDeps, path = PAGERDUTY_WEBHOOK_PATH): CustomRoute {
  return {
    path,
    method: ['POST'],
    handler: (req, res) => {
      void serve(req, res, deps);
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: PagerDutyWebhookDeps): Promise<void> {
  try {
    const rawBody = await readRawBody(req);
    if (!rawBody) return send(res, 413, { ok: false, error: 'body too large' });
    const answer = await handlePagerDutyWebhook({ rawBody, headers: req.headers }, deps);
    send(res, answer.status, answer.body);
  } catch (error) {
    deps.logger?.error({ err: error }, 'PagerDuty webhook failed');
    if (!res.headersSent) send(res, 500, { ok: false, error: 'internal error' });
  }
}

/** The body's bytes, or null when it is over the limit. */
function readRawBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
