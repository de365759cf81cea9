import { describe, expect, it } from 'vitest';
import { FUNCTION_FAILURE_FILTER } from '../../../src/adapters/aws/collect-function-logs.ts';
import { EXECUTION_FAILURE_FILTER } from '../../../src/adapters/aws/scan-execution-logs.ts';
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

  it('matches the patterns the collectors send', () => {
    expect(matches(EXECUTION_FAILURE_FILTER, 'Execution failed due to a timeout error')).toBe(true);
    expect(matches(EXECUTION_FAILURE_FILTER, 'Method completed with status: 200')).toBe(false);
    expect(matches(FUNCTION_FAILURE_FILTER, '2026-11-22T09:41:00.000Z abc Task timed out after 6.00 seconds')).toBe(true);
    expect(matches(FUNCTION_FAILURE_FILTER, 'START RequestId: abc Version: $LATEST')).toBe(false);
  });

  it('rejects what CloudWatch would reject', () => {
    expect(() => compileFilterPattern('{ $.status >= }')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('"unterminated')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('[ip, user, status]')).toThrow(FilterPatternError);
  });

  it('refuses the pattern kinds it does not simulate instead of matching them wrongly', () => {
    expect(() => compileFilterPattern('{ $.status >= 500 }')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('%status: 5\\d\\d%')).toThrow(FilterPatternError);
  });
});
