import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const config = fileURLToPath(new URL('../.dependency-cruiser.cjs', import.meta.url));
const depcruise = fileURLToPath(new URL('../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url));

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs depcruise with the project's own rules in `cwd`, the way `npm run depcruise` does. */
async function cruise(cwd: string, paths: string[]): Promise<{ violations: Violation[]; modules: number }> {
  // depcruise exits non-zero when it finds violations; the JSON report is on stdout either way.
  const { stdout } = await run(process.execPath, [depcruise, '--config', config, '--output-type', 'json', ...paths], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => {
    if (!error.stdout) throw error;
    return { stdout: error.stdout };
  });
  const result = JSON.parse(stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: result.summary.violations, modules: result.summary.totalCruised };
}

describe('the layer rule (.dependency-cruiser.cjs)', () => {
  it('reports every deliberate violation in the fixture tree, and nothing it allows', async () => {
    const { violations } = await cruise(fileURLToPath(new URL('fixtures/layering/', import.meta.url)), ['src', 'machines']);
    const found = violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual(
      [
        // core imports an adapter (upward) and node:fs (I/O)
        'core-imports-only-core: src/core/verdict/decide.ts → src/adapters/aws/collect.ts',
        'core-imports-only-core: src/core/verdict/decide.ts → fs',
        // apps import the simulated account
        'apps-import-no-tools: src/apps/cli/main.ts → src/tools/sim/simulate.ts',
        // the launcher imports the sandbox statically (its dynamic import is allowed)
        'launcher-loads-the-sandbox-lazily: src/main.ts → src/tools/sandbox/start-sandbox.ts',
        // machines/a.machine.ts ⇄ machines/guards.ts
        'no-module-cycles: machines/a.machine.ts → machines/guards.ts',
        // adapters/aws ⇄ adapters/slack with no module cycle, and core/verdict ⇄ adapters/aws via the upward import
        'no-folder-cycles: src/adapters/aws → src/adapters/slack',
        'no-folder-cycles: src/adapters/aws → src/core/verdict',
        'no-folder-cycles: src/adapters/slack → src/adapters/aws',
        'no-folder-cycles: src/core/verdict → src/adapters/aws',
      ].sort(),
    );
  });

  it('finds no violation in the real tree', async () => {
    const { violations, modules } = await cruise(root, ['src', 'machines', 'bench', 'test']);
    expect(violations).toEqual([]);
    expect(modules).toBeGreaterThan(200);
  });
});
