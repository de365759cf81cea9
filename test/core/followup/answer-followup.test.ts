import { describe, expect, it } from 'vitest';
import { answerFollowup } from '../../../src/core/followup/answer-followup.ts';
import { matchFollowupIntent } from '../../../src/core/followup/match-followup-intent.ts';
import { caseReport } from '../../adapters/slack/view-builders.ts';

const ask = (question: string, report = caseReport('network'), fixSteps: string[] = []) =>
  answerFollowup({ intent: matchFollowupIntent(question), report, phase: 'verdict', fixSteps });
const texts = (answer: ReturnType<typeof ask>) => answer.lines.map((l) => `${l.text}${l.code ? ` ${l.code}` : ''}`).join('\n');

describe('answerFollowup', () => {
  it('explains why the network verdict beat timeout, from the weighed evidence', () => {
    // Act
    const answer = ask('why not timeout?');
    // Assess
    expect(answer.title).toBe('Why network and not timeout');
    expect(texts(answer)).toMatch(/Scores: network \d\.\d\d, timeout \d\.\d\d/);
    expect(texts(answer)).toContain('What points to network instead:');
    expect(answer.rerun).toBeUndefined();
  });

  it('says plainly when nothing pointed to the cause asked about', () => {
    const answer = ask('why not permission?', caseReport('timeout'));
    expect(texts(answer)).toContain('Nothing in the recorded evidence pointed to permission.');
  });

  it('lists the security-group change before the onset, marked as on the path', () => {
    const answer = ask('what changed?');
    expect(answer.kind).toBe('changes');
    expect(texts(answer)).toContain('RevokeSecurityGroupIngress on sg-0orders by alice');
  });

  it('says there were no changes when CloudTrail showed none', () => {
    expect(texts(ask('what changed?', caseReport('timeout')))).toMatch(/^No write events/);
  });

  it('uses verdict.where routes when the report carries them', () => {
    // Prepare
    const report = caseReport('network');
    Object.assign(report.verdict, { where: { routes: [{ route: 'POST /orders', errors5xx: 320, share: 0.8, cause: 'network' }] } });
    // Act
    const answer = ask('which routes fail?', report);
    // Assess
    expect(answer.lines[0]?.text).toBe('POST /orders: 320 5xx (80 % of all 5xx) · network');
  });

  it('falls back to the per-endpoint figures of the access logs', () => {
    // Prepare
    const report = caseReport('network');
    report.evidence.logs!.endpoints = [
      { method: 'GET', resource: '/health', requests: 50, errors5xx: 0, rate: 0 },
      { method: 'POST', resource: '/orders', requests: 400, errors5xx: 100, rate: 0.25 },
    ];
    // Act
    const answer = ask('which routes fail?', report);
    // Assess
    expect(answer.lines.map((l) => l.text)).toEqual(['POST /orders: 100 5xx of 400 requests (25.0 %; 100 % of the 5xx)']);
  });

  it('shows the raw sample line of a log class verbatim', () => {
    const answer = ask('show samples for integration-timeout');
    expect(answer.lines[0]?.code).toBe('(req-2) Execution failed due to a timeout error');
    expect(texts(answer)).not.toContain('internal error');
  });

  it('turns "since 3h" into a re-run of 180 minutes, the only answer that reads AWS', () => {
    expect(ask('since 3h').rerun).toEqual({ sinceMinutes: 180 });
  });

  it('lists the runbook fix and the open checklist steps for "what next"', () => {
    const answer = ask('what next?', caseReport('network'), ['Restore the ingress rule', 'Check target health']);
    expect(texts(answer)).toContain('1. Restore the ingress rule');
    expect(texts(answer)).toContain('Checklist step still open: Call the backend directly');
    expect(texts(answer)).toContain('Verify fix');
  });

  it('answers an unknown question with the list of what it can answer', () => {
    const answer = ask('what is the weather like');
    expect(answer.kind).toBe('unknown');
    expect(answer.lines.map((l) => l.code)).toContain('since 3h');
  });

  it('waits for the verdict before answering from evidence', () => {
    const answer = answerFollowup({ intent: { kind: 'changes' }, report: null, phase: 'collecting' });
    expect(answer.title).toBe('No verdict yet');
  });
});
