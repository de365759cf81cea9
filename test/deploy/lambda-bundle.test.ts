/**
 * The bundles as Lambda runs them: built by buildLambdaArtifacts, unzipped into a task root, and
 * imported by a fresh Node process with only the environment serverless.yml sets. The worker runs
 * a diagnosis against the simulated account (runbook, resvg and fonts must all be in its zip); the
 * ingress acknowledges a signed command and sends the job to SQS.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambdaArtifacts, type BuildResult } from '../../src/tools/package/build-lambda-artifacts.ts';
import { startSimulatedAws, type SimulatedAws } from '../../src/tools/sim/start-simulated-aws.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../../src/tools/slack-web-api/start-local-slack-web-api.ts';
import { signSlackRequest, slashCommandBody } from '../helpers/slack/sign-slack-request.ts';
import { httpApiEvent } from '../apps/lambda/http-api-event.ts';
import { startFakeSsmSqs, type FakeSsmSqs } from '../apps/lambda/fake-ssm-sqs.ts';
import { startDynalite, type LocalDynamo } from '../apps/lambda/start-dynalite.ts';

const BOT_TOKEN = 'xoxb-bundle-test-token';
const SIGNING_SECRET = 'bundle-signing-secret';
const PREFIX = '/diagnose-502/test/';

let dir: string;
let built: BuildResult;
let sim: SimulatedAws;
let slack: LocalSlackWebApi;
let dynamo: LocalDynamo;
let fake: FakeSsmSqs;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'd502-bundle-'));
  built = await buildLambdaArtifacts({ outDir: join(dir, 'dist') });
  [sim, slack, dynamo, fake] = await Promise.all([
    startSimulatedAws({ log: () => undefined }),
    startLocalSlackWebApi({ tokens: [BOT_TOKEN] }),
    startDynalite(),
    startFakeSsmSqs({ [`${PREFIX}slack-bot-token`]: BOT_TOKEN, [`${PREFIX}slack-signing-secret`]: SIGNING_SECRET }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([sim?.close(), slack?.close(), dynamo?.close(), fake?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Unzips a function into a fresh task root, as Lambda does under /var/task. */
async function taskRoot(name: 'ingress' | 'worker'): Promise<string> {
  const root = join(dir, `task-${name}`);
  for (const [file, data] of Object.entries(unzipSync(await readFile(built.functions[name].zipPath)))) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), data);
  }
  return root;
}

/** Imports the handler in a fresh Node process (cwd = task root) and calls it once with `event`. */
function invoke(root: string, handlerFile: string, event: unknown, env: Record<string, string>): Promise<{ result: unknown; stderr: string }> {
  const script = `const { handler } = await import(${JSON.stringify(join(root, handlerFile))}); const out = await handler(JSON.parse(process.env.EVENT), { awsRequestId: 'bundle-test' }); process.stdout.write(JSON.stringify(out));`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        cwd: root,
        env: { PATH: process.env['PATH'], HOME: dir, LAMBDA_TASK_ROOT: root, NODE_NO_WARNINGS: '1', EVENT: JSON.stringify(event), ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${handlerFile} failed: ${error.message}\n${stderr}`));
        else resolve({ result: JSON.parse(stdout), stderr });
      },
    );
  });
}

function lambdaEnv(table: string): Record<string, string> {
  return {
    STATE_TABLE: table,
    WORK_QUEUE_URL: `${fake.url}/123456789012/diagnose-502-test-work`,
    SECRETS_PREFIX: PREFIX,
    SLACK_API_URL: slack.url,
    LOG_LEVEL: 'warn',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'sim',
    AWS_SECRET_ACCESS_KEY: 'sim',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: sim.url,
    AWS_ENDPOINT_URL_SSM: fake.url,
    AWS_ENDPOINT_URL_SQS: fake.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  };
}

describe('Lambda bundles', () => {
  it('ship only what each function needs', () => {
    const ingress = built.functions.ingress.files;
    const worker = built.functions.worker.files;
    expect(built.functions.ingress.bundleBytes).toBeLessThan(2 * 1024 * 1024);
    expect(ingress).toContain('src/apps/lambda/ingress.mjs');
    expect(built.functions.ingress.entryPath.endsWith(join('src', 'apps', 'lambda', 'ingress.mjs'))).toBe(true);
    expect(existsSync(built.functions.ingress.entryPath)).toBe(true);
    expect(ingress.filter((f) => f.startsWith('node_modules/') || f.startsWith('runbooks/'))).toEqual([]);
    expect(worker).toContain('src/apps/lambda/worker.mjs');
    expect(worker).toContain('runbooks/api-gateway-502.yaml');
    expect(worker).toContain('node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
    expect(worker.some((f) => /^node_modules\/@resvg\/resvg-js-linux-x64-gnu\/.*\.node$/.test(f))).toBe(true);
    expect([...ingress, ...worker].filter((f) => /better-sqlite3|\.map$/.test(f))).toEqual([]);
  });

  it('bundle no tooling and no test code: nothing from src/tools/ or test/ (esbuild metafile)', () => {
    for (const fn of [built.functions.ingress, built.functions.worker]) {
      expect(fn.inputs.some((path) => path.startsWith('src/apps/lambda/'))).toBe(true);
      expect(fn.inputs.filter((path) => /^(src\/tools|test|bench)\//.test(path))).toEqual([]);
    }
  });

  it("keep the internet-facing ingress free of the worker's chart renderer and collectors", () => {
    // A barrel import once pulled resvg's native binary into the ingress, which failed the build.
    expect(built.functions.ingress.inputs.filter((path) => /render-chart|\/adapters\/aws\/collect-/.test(path))).toEqual([]);
  });

  it('the bundled worker runs a start job end to end: thread, verdict and chart', { timeout: 90_000 }, async () => {
    // Prepare
    const root = await taskRoot('worker');
    const scenario = sim.scenarios.find((s) => s.id === 'timeout')!;
    const job = {
      kind: 'start',
      request: {
        ref: { apiId: scenario.api.id, stage: scenario.api.stages[0]!.name, region: 'us-east-1' },
        channel: 'C0BUNDLE',
        requestedBy: 'U0ALICE',
        requestedAt: new Date().toISOString(),
        dedupKey: 'bundle-1',
      },
    };
    const event = {
      Records: [
        {
          messageId: 'bundle-msg-1',
          receiptHandle: 'r',
          body: JSON.stringify(job),
          attributes: { ApproximateReceiveCount: '1' },
          messageAttributes: {},
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:q',
          awsRegion: 'us-east-1',
        },
      ],
    };
    // Act
    const { result, stderr } = await invoke(root, 'src/apps/lambda/worker.mjs', event, lambdaEnv(await dynamo.createStateTable()));
    // Assess
    expect(result, stderr).toEqual({ batchItemFailures: [] });
    const [parent] = slack.state.topLevel('C0BUNDLE');
    expect(parent).toBeDefined();
    const thread = slack.state.thread('C0BUNDLE', parent!.ts);
    const chart = thread.flatMap((m) => m.files).find((f) => f.name?.endsWith('.png'));
    expect(chart?.bytes?.subarray(1, 4).toString('ascii'), 'a PNG chart drawn by resvg').toBe('PNG');
  });

  it('the bundled ingress acknowledges a signed command and sends the job to SQS', { timeout: 60_000 }, async () => {
    const root = await taskRoot('ingress');
    const body = slashCommandBody({ text: 'a1b2c3d4e5 prod', trigger_id: '99.88.bundle' });
    const event = httpApiEvent({
      path: '/slack/events',
      body,
      headers: { ...signSlackRequest(body, SIGNING_SECRET), 'content-type': 'application/x-www-form-urlencoded' },
    });
    const before = fake.messages.length;
    const { result, stderr } = await invoke(root, 'src/apps/lambda/ingress.mjs', event, lambdaEnv('unused-table'));
    expect(result, stderr).toMatchObject({ statusCode: 200 });
    expect(fake.messages.slice(before).map((m) => JSON.parse(m) as { kind: string; request: { dedupKey: string } })).toEqual([
      expect.objectContaining({ kind: 'start', request: expect.objectContaining({ dedupKey: 'slack-command:T0LOCAL01:99.88.bundle' }) }),
    ]);
  });
});
