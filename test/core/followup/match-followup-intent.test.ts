import { describe, expect, it } from 'vitest';
import { matchFollowupIntent } from '../../../src/core/followup/match-followup-intent.ts';

describe('matchFollowupIntent', () => {
  it.each([
    ['<@U0DIAGBOT> why not timeout?', { kind: 'why-not', cause: 'timeout' }],
    ['why network and not a timeout', { kind: 'why-not', cause: 'timeout' }],
    ["why isn't it permission?", { kind: 'why-not', cause: 'permission' }],
    ['why not the security group', { kind: 'why-not', cause: 'network' }],
    ['why backend-error?', { kind: 'why-not', cause: 'backend-error' }],
    ['why?', { kind: 'why-not' }],
    ['what changed before the onset?', { kind: 'changes' }],
    ['any deploys?', { kind: 'changes' }],
    ['<@U0DIAGBOT> which routes fail?', { kind: 'routes' }],
    ['what endpoints are failing', { kind: 'routes' }],
    ['show the log samples for POST /orders', { kind: 'samples', route: 'POST /orders' }],
    ['show samples for integration-timeout', { kind: 'samples', category: 'integration-timeout' }],
    ['show me logs for /items', { kind: 'samples', route: '/items' }],
    ['since 3h', { kind: 'rerun', sinceMinutes: 180 }],
    ['re-run with 90m please', { kind: 'rerun', sinceMinutes: 90 }],
    ['rerun over the last 2 hours', { kind: 'rerun', sinceMinutes: 120 }],
    ['since 3d', { kind: 'bad-window', asked: '3d' }],
    ['since 2m', { kind: 'bad-window', asked: '2m' }],
    ['what should I do next?', { kind: 'next' }],
    ['how do we fix it', { kind: 'next' }],
    ['help', { kind: 'help' }],
    ['<@U0DIAGBOT>', { kind: 'help' }],
    ['what is the weather like', { kind: 'unknown' }],
    ['thanks!', { kind: 'unknown' }],
  ])('reads %j', (text, expected) => {
    expect(matchFollowupIntent(text)).toEqual(expected);
  });

  it('does not take "what changed in the last 3 hours" for a re-run', () => {
    expect(matchFollowupIntent('what changed in the last 3 hours?')).toEqual({ kind: 'changes' });
  });
});
