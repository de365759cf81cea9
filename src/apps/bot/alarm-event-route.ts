/**
 * `POST /alarms/event` for Bolt's HTTP receiver: a signed CloudWatch alarm state change, posted
 * by the sandbox, a test, or a forwarder that signs what EventBridge hands it (API destinations
 * only send fixed headers) to the local bot. A thin Node adapter around handleAlarmPost, like the
 * PagerDuty route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { handleAlarmPost, type AlarmPostDeps } from '../runtime/handle-alarm-post.ts';

export const ALARM_EVENT_PATH = '/alarms/event';
/** An alarm event is a few KB; EventBridge caps events at 256 KB. */
const MAX_BODY_BYTES = 256 * 1024;

export function alarmEventRoute(deps: AlarmPostDeps, path = ALARM_EVENT_PATH): CustomRoute {
  return {
    path,
    method: ['POST'],
    handler: (req, res) => {
      void serve(req, res, deps);
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: AlarmPostDeps): Promise<void> {
  try {
    const rawBody = await readRawBody(req);
    if (!rawBody) return send(res, 413, { ok: false, error: 'body too large' });
    const answer = await handleAlarmPost({ rawBody, headers: req.headers }, deps);
    send(res, answer.status, answer.body);
  } catch (error) {
    deps.logger?.error({ err: error }, 'alarm event route failed');
    if (!res.headersSent) send(res, 500, { ok: false, error: 'internal error' });
  }
}

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
