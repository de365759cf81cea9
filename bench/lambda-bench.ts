/**
 * The Lambda ingress as Slack meets it: bundle sizes, the time a fresh Node process takes to
 * import the bundled ingress module (the part of a cold start we control), and the time the warm
 * handler takes to verify, acknowledge and enqueue a signed slash command. Runs the real bundle
 * from `buildLambdaArtifacts` in child processes, against local stand-ins for SSM, SQS and Slack.
 * Targets: ingress under 2 MB bundled, under 300 ms to initialise, acks far inside Slack's 3 s.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLambdaArtifacts } from '../src/tools/package/build-lambda-artifacts.ts';
import { startLocalSlackWebApi } from '../src/tools/slack-web-api/start-local-slack-web-api.ts';
import { startFakeSsmSqs } from '../test/apps/lambda/fake-ssm-sqs.ts';

export interface LambdaBenchResult {
  ingressBundleBytes: number;
  workerBundleBytes: number;
  ingressZipBytes: number;
  workerZipBytes: number;
  /** Median over fresh processes of `await import(ingress.mjs)`. */
  coldInitMs: number;
  /** The first request of a cold start: secrets from SSM, Bolt built, auth.test, ack. */
  coldFirstAckMs: number;
  warmAckP50Ms: number;
  warmAckP99Ms: number;
}

const SIGNING_SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench-token';

export async function benchLambda(options: { coldRuns?: number; warmRequests?: number } = {}): Promise<LambdaBenchResult> {
  const coldRuns = options.coldRuns ?? 5;
  const warmRequests = options.warmRequests ?? 200;
  const dir = await mkdtemp(join(tmpdir(), 'd502-lambda-bench-'));
  const slack = await startLocalSlackWebApi({ tokens: [BOT_TOKEN] });
  const fake = await startFakeSsmSqs({ '/diagnose-502/bench/slack-bot-token': BOT_TOKEN, '/diagnose-502/bench/slack-signing-secret': SIGNING_SECRET });
  try {
    const built = await buildLambdaArtifacts({ outDir: join(dir, 'dist') });
    const entry = built.functions.ingress.entryPath;
    const colds: number[] = [];
    for (let i = 0; i < coldRuns; i++) {
      colds.push(
        Number(await runNode(`const t = performance.now(); await import(${JSON.stringify(entry)}); process.stdout.write(String(performance.now() - t));`, {})),
      );
    }
    const env = {
      STATE_TABLE: 'bench-table',
      WORK_QUEUE_URL: `${fake.url}/123456789012/bench`,
      SECRETS_PREFIX: '/diagnose-502/bench/',
      SLACK_API_URL: slack.url,
      LOG_LEVEL: 'warn',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_SSM: fake.url,
      AWS_ENDPOINT_URL_SQS: fake.url,
    };
    const timings = JSON.parse(await runNode(warmScript(entry, warmRequests), env)) as { first: number; warm: number[] };
    if (fake.messages.length !== warmRequests + 1) throw new Error(`expected ${warmRequests + 1} jobs on the queue, got ${fake.messages.length}`);
    const warm = [...timings.warm].sort((a, b) => a - b);
    return {
      ingressBundleBytes: built.functions.ingress.bundleBytes,
      workerBundleBytes: built.functions.worker.bundleBytes,
      ingressZipBytes: built.functions.ingress.zipBytes,
      workerZipBytes: built.functions.worker.zipBytes,
      coldInitMs: round(median(colds)),
      coldFirstAckMs: round(timings.first),
      warmAckP50Ms: round(percentile(warm, 0.5)),
      warmAckP99Ms: round(percentile(warm, 0.99)),
    };
  } finally {
    await Promise.all([slack.close(), fake.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** A child that imports the bundle, then times one cold and `n` warm signed slash commands. */
function warmScript(entry: string, n: number): string {
  return `
import { createHmac } from 'node:crypto';
const { handler } = await import(${JSON.stringify(entry)});
const event = (i) => {
  const body = new URLSearchParams({ token: 't', team_id: 'T0BENCH', team_domain: 'bench', channel_id: 'C0BENCH', channel_name: 'bench', user_id: 'U0BENCH', user_name: 'bench',
    command: '/diagnose-502', text: 'a1b2c3d4e5 prod', api_app_id: 'A0BENCH', response_url: 'https://hooks.slack.com/commands/T0BENCH/1/x', trigger_id: '1.2.bench' + i }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = 'v0=' + createHmac('sha256', ${JSON.stringify(SIGNING_SECRET)}).update('v0:' + ts + ':' + body).digest('hex');
  return { version: '2.0', routeKey: 'POST /slack/events', rawPath: '/slack/events', rawQueryString: '', isBase64Encoded: true,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig },
    requestContext: { http: { method: 'POST', path: '/slack/events' }, requestId: 'r' + i, stage: '$default' }, body: Buffer.from(body).toString('base64') };
};
const time = async (i) => { const e = event(i); const t = performance.now(); const r = await handler(e, {}); const d = performance.now() - t; if (r.statusCode !== 200) throw new Error('status ' + r.statusCode); return d; };
const first = await time(0);
const warm = [];
for (let i = 1; i <= ${n}; i++) warm.push(await time(i));
process.stdout.write(JSON.stringify({ first, warm }));
`;
}

function runNode(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { env: { PATH: process.env['PATH'], NODE_NO_WARNINGS: '1', ...env }, timeout: 120_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
