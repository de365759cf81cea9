import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigValidationError } from '../../../src/core/errors/diagnose-error.ts';
import { startBot } from '../../../src/apps/bot/start-bot.ts';

describe('startBot', () => {
  it('stops at once, naming the variable, when a secret is missing', async () => {
    await expect(startBot({ SLACK_SIGNING_SECRET: 's' })).rejects.toThrowError(/SLACK_BOT_TOKEN is required/);
  });

  it('stops before opening the database or listening when the config file is invalid', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'd502-start-'));
    const config = join(dir, 'bot.yaml');
    await writeFile(config, 'access:\n  users: [alice]\n');
    const stateDb = join(dir, 'data', 'state.sqlite');
    // Act
    const started = startBot({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', DIAGNOSE502_CONFIG: config, STATE_DB: stateDb, PORT: '0' });
    // Assess
    await expect(started).rejects.toBeInstanceOf(ConfigValidationError);
    await expect(started).rejects.toThrowError(`${config}: access.users.0: a Slack user id looks like U0123ABCD`);
    expect(existsSync(stateDb)).toBe(false);
  });
});
