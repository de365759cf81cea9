/**
 * A region must be one AWS has, not anything shaped like one: every accepted region costs a set of
 * SDK clients (issue 11, finding 9).
 */
import { describe, expect, it } from 'vitest';
import { regionSchema } from '../../../src/core/api/api-ref.ts';
import { parseDiagnoseCommand } from '../../../src/apps/bot/parse-diagnose-command.ts';

describe('regionSchema', () => {
  it.each(['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1', 'us-iso-east-1', 'il-central-1'])('accepts %s', (region) => {
    expect(regionSchema.safeParse(region).success).toBe(true);
  });

  it.each(['xx-word-1', 'us-east-9', 'eu-fake-3', 'ab-cdef-0', 'us-gov-fake-1', 'US-EAST-1', 'us-east-1 '])('refuses %s', (region) => {
    expect(regionSchema.safeParse(region).success).toBe(false);
  });

  it('refuses an invented region in the slash command before any AWS call', () => {
    const parsed = parseDiagnoseCommand('a1b2c3d4e5 prod xx-word-7');
    expect(parsed.ok).toBe(false);
  });
});
