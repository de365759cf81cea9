import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandDedupKey } from '../../../src/apps/bot/command-dedup-key.ts';
import { parseDiagnoseCommand, usageText } from '../../../src/apps/bot/parse-diagnose-command.ts';

describe('parseDiagnoseCommand', () => {
  const id = (apiId: string, stage: string, region?: string) => ({
    ok: true,
    kind: 'target',
    target: { kind: 'id', apiId, stage, ...(region ? { region } : {}) },
  });
  it.each([
    ['a1b2c3d4e5 prod', id('a1b2c3d4e5', 'prod')],
    ['  a1b2c3d4e5   prod   eu-west-1 ', id('a1b2c3d4e5', 'prod', 'eu-west-1')],
    ['A1B2C3D4E5 Prod_v2', id('a1b2c3d4e5', 'Prod_v2')],
    // HTTP APIs' default stage.
    ['a1b2c3d4e5 $default', id('a1b2c3d4e5', '$default')],
    ['a1b2c3d4e5 prod us-gov-west-1', id('a1b2c3d4e5', 'prod', 'us-gov-west-1')],
    ['checkout-api prod', { ok: true, kind: 'target', target: { kind: 'name', name: 'checkout-api', stage: 'prod' } }],
    [
      'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders/42',
      { ok: true, kind: 'target', target: { kind: 'invoke-url', apiId: 'a1b2c3d4e5', region: 'eu-west-1', stage: 'prod', route: '/orders/42' } },
    ],
    ['https://api.example.com/v2/orders', { ok: true, kind: 'target', target: { kind: 'domain-url', hostname: 'api.example.com', path: '/v2/orders' } }],
    ['', { ok: true, kind: 'scan' }],
    ['scan', { ok: true, kind: 'scan' }],
    ['scan eu-west-1', { ok: true, kind: 'scan', region: 'eu-west-1' }],
  ])('reads %j', (text, expected) => {
    expect(parseDiagnoseCommand(text)).toEqual(expected);
  });

  it.each([
    ['help', /Tell me which API/],
    ['a1b2c3d4e5', /stage is missing/],
    ['a1b2c3d4e5 prod eu-west-1 x', /at most 3 values, got 4/],
    ['a1b2c3d4e5; prod', /neither an API id/],
    ['a1b2c3d4e5 prod;rm', /not a stage name/],
    ['a1b2c3d4e5 prod eu_west_1', /not an AWS region/],
    ['scan mars-1', /not an AWS region/],
    ['scan eu-west-1 more', /at most a region/],
    ['https://api.example.com/"x"', /characters a route cannot have/],
    ['x'.repeat(1101), /too long/],
  ])('refuses %j', (text, problem) => {
    const parsed = parseDiagnoseCommand(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });

  it('accepts only values that pass the strict patterns, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parsed = parseDiagnoseCommand(text);
        if (!parsed.ok) return;
        if (parsed.kind === 'scan') {
          if (parsed.region) expect(parsed.region).toMatch(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/);
          return;
        }
        const t = parsed.target;
        if ('stage' in t) expect(t.stage).toMatch(/^(\$default|[A-Za-z0-9_-]{1,128})$/);
        if (t.kind === 'id' || t.kind === 'invoke-url') expect(t.apiId).toMatch(/^[a-z0-9]{10}$/);
        if (t.kind === 'name') expect(t.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
        if (t.kind === 'domain-url') expect(t.path).toMatch(/^\/[A-Za-z0-9._~\-/{}+]*$/);
        if ('route' in t && t.route) expect(t.route).toMatch(/^\/[A-Za-z0-9._~\-/{}+]*$/);
      }),
    );
  });

  it('puts the problem above the usage', () => {
    expect(usageText('The stage is missing.')).toMatch(/^The stage is missing\.\nUsage: `\/diagnose-502 <api-id> <stage> \[region\]`/);
  });
});

describe('commandDedupKey', () => {
  const now = new Date('2026-11-22T10:00:10.000Z');
  const body = { team_id: 'T1', channel_id: 'C1', user_id: 'U1', command: '/diagnose-502', text: 'a1b2c3d4e5 prod' };

  it('uses team and trigger id when there is one, so a retry collides and a re-run does not', () => {
    expect(commandDedupKey({ ...body, trigger_id: '1.2.abc' }, now)).toBe('slack-command:T1:1.2.abc');
    expect(commandDedupKey({ ...body, trigger_id: '1.2.abc' }, now)).not.toBe(commandDedupKey({ ...body, trigger_id: '3.4.def' }, now));
  });

  it('falls back to a hash of the request within a one-minute window', () => {
    const a = commandDedupKey(body, now);
    expect(a).toMatch(/^slack-command:T1:h:[0-9a-f]{32}$/);
    expect(commandDedupKey(body, new Date('2026-11-22T10:00:50.000Z'))).toBe(a);
    expect(commandDedupKey(body, new Date('2026-11-22T10:01:10.000Z'))).not.toBe(a);
    expect(commandDedupKey({ ...body, user_id: 'U2' }, now)).not.toBe(a);
  });
});
