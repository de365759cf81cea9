/**
 * Server-Sent Events to every open page: each change in the Slack stand-in (a message posted,
 * updated, a file shared), a runbook reload or a request the page made, as it happens. A comment
 * line every few seconds keeps proxies and the browser from timing the stream out.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const HEARTBEAT_MS = 15_000;

export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private nextId = 1;
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => {
      for (const res of this.clients) res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Holds the response open as an event stream; `initial` events go to this client first. */
  attach(req: IncomingMessage, res: ServerResponse, initial: Array<{ event: string; data: unknown }> = []): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Reconnect quickly if the sandbox restarts.
    res.write('retry: 1000\n\n');
    for (const { event, data } of initial) res.write(this.frame(event, data));
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    req.on('close', drop);
    res.on('error', drop);
  }

  send(event: string, data: unknown): void {
    const frame = this.frame(event, data);
    for (const res of this.clients) res.write(frame);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private frame(event: string, data: unknown): string {
    // JSON has no raw newlines, so one `data:` line carries the whole payload.
    return `id: ${this.nextId++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  }
}
