/**
 * A POST route for Bolt's HTTP receiver (App option `customRoutes`) whose handler needs the raw
 * body, because a signature covers its exact bytes: read it up to a limit (413 beyond), hand it
 * with the headers to the handler, answer with what the handler says (500 if it throws). The
 * PagerDuty webhook and the alarm route are this with their own handler; a Lambda handler calls
 * those handlers directly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from 'pino';

export interface SignedPost {
  rawBody: Buffer;
  headers: IncomingMessage['headers'];
}

export interface SignedPostRouteOptions {
  path: string;
  maxBodyBytes: number;
  /** For the log line when the handler throws. */
  name: string;
  logger?: Pick<Logger, 'error'>;
  handle: (post: SignedPost) => Promise<{ status: number; body: unknown }>;
}

export function signedPostRoute(options: SignedPostRouteOptions): CustomRoute {
  return {
    path: options.path,
    method: ['POST'],
    handler: (req, res) => {
      void serve(req, res, options);
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, options: SignedPostRouteOptions): Promise<void> {
  try {
    const rawBody = await readRawBody(req, options.maxBodyBytes);
    if (!rawBody) return send(res, 413, { ok: false, error: 'body too large' });
    const answer = await options.handle({ rawBody, headers: req.headers });
    send(res, answer.status, answer.body);
  } catch (error) {
    options.logger?.error({ err: error }, `${options.name} failed`);
    if (!res.headersSent) send(res, 500, { ok: false, error: 'internal error' });
  }
}

/** The body's bytes, or null when it is over the limit (read to the end, so the answer can be sent). */
function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) over = true;
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
