import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAccessConfig, parseAccessConfig } from '../../../src/adapters/config/load-access-config.ts';
import { resolveApiRegion } from '../../../src/adapters/config/resolve-api-region.ts';
import { ConfigValidationError } from '../../../src/core/errors/diagnose-error.ts';

const VALID = `
access:
  channels: [C0INCIDENT]
  users: [U0ALICE]
  usergroups: [S0ONCALL]
apis:
  a1b2c3d4e5: { region: eu-west-1 }
  f6g7h8i9j0: { region: us-west-2, account: "012345678901" }
accounts:
  "012345678901":
    roleArn: arn:aws:iam::012345678901:role/diagnose-502-read
    externalId: incident-bot
pagerduty:
  channel: C0INCIDENT
  futureKey: kept
  services:
    PSERVICE1: { apiId: a1b2c3d4e5, stage: prod, region: eu-west-1 }
`;

describe('loadAccessConfig', () => {
  it('is open when no file is configured', async () => {
    expect(await loadAccessConfig(undefined)).toEqual({});
  });

  it('reads a full file, keeping unknown pagerduty keys for later', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'd502-config-'));
    const file = join(dir, 'bot.yaml');
    await writeFile(file, VALID);
    // Act
    const config = await loadAccessConfig(file);
    // Assess
    expect(config.access).toEqual({ channels: ['C0INCIDENT'], users: ['U0ALICE'], usergroups: ['S0ONCALL'] });
    expect(config.apis?.['f6g7h8i9j0']).toEqual({ region: 'us-west-2', account: '012345678901' });
    expect(config.accounts?.['012345678901']?.externalId).toBe('incident-bot');
    expect(config.pagerduty?.services?.['PSERVICE1']).toEqual({ apiId: 'a1b2c3d4e5', stage: 'prod', region: 'eu-west-1' });
    expect((config.pagerduty as Record<string, unknown>)['futureKey']).toBe('kept');
  });

  it('treats an empty file as open access', () => {
    expect(parseAccessConfig('', 'empty.yaml')).toEqual({});
  });

  it('names the file when it cannot be read', async () => {
    await expect(loadAccessConfig('/nonexistent/bot.yaml')).rejects.toThrowError(/\/nonexistent\/bot.yaml: cannot read the configuration file/);
  });

  it.each([
    ['acess:\n  users: [U0ALICE]\n', /bot.yaml: \(top level\): Unrecognized key: "acess"/],
    ['access:\n  users: [alice]\n', /access.users.0: a Slack user id looks like U0123ABCD/],
    ['access:\n  users: []\n', /access.users: list at least one user id/],
    ['apis:\n  NOT-AN-ID: { region: eu-west-1 }\n', /apis\.NOT-AN-ID/],
    ['apis:\n  a1b2c3d4e5: { region: Ireland }\n', /apis.a1b2c3d4e5.region: a region looks like eu-west-1/],
    ['apis:\n  a1b2c3d4e5: { region: eu-west-1, account: 012345678901 }\naccounts: {}\n', /apis.a1b2c3d4e5.account: an account id is 12 digits; quote it/],
    ['apis:\n  a1b2c3d4e5: { region: eu-west-1, account: "111111111111" }\n', /apis.a1b2c3d4e5.account: account 111111111111 is not listed under accounts/],
    ['accounts:\n  "111111111111": { roleArn: "role/x" }\n', /accounts.111111111111.roleArn: a role ARN looks like/],
    ['pagerduty:\n  services:\n    P1: { apiId: a1b2c3d4e5, stage: prod }\n', /pagerduty.services.P1.region/],
    ['access: [\n', /bot.yaml: not valid YAML/],
    ['apis:\n  a1b2c3d4e5: { region: eu-west-1 }\n  a1b2c3d4e5: { region: us-east-1 }\n', /not valid YAML: Map keys must be unique/],
  ])('rejects %j', (text, message) => {
    expect(() => parseAccessConfig(text, 'bot.yaml')).toThrowError(ConfigValidationError);
    expect(() => parseAccessConfig(text, 'bot.yaml')).toThrowError(message);
  });
});

describe('resolveApiRegion', () => {
  const config = parseAccessConfig(VALID, 'bot.yaml');
  it('prefers the typed region, then the mapping, then the default', () => {
    expect(resolveApiRegion(config, 'a1b2c3d4e5', 'ap-south-1', 'us-east-1')).toBe('ap-south-1');
    expect(resolveApiRegion(config, 'a1b2c3d4e5', undefined, 'us-east-1')).toBe('eu-west-1');
    expect(resolveApiRegion(config, 'zzzzzzzzzz', undefined, 'us-east-1')).toBe('us-east-1');
  });
});
