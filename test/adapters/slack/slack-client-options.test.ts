import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { slackClientOptions } from '../../../src/adapters/slack/slack-client-options.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../../../src/tools/slack-web-api/start-local-slack-web-api.ts';

const TOKEN = 'xoxb-client-options';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Accepts requests and never answers them: Slack hanging rather than failing. */
async function stalledServer(): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server: Server = createServer(() => {
    hits += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, hits: () => hits };
}

describe('slackClientOptions', () => {
  // Issue 11, finding 7: without a timeout a hung request held its job (and its lock) forever.
  it('times out a request Slack never answers, and retries only as often as told', async () => {
    // Prepare
    const stalled = await stalledServer();
    const client = new WebClient(TOKEN, { slackApiUrl: stalled.url, ...slackClientOptions({ retries: 1, timeoutMs: 300 }) });
    // Act
    const started = performance.now();
    const error = await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'hello' }).catch((e: unknown) => e);
    const elapsedMs = performance.now() - started;
    // Assess: two attempts of 300 ms and one backoff of 1–2 s.
    expect(error).toMatchObject({ code: 'slack_webapi_request_error' });
    expect(stalled.hits()).toBe(2);
    expect(elapsedMs).toBeLessThan(4_000);
  });

  it('gives up during a Slack outage after the bounded retries', async () => {
    // Prepare
    const slack: LocalSlackWebApi = await startLocalSlackWebApi({ tokens: [TOKEN] });
    closers.push(() => slack.close());
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, ...slackClientOptions({ retries: 2, timeoutMs: 1_000 }) });
    slack.outage(60_000);
    // Act
    const error = await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'hello' }).catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({ code: 'slack_webapi_http_error', statusCode: 503 });
    expect(slack.calls.filter((c) => c.method === '/api/chat.postMessage')).toHaveLength(3);
  }, 15_000);
});
