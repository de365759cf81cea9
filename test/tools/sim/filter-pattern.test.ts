import { describe, expect, it } from 'vitest';
import { compileFilterPattern, FilterPatternError } from '../../../src/tools/sim/filter-pattern.ts';

const matches = (pattern: string, message: string) => compileFilterPattern(pattern)(message);

describe('compileFilterPattern', () => {
  it('matches everything with an empty pattern', () => {
    expect(matches('', 'anything')).toBe(true);
    expect(compileFilterPattern(undefined)('x')).toBe(true);
  });

  it('ANDs terms, ORs ?terms, excludes -terms, case-sensitively', () => {
    expect(matches('ERROR timeout', 'ERROR: timeout after 3s')).toBe(true);
    expect(matches('ERROR timeout', 'ERROR: crashed')).toBe(false);
    expect(matches('?"timeout error" ?"Malformed Lambda"', 'Execution failed due to a timeout error')).toBe(true);
    expect(matches('?"timeout error" ?"Malformed Lambda"', 'Method completed with status: 200')).toBe(false);
    expect(matches('"status: 5" -"status: 504"', 'Method completed with status: 502')).toBe(true);
    expect(matches('"status: 5" -"status: 504"', 'Method completed with status: 504')).toBe(false);
    expect(matches('error', 'ERROR')).toBe(false);
  });

  it('supports %regex% terms', () => {
    expect(matches('%status: 5\\d\\d%', 'Method completed with status: 503')).toBe(true);
    expect(matches('%status: 5\\d\\d%', 'Method completed with status: 200')).toBe(false);
  });

  it('evaluates JSON conditions with && and ||, on numbers and numeric strings', () => {
    const line = JSON.stringify({ status: '502', integrationLatency: 29001, route: 'POST /label', nested: { code: 'E1' } });
    expect(matches('{ $.status >= 500 }', line)).toBe(true);
    expect(matches('{ $.status = 502 && $.integrationLatency > 29000 }', line)).toBe(true);
    expect(matches('{ $.status = 200 || $.nested.code = "E*" }', line)).toBe(true);
    expect(matches('{ ($.status < 500) }', line)).toBe(false);
    expect(matches('{ $.missing = 1 }', line)).toBe(false);
    expect(matches('{ $.missing NOT EXISTS }', line)).toBe(true);
    expect(matches('{ $.status >= 500 }', 'not json at all')).toBe(false);
  });

  it('rejects what CloudWatch would reject', () => {
    expect(() => compileFilterPattern('{ $.status >= }')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('"unterminated')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('[ip, user, status]')).toThrow(FilterPatternError);
  });
});
