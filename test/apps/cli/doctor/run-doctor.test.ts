/**
 * The doctor against the simulated account: the real SDK behind AWS_ENDPOINT_URL, scenarios that
 * deny actions the way IAM would.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT, type CliIo } from '../../../../src/apps/cli/run-cli.ts';
import { classifyProbeOutcome } from '../../../../src/apps/cli/doctor/classify-probe-outcome.ts';
import { doctorProbes } from '../../../../src/apps/cli/doctor/doctor-probes.ts';
import { runDoctor, type DoctorReport } from '../../../../src/apps/cli/doctor/run-doctor.ts';
import { collectorActions } from '../../../../src/adapters/aws/iam/collector-permissions.ts';
import { DEFAULT_SCENARIO_DIR, startSimulatedAws, type SimulatedAws } from '../../../../src/tools/sim/start-simulated-aws.ts';
import { loadScenarios } from '../../../../src/tools/sim/load-scenarios.ts';
import type { Scenario } from '../../../../src/tools/sim/scenario-schema.ts';

let sim: SimulatedAws;
let timeout: Scenario;

beforeAll(async () => {
  const shipped = await loadScenarios(DEFAULT_SCENARIO_DIR);
  timeout = shipped.find((s) => s.id === 'timeout')!;
  // Same resources, three identities: the access key id picks the scenario and so its denials.
  // Each scenario needs its own ids, so two of them are served by their own simulator below.
  sim = await startSimulatedAws({ scenarios: [timeout], log: () => undefined });
});
afterAll(async () => {
  await sim?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function pointSdkAt(url: string, accessKeyId: string): void {
  vi.stubEnv('AWS_ENDPOINT_URL', url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'sim');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
}

function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env,
    isTty: false,
    out: () => out,
    err: () => err,
  };
}

describe('runDoctor against the simulated account', () => {
  it('reports every action allowed when nothing is denied', async () => {
    // Prepare
    pointSdkAt(sim.url, 'timeout');
    const io = captureIo();
    // Act
    const code = await runDoctor(['--region', 'us-east-1', '--json'], io);
    // Assess
    expect(code, io.err()).toBe(EXIT.ok);
    const report = JSON.parse(io.out()) as DoctorReport;
    expect(report.identity).toMatch(/^arn:aws:/);
    expect(new Set(report.checks.map((c) => c.action))).toEqual(new Set(collectorActions()));
    expect(report.checks.filter((c) => c.status !== 'allowed')).toEqual([]);
    // Only reads went out.
    for (const call of sim.calls) expect(call.operation).toMatch(/^(Get|Describe|Filter|Lookup)/);
  });

  it('names the collector and the action for each denial', async () => {
    // Prepare: the same incident, but the bot's role lacks three of the actions.
    const denied: Scenario = { ...timeout, id: 'doctor-denied', denied: ['logs:FilterLogEvents', 'lambda:GetPolicy', 'elasticloadbalancing:Describe*'] };
    const deniedSim = await startSimulatedAws({ scenarios: [denied], log: () => undefined });
    pointSdkAt(deniedSim.url, 'doctor-denied');
    const io = captureIo();
    try {
      // Act: aimed at the scenario's API, so the log check reads its real execution log group.
      const code = await runDoctor(['--region', 'us-east-1', '--api-id', timeout.api.id, '--stage', timeout.api.stages[0]!.name], io);
      // Assess
      expect(code).toBe(EXIT.accessDenied);
      const text = io.out();
      expect(text).toMatch(/logs\s+logs:FilterLogEvents\s+FilterLogEvents\s+DENIED/);
      expect(text).toMatch(/config\s+lambda:GetPolicy\s+GetPolicy\s+DENIED/);
      expect(text).toMatch(/config\s+lambda:GetFunctionConfiguration\s+GetFunctionConfiguration\s+ok/);
      expect(text).toMatch(/metrics\s+cloudwatch:GetMetricData\s+GetMetricData\s+ok/);
      expect(text).toContain('Missing permissions');
      expect(text).toContain('  logs: logs:FilterLogEvents (to read failure lines from the execution and access logs)');
      expect(text).toContain('  config: elasticloadbalancing:DescribeTargetHealth');
      expect(text).not.toContain('  changes:');
      expect(text).toContain('npm run iam-policy');
    } finally {
      await deniedSim.close();
    }
  });

  it('tells a missing CloudTrail permission apart (shipped cloudtrail-denied scenario)', async () => {
    const shipped = (await loadScenarios(DEFAULT_SCENARIO_DIR)).find((s) => s.id === 'cloudtrail-denied')!;
    const ctSim = await startSimulatedAws({ scenarios: [shipped], log: () => undefined });
    pointSdkAt(ctSim.url, 'cloudtrail-denied');
    const io = captureIo();
    try {
      expect(await runDoctor(['--region', 'us-east-1', '--json'], io)).toBe(EXIT.accessDenied);
      const report = JSON.parse(io.out()) as DoctorReport;
      expect(report.checks.filter((c) => c.status === 'denied').map((c) => `${c.user} ${c.action}`)).toEqual(['changes cloudtrail:LookupEvents']);
    } finally {
      await ctSim.close();
    }
  });

  it('exits 4 with a clear message when the SDK finds no credentials', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', sim.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    vi.stubEnv('AWS_PROFILE', '');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '');
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', '');
    vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', '');
    const io = captureIo();
    expect(await runDoctor(['--region', 'us-east-1'], io)).toBe(EXIT.noCredentials);
    expect(io.err()).toContain('no usable AWS credentials');
  });
});

describe('runDoctor arguments', () => {
  it.each([
    [['--stage', 'prod', '--region', 'us-east-1'], '--stage needs --api-id'],
    [['--region', 'mars-1'], 'a region looks like'],
    [['--api-id', 'NOPE', '--region', 'us-east-1'], '10 lowercase letters'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j', async (argv, message) => {
    const io = captureIo({ AWS_REGION: 'us-east-1' });
    expect(await runDoctor(argv, io)).toBe(EXIT.usage);
    expect(io.err()).toContain(message);
  });

  it('takes the region from AWS_REGION and prints help', async () => {
    const io = captureIo();
    expect(await runDoctor(['--help'], io)).toBe(EXIT.ok);
    expect(io.out()).toContain('Usage: diagnose-502 doctor');
  });
});

describe('doctor probes', () => {
  it('cover every action the collectors need', () => {
    expect(new Set(doctorProbes({ region: 'eu-west-1' }).map((p) => p.action))).toEqual(new Set(collectorActions()));
  });

  it('count "not found" as allowed and an access denial as denied', () => {
    const named = (name: string) => Object.assign(new Error(name), { name });
    expect(classifyProbeOutcome(named('ResourceNotFoundException')).status).toBe('allowed');
    expect(classifyProbeOutcome(named('TargetGroupNotFound')).status).toBe('allowed');
    expect(classifyProbeOutcome(named('AccessDeniedException')).status).toBe('denied');
    expect(classifyProbeOutcome(named('AccessDenied')).status).toBe('denied');
    expect(classifyProbeOutcome(named('ThrottlingException')).status).toBe('unknown');
    expect(classifyProbeOutcome(named('ValidationError')).status).toBe('unknown');
  });
});
