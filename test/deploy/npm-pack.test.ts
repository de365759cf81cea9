/**
 * The package as a user gets it: `npm pack` (which builds dist/ through `prepare`), the tarball
 * installed into an empty folder, and its `diagnose-502` bin run with plain node: no tsx, no
 * TypeScript sources, the runbook inside the package.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
let app: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'd502-pack-'));
  await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [tarball] = (await readdir(dir)).filter((f) => f.endsWith('.tgz'));
  app = join(dir, 'app');
  await run('mkdir', ['-p', app]);
  await writeFile(join(app, 'package.json'), '{"name":"d502-pack-check","private":true}\n');
  // Install scripts are skipped: --help needs no native module, and there is no network to fetch prebuilt ones.
  await run('npm', ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball!)], {
    cwd: app,
    maxBuffer: 16 * 1024 * 1024,
  });
}, 600_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm pack → install → npx diagnose-502', () => {
  it('runs the compiled CLI with plain node', { timeout: 60_000 }, async () => {
    const pkg = join(app, 'node_modules', 'diagnose-502');
    expect(existsSync(join(pkg, 'dist', 'src', 'apps', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'runbooks', 'api-gateway-502.yaml'))).toBe(true);
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);

    const { stdout, stderr } = await run('npx', ['--no-install', 'diagnose-502', '--help'], {
      cwd: app,
      env: { PATH: process.env.PATH, HOME: dir, npm_config_update_notifier: 'false' },
    });
    expect(stdout).toMatch(/Usage: diagnose-502/);
    expect(stderr).toBe('');
  });
});
