/**
 * `diagnose-502 scan` and diagnosing by name or URL, as a user runs them: the package's bin in a
 * child process against a simulated account with many APIs, two regions and custom domains.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonReportSchema } from '../../src/core/view/to-json-report.ts';
import { buildFleet } from '../../src/tools/sim/build-fleet.ts';
import { loadScenarios } from '../../src/tools/sim/load-scenarios.ts';
import { DEFAULT_SCENARIO_DIR, startSimulatedAws, type SimulatedAws } from '../../src/tools/sim/start-simulated-aws.ts';

const BIN = fileURLToPath(new URL('../../bin/diagnose-502.js', import.meta.url));
const FLEET = buildFleet({
  count: 60,
  regions: ['us-east-1', 'eu-west-1'],
  failing: [
    { index: 4, errorsPerMinute: 40 },
    { index: 7, errorsPerMinute: 10 },
  ],
});
let sim: SimulatedAws;
let quiet: SimulatedAws;

beforeAll(async () => {
  const shipped = (await loadScenarios(DEFAULT_SCENARIO_DIR)).filter((s) => s.id === 'timeout');
  sim = await startSimulatedAws({
    scenarios: [...FLEET.scenarios, ...shipped],
    log: () => {},
    directory: {
      alarms: [],
      domains: [
        { name: 'api.example.com', region: 'us-east-1', apiMappings: [{ key: 'v2', apiId: shipped[0]!.api.id, stage: shipped[0]!.api.stages[0]!.name }] },
      ],
    },
  });
  quiet = await startSimulatedAws({ scenarios: buildFleet({ count: 6 }).scenarios, log: () => {} });
});
afterAll(async () => {
  await sim?.close();
  await quiet?.close();
});

const env = (url: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: '/nonexistent',
  AWS_EC2_METADATA_DISABLED: 'true',
  NODE_NO_WARNINGS: '1',
  AWS_ENDPOINT_URL: url,
  AWS_ACCESS_KEY_ID: 'sim',
  AWS_SECRET_ACCESS_KEY: 'sim',
  AWS_REGION: 'us-east-1',
  ...extra,
});

function run(args: string[], e: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: e, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('diagnose-502 scan', () => {
  it('lists failing stages across the configured regions, best first, as JSON', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await run(
      ['scan', '--json'],
      env(sim.url, { DIAGNOSE502_CONFIG: fileURLToPath(new URL('./fixtures/scan-config.yaml', import.meta.url)) }),
    );
    expect(code, stderr).toBe(0);
    const { apis } = JSON.parse(stdout) as { apis: Array<Record<string, unknown>> };
    const names = apis.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['svc-004', 'svc-007', 'orders-api']));
    expect(apis.find((a) => a.name === 'svc-007')).toMatchObject({ type: 'http', region: 'eu-west-1', id: FLEET.apis[7]!.id });
    const counts = apis.map((a) => a.errors5xx as number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(apis.find((a) => a.name === 'svc-004')).toMatchObject({
      id: FLEET.apis[4]!.id,
      type: 'rest',
      region: 'us-east-1',
      stage: 'prod',
      severity: expect.stringMatching(/^(high|critical)$/),
    });
    for (const a of apis)
      expect(Object.keys(a)).toEqual(expect.arrayContaining(['id', 'type', 'name', 'stage', 'region', 'requests', 'errors5xx', 'rate', 'severity']));
  });

  it('prints an empty list and exits 0 when nothing fails', { timeout: 60_000 }, async () => {
    const { code, stdout } = await run(['scan', '--json'], env(quiet.url));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ apis: [] });
    const text = await run(['scan', '--region', 'us-east-1'], env(quiet.url));
    expect(text.stdout).toMatch(/No REST or HTTP API stage returned 5xx in the last 15 minutes/);
  });

  it('refuses bad flags before calling AWS', { timeout: 30_000 }, async () => {
    const { code, stderr } = await run(['scan', '--since', '9d'], env(quiet.url));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--since/);
  });
});

describe('diagnose-502 by name or URL', () => {
  it('diagnoses an API by name and by a custom-domain URL, carrying the route', { timeout: 60_000 }, async () => {
    const byName = await run(['svc-004', 'prod', '--json'], env(sim.url));
    expect(byName.code, byName.stderr).toBe(0);
    expect(jsonReportSchema.parse(JSON.parse(byName.stdout)).api).toMatchObject({ id: FLEET.apis[4]!.id, name: 'svc-004' });

    const byUrl = await run(['https://api.example.com/v2/orders/42', '--json'], env(sim.url));
    expect(byUrl.code, byUrl.stderr).toBe(0);
    const report = jsonReportSchema.parse(JSON.parse(byUrl.stdout));
    expect(report.api.route).toBe('/orders/42');
    expect(report.verdict.cause).toBe('timeout');
  });

  it('exits 3 with a clear message for unknown names, unmapped paths and ambiguity, and 2 for invalid input', { timeout: 60_000 }, async () => {
    const unknown = await run(['no-such-api', 'prod'], env(sim.url));
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/No REST or HTTP API named "no-such-api" in us-east-1/);
    const unmapped = await run(['https://api.example.com/v9/x'], env(sim.url));
    expect(unmapped.code).toBe(3);
    expect(unmapped.stderr).toMatch(/serves \/v9\/x/);
    const invalid = await run(['https://api.example.com/a"b'], env(sim.url));
    expect(invalid.code).toBe(2);
  });
});
