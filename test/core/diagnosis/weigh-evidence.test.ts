import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideVerdict } from '../../../src/core/diagnosis/decide-verdict.ts';
import { CAUSES, type Cause } from '../../../src/core/diagnosis/types.ts';
import { weighEvidence } from '../../../src/core/diagnosis/weigh-evidence.ts';
import {
  CASES,
  change,
  changes,
  evidence,
  lambdaConfig,
  logClass,
  logs,
  metrics,
  restApi,
  vpcLinkConfig,
  vpcLinkIntegration,
} from '../../fixtures/evidence-builders.ts';

const diagnose = (api: ReturnType<typeof restApi>, ev: ReturnType<typeof evidence>, rejected: Cause[] = []) => {
  const hypotheses = weighEvidence({ api, evidence: ev, steps: [], rejected });
  return { hypotheses, verdict: decideVerdict(hypotheses, ev) };
};

describe('weighEvidence + decideVerdict', () => {
  it.each(Object.keys(CASES) as (keyof typeof CASES)[])('names %s for the evidence of a %s incident', (cause) => {
    // Prepare
    const { api, evidence: ev } = CASES[cause]();

    // Act
    const { verdict, hypotheses } = diagnose(api, ev);

    // Assess
    expect(verdict.cause).toBe(cause);
    if (cause !== 'none') {
      expect(hypotheses[0]!.cause).toBe(cause);
      expect(verdict.confidence).toBeGreaterThan(0.5);
      expect(hypotheses[0]!.evidence.length).toBeGreaterThan(0);
    }
  });

  it('calls a timeout symptom on a VPC link with unhealthy targets after a security-group change a network cause', () => {
    const { api, evidence: ev } = CASES.network();
    const { hypotheses } = diagnose(api, ev);
    const timeout = hypotheses.find((h) => h.cause === 'timeout')!;
    const network = hypotheses.find((h) => h.cause === 'network')!;
    expect(network.score).toBeGreaterThan(timeout.score + 0.2);
    expect(timeout.against.map((a) => a.summary).join(' ')).toMatch(/explained by the network path/);
    expect(network.evidence.map((e) => e.summary).join(' ')).toMatch(/RevokeSecurityGroupIngress/);
  });

  it('keeps the timeout verdict when the same latency has no network explanation', () => {
    const api = restApi([vpcLinkIntegration()]);
    const ev = evidence({
      metrics: metrics({ integrationLatencyMax: 29_000 }),
      logs: logs([logClass('integration-timeout', 400)], { '504': 400 }),
      changes: changes([]),
      config: vpcLinkConfig(0, 3),
    });
    expect(diagnose(api, ev).verdict.cause).toBe('timeout');
  });

  it('does not blame a security-group change made long before the onset', () => {
    const { api, evidence: ev } = CASES.timeout();
    ev.changes = changes([change({ kind: 'security-group', eventName: 'RevokeSecurityGroupIngress', time: '2026-11-22T06:00:00.000Z' })]);
    const { verdict, hypotheses } = diagnose(api, ev);
    expect(verdict.cause).toBe('timeout');
    expect(hypotheses.find((h) => h.cause === 'network')!.evidence).toHaveLength(0);
  });

  it('ignores a change whose API call failed', () => {
    const { api, evidence: ev } = CASES.timeout();
    ev.changes = changes([change({ kind: 'lambda-permission', eventName: 'RemovePermission20150331v2', relatedToApi: true, errorCode: 'AccessDenied' })]);
    expect(diagnose(api, ev).hypotheses.find((h) => h.cause === 'permission')!.evidence).toHaveLength(0);
  });

  it('says none only when metrics were read and show no 5xx', () => {
    const { api, evidence: ev } = CASES.none();
    expect(diagnose(api, ev).verdict.cause).toBe('none');
    expect(diagnose(api, { ...ev, metrics: null, missing: [{ source: 'metrics', reason: 'access denied' }] }).verdict.cause).toBe('inconclusive');
  });

  it('is inconclusive with 5xx in the metrics and no other evidence', () => {
    const api = restApi();
    const ev = evidence({ metrics: metrics(), missing: [{ source: 'logs', reason: 'execution logging is off' }] });
    const { verdict } = diagnose(api, ev);
    expect(verdict.cause).toBe('inconclusive');
    expect(verdict.summary).toMatch(/logs/);
  });

  it('lowers confidence when a source the cause relies on is missing', () => {
    const { api, evidence: full } = CASES.permission();
    const partial = { ...full, changes: null, missing: [{ source: 'changes' as const, reason: 'access denied to cloudtrail:LookupEvents' }] };
    const a = diagnose(api, full).verdict;
    const b = diagnose(api, partial).verdict;
    expect(b.cause).toBe('permission');
    expect(b.confidence).toBeLessThan(a.confidence);
    expect(b.summary).toMatch(/without changes evidence/);
  });

  it('moves to the next hypothesis when the leader is ruled out', () => {
    const { api, evidence: ev } = CASES.network();
    const { hypotheses, verdict } = diagnose(api, ev, ['network']);
    expect(hypotheses.find((h) => h.cause === 'network')).toMatchObject({ score: 0, rejected: true });
    expect(verdict.cause).not.toBe('network');
  });

  it('lets a checklist answer refine the verdict', () => {
    const api = restApi();
    const ev = evidence({ metrics: metrics({ lambdaErrors: 600, lambdaInvocations: 12_000 }), changes: changes([]), config: lambdaConfig('allowed') });
    const before = weighEvidence({ api, evidence: ev, steps: [], rejected: [] });
    const after = weighEvidence({
      api,
      evidence: ev,
      steps: [{ step: 'direct-call', answer: 'fails-directly', by: 'U1', at: '2026-11-22T10:01:00Z' }],
      rejected: [],
    });
    const score = (hs: typeof before) => hs.find((h) => h.cause === 'backend-error')!.score;
    expect(score(after)).toBeGreaterThan(score(before));
    expect(decideVerdict(after, ev).cause).toBe('backend-error');
  });

  it('keeps every score within 0..1 and sorted, whatever the evidence', () => {
    const category = fc.constantFrom(
      ...([
        'integration-timeout',
        'function-timeout',
        'permission',
        'malformed-proxy-response',
        'function-error',
        'lambda-throttle',
        'network',
        'tls',
        'mapping-template',
        'other-5xx',
      ] as const),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(category, fc.integer({ min: 1, max: 5000 })), { maxLength: 6 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 100, max: 30_000 }),
        fc.constantFrom('allowed' as const, 'missing' as const, 'unknown' as const),
        fc.subarray([...CAUSES]),
        (classes, errorsPerMinute, latency, permission, rejected) => {
          const api = restApi();
          const ev = evidence({
            metrics: metrics({ errorsPerMinute, integrationLatencyMax: latency }),
            logs: logs(classes.map(([c, n]) => logClass(c, n))),
            config: lambdaConfig(permission),
          });
          const hs = weighEvidence({ api, evidence: ev, steps: [], rejected });
          const verdict = decideVerdict(hs, ev);
          expect(hs).toHaveLength(CAUSES.length);
          for (let i = 0; i < hs.length; i++) {
            expect(hs[i]!.score).toBeGreaterThanOrEqual(0);
            expect(hs[i]!.score).toBeLessThanOrEqual(1);
            if (i > 0) expect(hs[i - 1]!.score).toBeGreaterThanOrEqual(hs[i]!.score);
          }
          expect(verdict.confidence).toBeGreaterThanOrEqual(0);
          expect(verdict.confidence).toBeLessThanOrEqual(1);
          // A named cause is never one somebody ruled out.
          expect(rejected).not.toContain(verdict.cause);
        },
      ),
    );
  });
});
