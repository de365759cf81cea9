import { describe, expect, it } from 'vitest';
import { resolveStageVariables } from '../../../src/core/api/resolve-stage-variables.ts';

describe('resolveStageVariables', () => {
  it('replaces every reference with the stage value', () => {
    expect(resolveStageVariables('function:${stageVariables.fn}:${stageVariables.alias}', { fn: 'orders', alias: 'live' })).toEqual({
      value: 'function:orders:live',
      unresolved: [],
    });
  });

  it('leaves undefined references in place and names them once', () => {
    expect(resolveStageVariables('${stageVariables.a}/${stageVariables.a}/${stageVariables.b}', { b: 'x' })).toEqual({
      value: '${stageVariables.a}/${stageVariables.a}/x',
      unresolved: ['a'],
    });
  });

  it('does not treat inherited object keys as stage variables', () => {
    expect(resolveStageVariables('${stageVariables.constructor}', {}).unresolved).toEqual(['constructor']);
  });

  it('returns text without references unchanged', () => {
    expect(resolveStageVariables('https://example.com/$x', { x: 'y' })).toEqual({ value: 'https://example.com/$x', unresolved: [] });
  });
});
