/**
 * Runbook commands are copied into a shell, so a value from AWS substituted into one must stay a
 * single, inert word: an API named `orders$(curl …|sh)` must not yield a command that runs curl
 * (issue 11, finding 3). Every command of the bundled runbook is filled with hostile values and
 * run through bash with `aws` replaced by a function that prints its arguments.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillPlaceholders, loadRunbook, type PlaceholderValues } from '../../../src/adapters/config/load-runbook.ts';

const dir = mkdtempSync(join(tmpdir(), 'd502-shell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sentinel = join(dir, 'pwned');

const HOSTILE: PlaceholderValues = {
  apiName: `orders$(touch ${sentinel}|sh)`,
  stage: `prod;touch ${sentinel}`,
  functionName: `fn\`touch ${sentinel}\``,
  apiId: "a1'b2 $(touch x)",
  region: 'us-east-1',
  accountId: '123456789012',
};

/** Every inline command (`aws …`) in every text of the runbook. */
function commandsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') for (const m of value.matchAll(/`(aws [^`]*)`/g)) out.push(m[1]!);
  else if (Array.isArray(value)) for (const v of value) commandsOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) commandsOf(v, out);
  return out;
}

/** Runs a command with `aws` printing one argument per line; `<slot>`s become plain words first. */
function argsOf(command: string): string[] {
  const script = `aws() { printf '%s\\n' "$@"; }\n${command.replace(/<[A-Za-z-]+>/g, 'SLOT')}`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').slice(0, -1);
}

describe('fillPlaceholders in shell commands', () => {
  it('keeps every hostile value inert in every runbook command', async () => {
    // Prepare
    const runbook = await loadRunbook();
    const templates = commandsOf(runbook);
    expect(templates.length).toBeGreaterThan(10);

    // Act
    const filled = commandsOf(JSON.parse(JSON.stringify(runbook), (_k, v) => (typeof v === 'string' ? fillPlaceholders(v, HOSTILE) : v)));
    const outputs = filled.map(argsOf);

    // Assess
    expect(existsSync(sentinel)).toBe(false);
    expect(outputs.length).toBe(templates.length);
    const metricArgs = outputs.find((args) => args.includes('5XXError'));
    expect(metricArgs).toContain(`Name=ApiName,Value=${HOSTILE.apiName}`);
    expect(metricArgs).toContain(`Name=Stage,Value=${HOSTILE.stage}`);
    const logGroupArgs = outputs.find((args) => args.some((a) => a.startsWith('API-Gateway-Execution-Logs_')));
    expect(logGroupArgs).toContain(`API-Gateway-Execution-Logs_${HOSTILE.apiId}/${HOSTILE.stage}`);
  });

  it('leaves plainly safe values as written, and prose untouched', () => {
    const values = { apiName: 'orders-api', functionName: 'orders_fn.v2', stage: 'prod' };
    expect(fillPlaceholders('`aws x --dimensions Name=ApiName,Value={apiName} --function-name {functionName}`', values)).toBe(
      '`aws x --dimensions Name=ApiName,Value=orders-api --function-name orders_fn.v2`',
    );
    expect(fillPlaceholders('The API {apiName} on stage {stage}', { apiName: 'Orders API (v2)', stage: 'prod' })).toBe('The API Orders API (v2) on stage prod');
  });

  it('quotes a value with spaces inside a command as one argument', () => {
    const filled = fillPlaceholders('`aws cloudwatch x --dimensions Name=ApiName,Value={apiName}`', { apiName: "Orders API (Bob's)" });
    expect(argsOf(filled.slice(1, -1))).toEqual(['cloudwatch', 'x', '--dimensions', "Name=ApiName,Value=Orders API (Bob's)"]);
  });

  it('shows a placeholder for a value that cannot sit in a command at all (a newline or a backtick)', () => {
    expect(fillPlaceholders('`aws lambda get-policy --function-name {functionName}`', { functionName: 'a\nb' })).toBe(
      '`aws lambda get-policy --function-name <function-name>`',
    );
  });
});
