import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioValidationError } from '../../../src/core/errors/diagnose-error.ts';
import { loadScenarioFile, loadScenarios } from '../../../src/tools/sim/load-scenarios.ts';
import { parseScenario } from '../../../src/tools/sim/parse-scenario.ts';
import { DEFAULT_SCENARIO_DIR } from '../../../src/tools/sim/start-simulated-aws.ts';
import { SimWorld } from '../../../src/tools/sim/sim-world.ts';

const MINIMAL = `
id: tiny
title: Tiny
description: One route, nothing else.
expectedCause: none
api:
  type: rest
  id: abcde12345
  name: tiny-api
  stages: [{ name: prod }]
  resources:
    - path: /ping
      methods:
        GET: { integration: { type: AWS_PROXY, lambda: ping } }
lambdas:
  - name: ping
`;

function errorOf(fn: () => unknown): ScenarioValidationError {
  try {
    fn();
  } catch (error) {
    return error as ScenarioValidationError;
  }
  throw new Error('expected a validation error');
}

describe('loadScenarios', () => {
  it('loads and validates every shipped scenario, with distinct ids that can share one server', async () => {
    // Act
    const scenarios = await loadScenarios(DEFAULT_SCENARIO_DIR);

    // Assess
    // The benchmark corpus: at least 40 incidents, the first nine the sandbox has always shown.
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
    expect(scenarios.map((s) => s.id)).toEqual(
      expect.arrayContaining([
        'backend-error',
        'cloudtrail-denied',
        'format',
        'healthy',
        'http-api',
        'logging-off',
        'network-behind-timeout',
        'permission',
        'timeout',
      ]),
    );
    expect(new Set(scenarios.map((s) => s.api.id)).size).toBe(scenarios.length);
    // Every cause has incidents, on both API types.
    for (const cause of ['timeout', 'network', 'permission', 'format', 'backend-error', 'none', 'inconclusive'])
      expect(
        scenarios.some((s) => s.expectedCause === cause),
        cause,
      ).toBe(true);
    expect(new Set(scenarios.map((s) => s.api.type))).toEqual(new Set(['rest', 'http']));
    expect(() => new SimWorld(scenarios)).not.toThrow();
    for (const s of scenarios) {
      expect(s.api.id).toMatch(/^[a-z0-9]{10}$/);
      expect(s.region).toBe('us-east-1');
      expect(s.account).toBe('123456789012');
      expect(s.description).not.toContain('\n');
    }
  });

  it('fills {{apiId}}-style placeholders at load time and keeps per-request ones for later', async () => {
    // Act
    const timeout = await loadScenarioFile(join(DEFAULT_SCENARIO_DIR, 'timeout.yaml'));

    // Assess
    expect(timeout.lambdas[0]?.policy[0]?.sourceArn).toBe('arn:aws:execute-api:us-east-1:123456789012:k7x2m9q4ta/*/GET/orders*');
    const line = timeout.logs[0]?.lines?.[1];
    expect(line).toBe('Starting execution for request: {{requestId}}');
  });

  it('accepts the example in scenarios/README.md, so the format reference stays true', async () => {
    // Prepare
    const readme = await readFile(join(DEFAULT_SCENARIO_DIR, 'README.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

    // Act
    const s = parseScenario(example, 'README.md');

    // Assess
    expect(s.id).toBe('my-incident');
    expect(() => new SimWorld([s])).not.toThrow();
  });

  it('applies defaults a user may leave out', () => {
    // Act
    const s = parseScenario(MINIMAL, 'tiny.yaml');

    // Assess
    expect(s.region).toBe('us-east-1');
    expect(s.lambdas[0]?.timeout).toBe(3);
    expect(s.api.stages[0]?.executionLogging).toBe('OFF');
    expect(s.denied).toEqual([]);
  });
});

describe('scenario validation errors', () => {
  it('names the file and the path of the bad value', () => {
    // Prepare
    const text = MINIMAL.replace('type: AWS_PROXY', 'type: LAMBDA');

    // Act
    const error = errorOf(() => parseScenario(text, 'broken.yaml'));

    // Assess
    expect(error).toBeInstanceOf(ScenarioValidationError);
    expect(error.code).toBe('invalid_scenario');
    expect(error.message).toContain('broken.yaml');
    expect(error.message).toContain('api.resources[0].methods.GET.integration.type');
  });

  it('rejects a metric the API type does not publish, saying which name to use', () => {
    // Prepare
    const text = `${MINIMAL.replace('type: rest', 'type: http').replace(
      / {2}resources:[\s\S]*?lambdas:/,
      '  routes:\n    - key: GET /ping\n      integration: { type: AWS_PROXY, lambda: ping }\nlambdas:',
    )}metrics:\n  api:\n    5XXError: [{ from: -10, to: 0, value: 1 }]\n`;

    // Act
    const error = errorOf(() => parseScenario(text, 'http.yaml'));

    // Assess
    expect(error.message).toContain('metrics.api.5XXError');
    expect(error.message).toContain('5xx');
  });

  it('rejects references to functions that are not defined', () => {
    const error = errorOf(() => parseScenario(MINIMAL.replace('lambda: ping', 'lambda: pong'), 'ref.yaml'));
    expect(error.message).toContain('no function "pong"');
  });

  it('rejects unknown keys (typos) and unknown placeholders', () => {
    expect(errorOf(() => parseScenario(`${MINIMAL}expectedCouse: none\n`, 'typo.yaml')).message).toContain('expectedCouse');
    const placeholder = MINIMAL.replace('title: Tiny', 'title: "Tiny {{apiid}}"');
    expect(errorOf(() => parseScenario(placeholder, 'ph.yaml')).message).toContain('unknown placeholder {{apiid}}');
  });

  it('reports YAML syntax errors with the file name', () => {
    const error = errorOf(() => parseScenario('id: [unclosed', 'syntax.yaml'));
    expect(error).toBeInstanceOf(ScenarioValidationError);
    expect(error.message).toMatch(/^syntax\.yaml: not valid YAML/);
  });

  it('refuses two scenario files with the same id', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'sim-scenarios-'));
    await writeFile(join(dir, 'a.yaml'), MINIMAL);
    await writeFile(join(dir, 'b.yaml'), MINIMAL);

    // Act & Assess
    await expect(loadScenarios(dir)).rejects.toThrow(/b\.yaml: scenario id "tiny" is already used by a\.yaml/);
  });

  it('refuses scenarios whose API ids collide when served together', () => {
    const a = parseScenario(MINIMAL, 'a.yaml');
    const b = parseScenario(
      MINIMAL.replace('id: tiny', 'id: other')
        .replace('name: tiny-api', 'name: other-api')
        .replace('name: ping', 'name: pong')
        .replace('lambda: ping', 'lambda: pong'),
      'b.yaml',
    );
    expect(() => new SimWorld([a, b])).toThrow(/API id "abcde12345"/);
  });
});
