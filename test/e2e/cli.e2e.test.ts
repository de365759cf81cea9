/**
 * The CLI as a user runs it (`npm run diagnose`): a child process on the sources, the real AWS SDK,
 * and the simulated account behind AWS_ENDPOINT_URL serving each shipped scenario. The compiled
 * package's bin is exercised by test/deploy/npm-pack.test.ts.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonReportSchema } from '../../src/core/view/to-json-report.ts';
import { startSimulatedAws, type SimulatedAws } from '../../src/tools/sim/start-simulated-aws.ts';

const SMOKE = ['backend-error', 'cloudtrail-denied', 'format', 'healthy', 'http-api', 'logging-off', 'network-behind-timeout', 'permission', 'timeout'];
const CLI = fileURLToPath(new URL('../../src/apps/cli/main.ts', import.meta.url));
let sim: SimulatedAws;

beforeAll(async () => {
  sim = await startSimulatedAws({});
});
afterAll(async () => {
  await sim?.close();
});

/** An environment with no way to find real credentials, so nothing can leak to a real account. */
function isolatedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // No NODE_NO_WARNINGS: the CLI itself must keep the SDK's Node-version warning off the terminal.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' };
  return { ...env, ...extra };
}

/** An access key named after a scenario shows the simulated account as that scenario alone, denials included. */
const simEnv = (scenarioId = 'sim') =>
  isolatedEnv({ AWS_ENDPOINT_URL: sim.url, AWS_ACCESS_KEY_ID: scenarioId, AWS_SECRET_ACCESS_KEY: 'sim', AWS_REGION: 'us-east-1' });

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('diagnose-502 CLI against the simulated account', () => {
  it('names the expected cause for the original scenarios, with the --json contract', { timeout: 120_000 }, async () => {
    // The original nine; the whole corpus is scored by `npm run eval` and test/tools/eval.
    const smoke = sim.scenarios.filter((s) => SMOKE.includes(s.id));
    expect(smoke).toHaveLength(SMOKE.length);
    const results = await Promise.all(smoke.map(async (s) => ({ scenario: s, ...(await run([s.api.id, s.api.stages[0]!.name, '--json'], simEnv(s.id))) })));
    for (const { scenario, code, stdout, stderr } of results) {
      expect(code, `${scenario.id}: ${stderr}`).toBe(0);
      const report = jsonReportSchema.parse(JSON.parse(stdout));
      expect(report.verdict.cause, scenario.id).toBe(scenario.expectedCause);
      expect(report.api).toMatchObject({ id: scenario.api.id, type: scenario.api.type, region: 'us-east-1' });
      expect(report.hypotheses.length).toBeGreaterThan(0);
      if (scenario.id === 'cloudtrail-denied') {
        // Partial evidence: the verdict stands on the logs, and the gap is named with its fix.
        expect(report.missing).toContainEqual(expect.objectContaining({ source: 'changes', reason: 'access denied to cloudtrail:LookupEvents' }));
        expect(report.verdict.confidence).toBeLessThan(0.9);
      }
      if (scenario.id === 'logging-off') {
        expect(report.missing.some((m) => m.source === 'logs')).toBe(true);
      }
    }
    // Every AWS call the diagnoses made was a read.
    expect(sim.calls.length).toBeGreaterThan(0);
    for (const call of sim.calls) expect(call.operation, `${call.service}.${call.operation}`).toMatch(/^(Get|Describe|List|Filter|Lookup)/);
  });

  it('names the route, the function and the line its own log group holds for a function that times out', { timeout: 60_000 }, async () => {
    const s = sim.scenarios.find((x) => x.id === 'lambda-function-timeout')!;

    const { code, stdout, stderr } = await run([s.api.id, s.api.stages[0]!.name, '--json'], simEnv(s.id));

    expect(code, stderr).toBe(0);
    const report = jsonReportSchema.parse(JSON.parse(stdout));
    expect(report.verdict.cause).toBe('timeout');
    expect(report.verdict.summary).toMatch(/^Function timeout on GET \/reports\/\{id\} \(100 % of the 5xx\), function reports-render/);
    expect(report.verdict.where.routes[0]).toMatchObject({ route: 'GET /reports/{id}', share: 1, cause: 'timeout' });
    expect(report.verdict.where.backend).toMatchObject({ kind: 'lambda', functionName: 'reports-render' });
    // Quoted from /aws/lambda/reports-render, which was really read, in Lambda's own wording.
    expect(report.verdict.where.quote?.text).toMatch(/Task timed out after 6\.00 seconds$/);
    expect(sim.calls.some((c) => c.operation === 'FilterLogEvents')).toBe(true);
    // One failure counted once: the function's timeouts are not also a crashing backend.
    const backend = report.hypotheses.find((h) => h.cause === 'backend-error')!;
    expect(backend.evidence.some((e) => /Lambda reported/.test(e.summary))).toBe(false);

    const text = await run([s.api.id, s.api.stages[0]!.name], simEnv(s.id));
    expect(text.stdout).toMatch(/WHERE\n {2}route +GET \/reports\/\{id\} · 100 % of the 5xx/);
    expect(text.stdout.indexOf('WHERE')).toBeLessThan(text.stdout.indexOf('HYPOTHESES'));
  });

  it('prints the human report with the verdict, the sparkline and the fix', { timeout: 60_000 }, async () => {
    const s = sim.scenarios.find((x) => x.id === 'network-behind-timeout')!;
    const { code, stdout, stderr } = await run([s.api.id, s.api.stages[0]!.name], simEnv());
    expect(code).toBe(0);
    // The SDK's Node-version warning is for whoever packages the tool, not for every run.
    expect(stderr).not.toMatch(/NodeVersionSupportWarning|will require node/);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/VERDICT\s+NETWORK/);
    expect(stdout).toMatch(/\^ onset/);
    expect(stdout).toMatch(/RevokeSecurityGroupIngress/);
    expect(stdout).toMatch(/FIX/);
  });

  it.each([
    [['not/an-id', 'prod'], /neither an API id/],
    [['a1b2c3d4e5', 'prod; rm -rf /'], /stage/],
    [['a1b2c3d4e5'], /stage is missing/],
    [['a1b2c3d4e5', 'prod', '--since', '3d'], /--since/],
    [['a1b2c3d4e5', 'prod', '--bogus'], /Unknown option/],
  ])('rejects %j with exit 2, a usage message and no AWS call', { timeout: 30_000 }, async (args, message) => {
    sim.resetCalls();
    const { code, stderr } = await run(args, simEnv());
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Usage: diagnose-502/);
    expect(sim.calls).toHaveLength(0);
  });

  it('says in one line that an API does not exist, with exit 3', { timeout: 30_000 }, async () => {
    const { code, stderr } = await run(['zzzzzzzzzz', 'prod'], simEnv());
    expect(code).toBe(3);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/zzzzzzzzzz/);
  });

  it('says in one line that no credentials were found, with exit 4', { timeout: 30_000 }, async () => {
    const { code, stderr } = await run(['a1b2c3d4e5', 'prod', '--region', 'us-east-1'], isolatedEnv({ AWS_ENDPOINT_URL: sim.url }));
    expect(code).toBe(4);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/credentials/i);
  });
});
