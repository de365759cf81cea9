import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { handleRequest } from './handle-request.ts';
import { loadScenarios } from './load-scenarios.ts';
import type { Scenario } from './scenario-schema.ts';
import { SimState } from './sim-state.ts';
import { SimWorld } from './sim-world.ts';
import type { SimDirectory } from './sim-directory.ts';

/**
 * A local AWS endpoint that plays incident scenarios. Point the real SDK at it with
 * AWS_ENDPOINT_URL=<url> and any credentials; it answers CloudWatch, CloudWatch Logs,
 * CloudTrail, API Gateway v1/v2, Lambda, ELBv2 and STS in their own wire protocols.
 *
 * All scenarios share one simulated account. An access key id equal to a scenario id
 * (AWS_ACCESS_KEY_ID=permission) makes the server show that scenario alone, which also applies
 * its account-wide denials (e.g. cloudtrail:LookupEvents) and hides the other scenarios' events.
 */

export interface SimCall {
  service: string;
  operation: string;
  /** When the request arrived, ISO-8601. */
  at: string;
  status: number;
  /** Time spent answering, injected latency included. */
  durationMs: number;
  scenarioId?: string;
  /** The error code of a failed request (`ThrottlingException`, `AccessDeniedException`…). */
  error?: string;
}

export interface SimulatedAws {
  url: string;
  port: number;
  scenarios: Scenario[];
  /** Every request answered since start (or the last resetCalls), oldest first. */
  calls: SimCall[];
  resetCalls(): void;
  /**
   * Serves `scenarios` in a simulated account of their own to requests signed with
   * `accessKeyId`, beside the shared one, and returns a function that removes them. Variants of
   * one incident share its ids, so a benchmark plays each in isolation on one running server.
   */
  isolate(accessKeyId: string, scenarios: Scenario[]): () => void;
  close(): Promise<void>;
}

export interface StartSimulatedAwsOptions {
  /** Scenarios to serve; otherwise those in `scenarioDir` (default: the shipped scenarios/). */
  scenarios?: Scenario[];
  scenarioDir?: string;
  /** Custom domains and alarms besides the scenarios' APIs. */
  directory?: SimDirectory;
  /** 0 or omitted: any free port. */
  port?: number;
  host?: string;
  /** Added to every answer, to benchmark against a slow AWS. */
  latencyMs?: number;
  /** CloudTrail LookupEvents quota per account and region (AWS: 2). */
  cloudTrailCallsPerSecond?: number;
  /** The instant scenario times are relative to. */
  now?: () => Date;
  /** Where unknown routes and handler failures are reported; stderr by default. */
  log?: (line: string) => void;
}

export const DEFAULT_SCENARIO_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amzn-query-error, x-amz-request-id, date',
  'access-control-max-age': '600',
};

export async function startSimulatedAws(options: StartSimulatedAwsOptions = {}): Promise<SimulatedAws> {
  const scenarios = options.scenarios ?? (await loadScenarios(options.scenarioDir ?? DEFAULT_SCENARIO_DIR));
  const world = new SimWorld(scenarios, options.directory);
  const state = new SimState(options.cloudTrailCallsPerSecond ?? 2);
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`[sim] ${line}\n`));
  const latencyMs = options.latencyMs ?? 0;
  const calls: SimCall[] = [];
  const isolated = new Map<string, { world: SimWorld; state: SimState }>();

  const server = createServer((req, res) => {
    const started = performance.now();
    const at = new Date().toISOString();
    readBody(req)
      .then(async (body) => {
        if (req.method === 'OPTIONS') {
          const allowHeaders = req.headers['access-control-request-headers'] ?? '*';
          send(res, { status: 204, headers: { 'access-control-allow-headers': String(allowHeaders) }, body: '' });
          return;
        }
        const own = isolated.get(accessKeyOf(req));
        const handled = handleRequest(
          { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
          { world: own?.world ?? world, state: own?.state ?? state, now, log },
        );
        if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
        send(res, handled.reply);
        calls.push({
          service: handled.service,
          operation: handled.operation,
          at,
          status: handled.reply.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          ...(handled.scenarioId ? { scenarioId: handled.scenarioId } : {}),
          ...(handled.error ? { error: handled.error } : {}),
        });
      })
      .catch((error: unknown) => {
        log(`request failed: ${(error as Error).stack ?? String(error)}`);
        if (!res.headersSent)
          send(res, { status: 500, headers: { 'content-type': 'application/json' }, body: '{"__type":"InternalFailure","message":"simulator error"}' });
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    scenarios,
    calls,
    resetCalls: () => {
      calls.length = 0;
    },
    isolate: (accessKeyId, own) => {
      const entry = { world: new SimWorld(own), state: new SimState(options.cloudTrailCallsPerSecond ?? 2) };
      isolated.set(accessKeyId, entry);
      return () => {
        if (isolated.get(accessKeyId) === entry) isolated.delete(accessKeyId);
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; without this, close would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

/** The access key id from the SigV4 Authorization header (or a presigned URL's credential). */
function accessKeyOf(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  const credential = /Credential=([^/,\s]+)\//.exec(auth)?.[1] ?? /[?&]X-Amz-Credential=([^%/&]+)/.exec(req.url ?? '')?.[1];
  return credential ?? '';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: { status: number; headers: Record<string, string>; body: string }): void {
  res.writeHead(reply.status, { ...CORS_HEADERS, ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}
