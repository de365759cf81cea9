import { describe, expect, it } from 'vitest';
import { parseApiTarget } from '../../../src/core/api/parse-api-target.ts';

const parse = (text: string) => parseApiTarget(text.split(/\s+/));

describe('parseApiTarget', () => {
  it('reads an id, in any case, with stage and region', () => {
    expect(parse('K7X2M9Q4TA prod eu-west-1')).toEqual({ ok: true, target: { kind: 'id', apiId: 'k7x2m9q4ta', stage: 'prod', region: 'eu-west-1' } });
  });

  it('reads a name and keeps its case', () => {
    expect(parse('Checkout-API prod')).toEqual({ ok: true, target: { kind: 'name', name: 'Checkout-API', stage: 'prod' } });
  });

  it('takes id, region, stage and route from an invoke URL, dropping the query', () => {
    expect(parse('https://k7x2m9q4ta.execute-api.eu-west-1.amazonaws.com/prod/orders/42?x=1#top')).toEqual({
      ok: true,
      target: { kind: 'invoke-url', apiId: 'k7x2m9q4ta', region: 'eu-west-1', stage: 'prod', route: '/orders/42' },
    });
    expect(parse('https://k7x2m9q4ta.execute-api.eu-west-1.amazonaws.com/prod')).toEqual({
      ok: true,
      target: { kind: 'invoke-url', apiId: 'k7x2m9q4ta', region: 'eu-west-1', stage: 'prod' },
    });
  });

  it('keeps a custom domain URL for the lookup, lowercasing the host', () => {
    expect(parse('https://API.example.com/v2/orders us-east-2')).toEqual({
      ok: true,
      target: { kind: 'domain-url', hostname: 'api.example.com', path: '/v2/orders', region: 'us-east-2' },
    });
  });

  it.each([
    ['', 'which API'],
    ['checkout-api', 'stage is missing'],
    ['check"out prod', 'neither an API id'],
    ['a1b2c3d4e5 prod; eu-west-1', 'not a stage name'],
    ['http://api.example.com/v2', 'https URLs only'],
    ['https://user:pw@api.example.com/', 'user name'],
    ['https://api.example.com:8443/v2', 'no port'],
    ['https://localhost/v2', 'not a DNS name'],
    ['https://10.0.0.1/v2', 'not a DNS name'],
    ['https://api.example.com/orders/%22%20OR%20', 'characters a route cannot have'],
    ["https://api.example.com/orders'", 'characters a route cannot have'],
    ['https://k7x2m9q4ta.execute-api.eu-west-1.amazonaws.com/', 'has no stage'],
    ['https://k7x2m9q4ta.execute-api.eu-west-1.amazonaws.com/prod us-east-1', 'not us-east-1'],
    ['https://s3.amazonaws.com/bucket', 'not an API Gateway invoke URL'],
    [`https://api.example.com/${'a'.repeat(1100)}`, 'too long'],
  ])('refuses %j', (text, problem) => {
    const parsed = parse(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
