import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveApiTarget } from '../../../src/adapters/aws/resolve-api-target.ts';
import { parseApiTarget } from '../../../src/core/api/parse-api-target.ts';
import { AmbiguousApiError, ApiNotFoundError } from '../../../src/core/errors/diagnose-error.ts';
import { scenarioSchema } from '../../../src/tools/sim/scenario-schema.ts';
import type { SimDirectory } from '../../../src/tools/sim/sim-directory.ts';
import { startDiscoverySim, type DiscoverySim } from './discovery-sim.ts';

const api = (type: 'rest' | 'http', id: string, name: string, createdAt: number, region = 'us-east-1') =>
  scenarioSchema.parse({
    id: `named-${id}`,
    title: name,
    description: name,
    expectedCause: 'none',
    region,
    api:
      type === 'rest'
        ? { type, id, name, createdAt, stages: [{ name: 'prod' }], resources: [{ path: '/orders', methods: { GET: { integration: { type: 'MOCK' } } } }] }
        : {
            type,
            id,
            name,
            createdAt,
            stages: [{ name: 'prod' }],
            routes: [{ key: 'GET /orders', integration: { type: 'HTTP_PROXY', uri: 'https://b.example.com' } }],
          },
  });

const SCENARIOS = [
  api('rest', 'chkrest001', 'checkout-api', -120_000),
  api('http', 'chkhttp001', 'checkout-api', -10_000),
  api('rest', 'payrest001', 'payments', -5_000),
  api('http', 'invhttp001', 'inventory', -4_000),
  api('rest', 'eurest0001', 'billing', -40_000, 'eu-west-1'),
];

const DIRECTORY: SimDirectory = {
  alarms: [],
  domains: [
    {
      name: 'api.example.com',
      region: 'us-east-1',
      apiMappings: [{ key: 'inventory', apiId: 'invhttp001', stage: 'prod' }],
      basePathMappings: [{ basePath: 'pay', restApiId: 'payrest001', stage: 'prod' }],
    },
    {
      name: 'shop.example.com',
      region: 'us-east-1',
      routingMode: 'ROUTING_RULE_THEN_API_MAPPING',
      routingRules: [
        { priority: 1, basePaths: ['beta'], headers: [{ header: 'x-beta', valueGlob: '1' }], apiId: 'chkhttp001', stage: 'prod' },
        { priority: 5, basePaths: ['v2'], apiId: 'chkhttp001', stage: 'prod', stripBasePath: true },
      ],
      apiMappings: [{ key: '', apiId: 'chkrest001', stage: 'prod' }],
    },
    {
      name: 'rules.example.com',
      region: 'us-east-1',
      routingMode: 'ROUTING_RULE_ONLY',
      routingRules: [{ priority: 1, basePaths: ['v1'], apiId: 'payrest001', stage: 'prod' }],
    },
  ],
};

describe('resolveApiTarget against the simulated account', () => {
  let world: DiscoverySim;
  beforeAll(async () => {
    world = await startDiscoverySim({ scenarios: SCENARIOS, directory: DIRECTORY });
  });
  afterAll(() => world.close());

  const resolve = (text: string) => {
    const parsed = parseApiTarget(text.split(' '));
    if (!parsed.ok) throw new Error(parsed.problem);
    return resolveApiTarget(parsed.target, { clientsFor: world.clientsFor, defaultRegion: 'us-east-1' });
  };

  it('finds a unique name, REST or HTTP, and checks the region typed', async () => {
    await expect(resolve('payments prod')).resolves.toMatchObject({
      ref: { apiId: 'payrest001', stage: 'prod', region: 'us-east-1' },
      type: 'rest',
      via: 'name',
    });
    await expect(resolve('Inventory prod')).resolves.toMatchObject({ ref: { apiId: 'invhttp001' }, type: 'http' });
    await expect(resolve('billing prod eu-west-1')).resolves.toMatchObject({ ref: { apiId: 'eurest0001', region: 'eu-west-1' } });
  });

  it('lists every candidate of an ambiguous name, oldest first, and picks none', async () => {
    const error = await resolve('checkout-api prod').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousApiError);
    const ambiguous = error as AmbiguousApiError;
    expect(ambiguous.code).toBe('api_ambiguous');
    expect(ambiguous.candidates.map((c) => [c.id, c.type])).toEqual([
      ['chkrest001', 'rest'],
      ['chkhttp001', 'http'],
    ]);
    expect(ambiguous.message).toMatch(/2 APIs in us-east-1 are named "checkout-api"/);
    expect(ambiguous.message).toMatch(/chkrest001 {2}REST {2}created \d{4}-\d{2}-\d{2}/);
  });

  it('says plainly when no API has the name', async () => {
    await expect(resolve('billing prod')).rejects.toThrow(ApiNotFoundError);
    await expect(resolve('billing prod')).rejects.toThrow(/No REST or HTTP API named "billing" in us-east-1/);
  });

  it('takes everything from an invoke URL, without calling AWS', async () => {
    world.sim.resetCalls();
    await expect(resolve('https://k7x2m9q4ta.execute-api.eu-west-1.amazonaws.com/prod/orders/42')).resolves.toEqual({
      ref: { apiId: 'k7x2m9q4ta', stage: 'prod', region: 'eu-west-1', route: '/orders/42' },
      via: 'invoke URL',
    });
    expect(world.sim.calls).toEqual([]);
  });

  it('follows v2 API mappings and v1 base path mappings of a custom domain to API, stage and route', async () => {
    await expect(resolve('https://api.example.com/inventory/items/7')).resolves.toMatchObject({
      ref: { apiId: 'invhttp001', stage: 'prod', route: '/items/7' },
      via: 'API mapping on api.example.com',
    });
    await expect(resolve('https://api.example.com/pay/charges')).resolves.toMatchObject({ ref: { apiId: 'payrest001', route: '/charges' }, type: 'rest' });
  });

  it('applies routing rules first, skipping header rules, then the mappings', async () => {
    await expect(resolve('https://shop.example.com/v2/cart')).resolves.toMatchObject({
      ref: { apiId: 'chkhttp001', route: '/cart' },
      via: 'routing rule on shop.example.com',
    });
    await expect(resolve('https://shop.example.com/beta/cart')).resolves.toMatchObject({ ref: { apiId: 'chkrest001', route: '/beta/cart' } });
    await expect(resolve('https://rules.example.com/v2/x')).rejects.toThrow(/No API mapping or routing rule of rules.example.com serves \/v2\/x/);
  });

  it('refuses unknown domains and unmapped paths with a clear message', async () => {
    await expect(resolve('https://nope.example.com/v2')).rejects.toThrow(/nope.example.com is not an API Gateway custom domain in us-east-1/);
    await expect(resolve('https://api.example.com/other')).rejects.toThrow(/No API mapping or routing rule of api.example.com serves \/other/);
  });
});
