/**
 * A local stand-in for the two PagerDuty REST endpoints the bot uses, for tests, the benchmark
 * and a sandbox: `GET /incidents/{id}/alerts` (paged with limit/offset/more) and
 * `POST /incidents/{id}/notes`. It checks the `Token token=` header and refuses a write without
 * `From`, as PagerDuty does. Point the bot at it with PAGERDUTY_API_URL.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalPagerDutyCall {
  method: string;
  path: string;
  status: number;
  at: string;
}

export interface LocalPagerDutyNote {
  id: string;
  incidentId: string;
  content: string;
  from: string;
  createdAt: string;
}

export interface LocalPagerDutyApiOptions {
  /** Accepted API tokens; default `pd-local-token`. */
  tokens?: string[];
  port?: number;
  host?: string;
  /** Added to every answer. */
  latencyMs?: number;
}

export interface LocalPagerDutyApi {
  /** Base URL for PAGERDUTY_API_URL, without a trailing slash. */
  url: string;
  calls: LocalPagerDutyCall[];
  notes: LocalPagerDutyNote[];
  /** What `GET /incidents/{id}/alerts` answers for an incident; unknown incidents get 404. */
  setAlerts(incidentId: string, alerts: unknown[]): void;
  close(): Promise<void>;
}

export async function startLocalPagerDutyApi(options: LocalPagerDutyApiOptions = {}): Promise<LocalPagerDutyApi> {
  const tokens = new Set(options.tokens ?? ['pd-local-token']);
  const alerts = new Map<string, unknown[]>();
  const calls: LocalPagerDutyCall[] = [];
  const notes: LocalPagerDutyNote[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { message: String(error), code: 2001 } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const url = new URL(req.url ?? '/', 'http://local');
    const answer = (status: number, payload: unknown) => {
      calls.push({ method: req.method ?? 'GET', path: url.pathname, status, at: new Date().toISOString() });
      send(res, status, payload);
    };
    const token = /^Token token=(.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !tokens.has(token)) return answer(401, { error: { message: 'Unauthorized', code: 2006 } });

    const alertsPath = /^\/incidents\/([^/]+)\/alerts$/.exec(url.pathname);
    if (alertsPath && req.method === 'GET') {
      const list = alerts.get(decodeURIComponent(alertsPath[1] ?? ''));
      if (!list) return answer(404, { error: { message: 'Not Found', code: 2100 } });
      const limit = clamp(Number(url.searchParams.get('limit') ?? 25), 1, 100);
      const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
      const page = list.slice(offset, offset + limit);
      return answer(200, { alerts: page, limit, offset, more: offset + limit < list.length, total: null });
    }

    const notesPath = /^\/incidents\/([^/]+)\/notes$/.exec(url.pathname);
    if (notesPath && req.method === 'POST') {
      const from = String(req.headers.from ?? '');
      if (!from) return answer(400, { error: { message: 'Invalid Input Provided', code: 2001, errors: ['A From header is required for this request.'] } });
      let content: unknown;
      try {
        content = (JSON.parse(body) as { note?: { content?: unknown } }).note?.content;
      } catch {
        return answer(400, { error: { message: 'Invalid Input Provided', code: 2001, errors: ['Body is not JSON.'] } });
      }
      if (typeof content !== 'string' || content.length === 0 || content.length > 25_000) {
        return answer(400, { error: { message: 'Invalid Input Provided', code: 2001, errors: ['Note content must be 1 to 25000 characters.'] } });
      }
      const note: LocalPagerDutyNote = {
        id: `P${randomBytes(3).toString('hex').toUpperCase()}`,
        incidentId: decodeURIComponent(notesPath[1] ?? ''),
        content,
        from,
        createdAt: new Date().toISOString(),
      };
      notes.push(note);
      return answer(201, { note: { id: note.id, user: { id: 'PLOCAL1', type: 'user_reference', summary: from }, content, created_at: note.createdAt } });
    }
    return answer(404, { error: { message: 'Not Found', code: 2100 } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    calls,
    notes,
    setAlerts: (incidentId, list) => alerts.set(incidentId, list),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : min;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
