import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesArnPattern, matchesWildcard } from '../../../src/core/evidence/match-iam-pattern.ts';

// Reference semantics, written the obvious way, to check the iterative matcher against.
function viaRegExp(pattern: string, value: string): boolean {
  const source = [...pattern].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`).test(value);
}

const alphabet = fc.constantFrom('a', 'b', '/', ':', '*', '?', '{', '}');
const text = fc.string({ unit: fc.constantFrom('a', 'b', '/', ':', '{', '}'), maxLength: 12 });
const pattern = fc.string({ unit: alphabet, maxLength: 10 });

describe('matchesWildcard', () => {
  it.each([
    ['abc/*', 'abc/prod/GET/users', true],
    ['abc/*/GET/*', 'abc/prod/POST/users', false],
    ['abc/prod/GET/users/?', 'abc/prod/GET/users/7', true],
    ['abc/prod/GET/users/?', 'abc/prod/GET/users/42', false],
    ['*', '', true],
    ['', 'x', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
  ])('%s against %s is %s', (p, v, expected) => {
    expect(matchesWildcard(p, v)).toBe(expected);
  });

  it('ignores case only when asked', () => {
    expect(matchesWildcard('lambda:invoke*', 'lambda:InvokeFunction')).toBe(false);
    expect(matchesWildcard('lambda:invoke*', 'lambda:InvokeFunction', { ignoreCase: true })).toBe(true);
  });

  it('agrees with a regular-expression reference', () => {
    fc.assert(
      fc.property(pattern, text, (p, v) => matchesWildcard(p, v) === viaRegExp(p, v)),
      { numRuns: 2000 },
    );
  });

  it('matches any value against itself when it holds no wildcard characters', () => {
    fc.assert(fc.property(text, (v) => matchesWildcard(v, v)));
  });

  it('matches when any slice of the value is replaced by a star', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (v, a, b) => {
        const start = a % (v.length + 1);
        const end = start + (b % (v.length - start + 1));
        return matchesWildcard(`${v.slice(0, start)}*${v.slice(end)}`, v);
      }),
    );
  });

  it('stays fast on patterns built to backtrack', () => {
    const started = performance.now();
    expect(matchesWildcard(`${'*a'.repeat(30)}b`, 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('matchesArnPattern', () => {
  const arn = 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/users/{id}';

  it.each([
    ['arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*', true],
    ['arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*', true],
    ['arn:aws:execute-api:*:*:a1b2c3d4e5/prod/GET/users/*', true],
    ['arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/POST/*', false],
    ['arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/*', false],
    ['arn:aws:execute-api:us-east-1:999999999999:a1b2c3d4e5/*', false],
    ['*', true],
  ])('%s is %s', (p, expected) => {
    expect(matchesArnPattern(p, arn)).toBe(expected);
  });

  it('never lets a wildcard cross a colon between ARN parts', () => {
    // As one string this would match; part by part the service is "*:us-east-1" against "execute-api".
    expect(matchesWildcard('arn:aws:*:123456789012:a1b2c3d4e5/*', arn)).toBe(true);
    expect(matchesArnPattern('arn:aws:*:123456789012:a1b2c3d4e5/*', arn)).toBe(false);
  });
});
