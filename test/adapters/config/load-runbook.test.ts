import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CAUSES, MANUAL_STEPS } from '../../../src/core/diagnosis/types.ts';
import { RunbookValidationError } from '../../../src/core/errors/diagnose-error.ts';
import { fillPlaceholders, loadRunbook, parseRunbook, placeholderValuesFor } from '../../../src/adapters/config/load-runbook.ts';
import { MAX_BUTTON_LABEL } from '../../../src/core/runbook/runbook-schema.ts';
import { healthyReport, networkReport, timeoutReport } from '../../helpers/sample-report.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/runbooks/${name}`, import.meta.url));

async function failureOf(promise: Promise<unknown>): Promise<RunbookValidationError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RunbookValidationError);
    return error as RunbookValidationError;
  }
  throw new Error('expected the runbook to be rejected');
}

describe('loadRunbook', () => {
  it('loads the shipped runbook from the package root, whatever the working directory', async () => {
    // Prepare
    const cwd = process.cwd();
    process.chdir('/');
    try {
      // Act
      const runbook = await loadRunbook();

      // Assess
      expect(Object.keys(runbook.causes)).toEqual([...CAUSES, 'none', 'inconclusive']);
      expect(Object.keys(runbook.checklist)).toEqual(['execution-logs', 'direct-call', 'metrics', 'tracing', 'mapping-templates', 'timeout-settings']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('ships manual steps with exactly the answers the machine understands, labels within the Slack limit', async () => {
    const runbook = await loadRunbook();

    for (const id of MANUAL_STEPS) expect(runbook.checklist[id].kind).toBe('manual');
    expect(runbook.checklist['direct-call'].answers.map((a) => a.id)).toEqual(['works-directly', 'fails-directly']);
    expect(runbook.checklist.tracing.answers.map((a) => a.id)).toEqual(['fails-in-backend', 'fails-before-backend']);
    expect(runbook.checklist['mapping-templates'].answers.map((a) => a.id)).toEqual(['templates-ok', 'templates-broken']);
    const labels = MANUAL_STEPS.flatMap((id) => runbook.checklist[id].answers.map((a) => a.label));
    for (const label of labels) expect(label.length).toBeLessThanOrEqual(MAX_BUTTON_LABEL);
  });

  it('ships the traps and verification an operator needs for a timeout', async () => {
    const runbook = await loadRunbook();

    expect(runbook.causes.timeout.traps.join(' ')).toMatch(/29 s/);
    expect(runbook.causes.timeout.verify.join(' ')).toContain('Method completed with status: 200');
    expect(runbook.causes.permission.traps.join(' ')).toMatch(/SourceArn/);
    expect(runbook.causes.network.traps.join(' ')).toMatch(/security group still blocks/);
  });

  it('labels every state-changing command in the shipped runbook as a change', async () => {
    const runbook = await loadRunbook();
    const items = Object.values(runbook.causes).flatMap((c) => [...c.fix, ...c.verify]);
    const mutating = items.filter((t) => /\baws \S+ (add|update|put|create|delete|remove|authorize|revoke)-/.test(t));

    expect(mutating.length).toBeGreaterThan(0);
    for (const t of mutating) expect(t.startsWith('CHANGE:')).toBe(true);
  });

  it('loads a valid runbook from an explicit path', async () => {
    const runbook = await loadRunbook(fixture('valid.yaml'));

    expect(runbook.causes.timeout.fix).toEqual(['Check the timeout of {functionName} in {region}.']);
    expect(runbook.checklist['direct-call'].answers[0]).toEqual({ id: 'works-directly', label: 'Works when called directly' });
  });

  it('names the file when it cannot be read, and keeps the cause', async () => {
    const error = await failureOf(loadRunbook('/nonexistent/runbook.yaml'));

    expect(error.message).toMatch(/^\/nonexistent\/runbook\.yaml: cannot read the runbook/);
    expect(error.code).toBe('invalid_runbook');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it.each([
    ['invalid-empty-fix.yaml', /causes\.timeout\.fix: must contain at least 1 item/],
    ['invalid-missing-cause.yaml', /causes\.permission: is required/],
    ['invalid-long-label.yaml', /checklist\.direct-call\.answers\.0\.label: must be at most 75 characters/],
    ['invalid-unknown-key.yaml', /causes\.format: .*fixes/],
    ['invalid-wrong-answer.yaml', /checklist\.direct-call\.answers\.1\.id: /],
    ['invalid-unlabelled-change.yaml', /causes\.permission\.fix\.0: .*CHANGE:/],
    ['invalid-placeholder.yaml', /checklist\.metrics\.how: unknown placeholder \{apiNmae\}/],
    ['invalid-kind.yaml', /checklist\.tracing\.kind: /],
    ['invalid-syntax.yaml', /not valid YAML/],
  ])('rejects %s with a message naming the file and the path', async (name, expected) => {
    // Act
    const error = await failureOf(loadRunbook(fixture(name)));

    // Assess
    expect(error.message.startsWith(`${fixture(name)}: `)).toBe(true);
    expect(error.message).toMatch(expected);
    expect(error.cause).toBeDefined();
  });

  it('reports every issue, not just the first', () => {
    const text = `version: 1\nchecklist: {}\ncauses: {}\n`;

    const error = (() => {
      try {
        parseRunbook(text, 'runbooks/x.yaml');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a failure');
    })();

    expect(error.message).toMatch(/^runbooks\/x\.yaml: /);
    for (const path of ['checklist.execution-logs', 'checklist.tracing', 'causes.timeout', 'causes.inconclusive']) {
      expect(error.message).toContain(`${path}: `);
    }
  });

  it('rejects an unmatched backtick, which would swallow the rest of the text as a command', async () => {
    const text = (await readFile(fixture('valid.yaml'), 'utf8')).replace('how: Read both timeouts.', 'how: Read `both timeouts.');

    expect(() => parseRunbook(text, 'runbooks/x.yaml')).toThrow('runbooks/x.yaml: checklist.timeout-settings.how: has an unmatched backtick');
  });

  it('reports the cause of an invalid runbook as the zod error', async () => {
    const text = await readFile(fixture('invalid-empty-fix.yaml'), 'utf8');

    expect(() => parseRunbook(text, 'runbooks/x.yaml')).toThrow('runbooks/x.yaml: causes.timeout.fix: must contain at least 1 item');
    try {
      parseRunbook(text, 'runbooks/x.yaml');
    } catch (error) {
      expect((error as Error).cause).toMatchObject({ name: 'ZodError' });
    }
  });
});

describe('fillPlaceholders', () => {
  it('fills the known placeholders and leaves the others as written', () => {
    const filled = fillPlaceholders('aws lambda get-policy --region {region} --function-name {functionName} --api {apiId} {accountId} {other}', {
      region: 'eu-west-1',
      functionName: 'checkout-fn',
      apiId: 'a1b2c3d4e5',
    });

    expect(filled).toBe('aws lambda get-policy --region eu-west-1 --function-name checkout-fn --api a1b2c3d4e5 {accountId} {other}');
  });

  it('leaves JSON-looking braces alone', () => {
    expect(fillPlaceholders(`--query '{Timeout:Timeout}' {"message": "x"}`, { stage: 'prod' })).toBe(`--query '{Timeout:Timeout}' {"message": "x"}`);
  });
});

describe('placeholderValuesFor', () => {
  it('takes the function from the integration, the name and ids from the API', () => {
    expect(placeholderValuesFor(timeoutReport())).toEqual({
      apiId: 'a1b2c3d4e5',
      apiName: 'orders-api',
      stage: 'prod',
      region: 'eu-west-1',
      functionName: 'checkout-fn',
      accountId: '123456789012',
    });
  });

  it('falls back to the metrics when no integration names a function, and to a visible slot when none does', () => {
    expect(placeholderValuesFor(networkReport()).functionName).toBe('checkout-fn');
    const report = healthyReport();
    report.api.integrations = [];
    report.evidence.metrics!.lambda = [];
    expect(placeholderValuesFor(report).functionName).toBe('<function-name>');
  });
});
