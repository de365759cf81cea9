/**
 * The sandbox drives a bot (the real-AWS one too when credentials are present), so only the page
 * itself may use it: a request whose Host is not loopback (DNS rebinding) or whose Origin is
 * another site is refused before any route runs (issue 11, finding 8).
 */
import { request, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxHandler, type SandboxHandlerContext } from '../../../src/tools/sandbox/create-sandbox-handler.ts';

let server: Server;
let port: number;
let commands = 0;

beforeAll(async () => {
  const ctx = {
    slack: {
      state: {
        add: () => {
          commands += 1;
        },
        nextTs: () => '1.000001',
        isoNow: () => new Date().toISOString(),
      },
    },
    channels: [{ id: 'C0INCIDENT' }],
    scenarios: [],
    signingSecret: 's',
    pagerDutySecret: 'p',
    botUrlFor: async () => 'http://127.0.0.1:9',
    pagerDuty: () => ({ available: false }),
    events: { attach: () => undefined },
    assets: new Map(),
    snapshot: () => ({ secretState: 'the whole workspace' }),
    activity: () => undefined,
  } as unknown as SandboxHandlerContext;
  const handler = createSandboxHandler(ctx);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const plainMessage = JSON.stringify({ channel: 'C0INCIDENT', text: 'hello' });

describe('sandbox origin checks', () => {
  it('serves the state to the page on a loopback host', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const res = await send('GET', '/api/state', { host });
      expect(res.status).toBe(200);
    }
  });

  it('refuses a rebound host name: the state stays unread', async () => {
    const res = await send('GET', '/api/state', { host: `attacker.example:${port}` });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('the whole workspace');
  });

  it('refuses a post from another origin, even with JSON and a loopback host', async () => {
    const before = commands;
    const res = await send(
      'POST',
      '/api/command',
      { host: `127.0.0.1:${port}`, origin: 'https://attacker.example', 'content-type': 'application/json' },
      plainMessage,
    );
    expect(res.status).toBe(403);
    expect(commands).toBe(before);
  });

  it('refuses a post from a rebound origin that names the sandbox port', async () => {
    const res = await send(
      'POST',
      '/api/command',
      { host: `attacker.example:${port}`, origin: `http://attacker.example:${port}`, 'content-type': 'application/json' },
      plainMessage,
    );
    expect(res.status).toBe(403);
  });

  it('accepts a same-origin post from the page', async () => {
    const before = commands;
    const res = await send(
      'POST',
      '/api/command',
      { host: `localhost:${port}`, origin: `http://localhost:${port}`, 'content-type': 'application/json' },
      plainMessage,
    );
    expect(res.status).toBe(200);
    expect(commands).toBe(before + 1);
  });
});
