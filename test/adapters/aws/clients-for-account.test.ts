import { describe, expect, it, vi } from 'vitest';
import type { AwsClientOptions, AwsClients } from '../../../src/adapters/aws/aws-clients.ts';
import { createClientsForAccount } from '../../../src/adapters/aws/clients-for-account.ts';
import { parseAccessConfig } from '../../../src/adapters/config/load-access-config.ts';

const config = parseAccessConfig(
  `
apis:
  a1b2c3d4e5: { region: eu-west-1, account: "210987654321" }
accounts:
  "210987654321": { roleArn: "arn:aws:iam::210987654321:role/diagnose-502-read", externalId: ext-1 }
`,
  'bot.yaml',
);

function fakeCreate() {
  const built: AwsClientOptions[] = [];
  const create = vi.fn((options: AwsClientOptions) => {
    built.push(options);
    return { region: options.region, lambda: { destroy: vi.fn() } } as unknown as AwsClients;
  });
  return { create, built };
}

describe('createClientsForAccount', () => {
  it('uses the bot’s own credentials for APIs the config does not map to an account', () => {
    const { create, built } = fakeCreate();
    const clients = createClientsForAccount({ config, create });
    clients.clientsFor({ apiId: 'zzzzzzzzzz', region: 'us-east-1' });
    expect(built).toEqual([{ region: 'us-east-1' }]);
  });

  it('assumes the configured role for a mapped API, once per region and account', () => {
    const { create, built } = fakeCreate();
    const clients = createClientsForAccount({ config, create });
    const first = clients.clientsFor({ apiId: 'a1b2c3d4e5', region: 'eu-west-1' });
    const again = clients.clientsFor({ apiId: 'a1b2c3d4e5', region: 'eu-west-1' });
    clients.clientsFor({ apiId: 'a1b2c3d4e5', region: 'us-east-1' });
    expect(again).toBe(first);
    expect(create).toHaveBeenCalledTimes(2);
    expect(typeof built[0]?.credentials).toBe('function');
  });

  it('destroys every client it built', () => {
    const { create } = fakeCreate();
    const clients = createClientsForAccount({ config, create });
    const built = clients.clientsFor({ apiId: 'zzzzzzzzzz', region: 'us-east-1' });
    clients.destroy();
    expect((built.lambda as unknown as { destroy: ReturnType<typeof vi.fn> }).destroy).toHaveBeenCalledOnce();
  });

  it('keeps a bounded number of client sets, closing the least recently used (issue 11, finding 9)', () => {
    const destroyed: string[] = [];
    const create = vi.fn(
      (options: AwsClientOptions) => ({ region: options.region, lambda: { destroy: () => destroyed.push(options.region) } }) as unknown as AwsClients,
    );
    const clients = createClientsForAccount({ config, create, maxClientSets: 3 });
    const first = clients.clientsFor({ apiId: 'zzzzzzzzzz', region: 'us-east-1' });
    for (const region of ['us-east-2', 'us-west-1', 'us-east-1', 'us-west-2', 'eu-west-1']) clients.clientsFor({ apiId: 'zzzzzzzzzz', region });
    // us-east-1 was used again, so us-east-2 and us-west-1 went first.
    expect(destroyed).toEqual(['us-east-2', 'us-west-1']);
    expect(clients.clientsFor({ apiId: 'zzzzzzzzzz', region: 'us-east-1' })).toBe(first);
    expect(create).toHaveBeenCalledTimes(5);
  });
});
