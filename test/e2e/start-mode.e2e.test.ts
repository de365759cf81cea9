/**
 * `npm start` runs the sandbox only when no Slack setting is present at all. Half a Slack setup
 * (a bot token without a signing secret, a signing secret without a token) is a mistake to
 * report, naming the missing variable, not a reason to start the sandbox (issue 11, finding 15).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/tools/package/build-lambda-artifacts.ts';

function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', PORT: '0', STATE_DB: ':memory:', ...env },
      // Its own process group, so a sandbox that did start is stopped with its bot child.
      detached: true,
    });
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    // A started sandbox would keep running: stop it once it says so.
    const timer = setTimeout(stop, 30_000);
    child.stdout.on('data', () => {
      if (stdout.includes('sandbox')) stop();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      stop();
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm start with incomplete Slack settings', { timeout: 60_000 }, () => {
  it('fails naming SLACK_SIGNING_SECRET when only the bot token is set', async () => {
    const run = await start({ SLACK_BOT_TOKEN: 'xoxb-only-the-token' });
    expect(run.stdout).not.toContain('sandbox');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SLACK_SIGNING_SECRET');
  });

  it('fails naming SLACK_BOT_TOKEN when only the signing secret is set', async () => {
    const run = await start({ SLACK_SIGNING_SECRET: 'only-the-secret' });
    expect(run.stdout).not.toContain('sandbox');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN');
  });
});
