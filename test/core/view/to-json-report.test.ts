import { describe, expect, it } from 'vitest';
import { jsonReportSchema, toJsonReport } from '../../../src/core/view/to-json-report.ts';
import { healthyReport, inconclusiveReport, networkReport, timeoutReport } from '../../helpers/sample-report.ts';

describe('toJsonReport', () => {
  it.each([
    ['timeout', timeoutReport],
    ['network', networkReport],
    ['none', healthyReport],
    ['inconclusive', inconclusiveReport],
  ])('produces a %s report that validates against the contract, also after a JSON round trip', (cause, build) => {
    const json = toJsonReport(build());

    expect(json.verdict.cause).toBe(cause);
    expect(jsonReportSchema.safeParse(json).error).toBeUndefined();
    expect(jsonReportSchema.safeParse(JSON.parse(JSON.stringify(json))).success).toBe(true);
  });

  it('describes the API and rounds the confidence to 2 decimals', () => {
    const json = toJsonReport(timeoutReport());

    expect(json.api).toEqual({ id: 'a1b2c3d4e5', type: 'rest', name: 'orders-api', stage: 'prod', region: 'eu-west-1' });
    expect(json.verdict).toEqual({
      cause: 'timeout',
      confidence: 0.87,
      summary: 'Integration latency sits at the 29 s timeout in 17 of 18 minutes with 5xx.',
      where: { routes: [] },
    });
    expect(json.window).toEqual({ start: '2026-03-04T10:00:00.000Z', end: '2026-03-04T10:30:00.000Z', baselineStart: '2026-03-04T09:30:00.000Z' });
  });

  it('carries verdict.where: routes with shares rounded, the backend, the change and a quote', () => {
    const report = timeoutReport();
    report.verdict.where = {
      routes: [
        { route: 'GET /orders/{id}', requests: 120, errors5xx: 41, share: 0.8723, cause: 'timeout', evidence: [{ source: 'logs', summary: '41 timeouts' }] },
        { route: 'POST /orders', errors5xx: 6, share: 0.1277 },
      ],
      backend: {
        kind: 'vpc-link',
        vpcLinkId: 'vl-1',
        version: 'V2',
        loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/orders/1',
        unhealthyTargets: [{ id: '10.0.1.5', port: 8080, reason: 'Target.Timeout' }],
        securityGroups: ['sg-0abc'],
      },
      change: {
        eventName: 'RevokeSecurityGroupIngress',
        resource: 'sg-0abc',
        who: 'alice',
        time: '2026-03-04T10:02:00.000Z',
        minutesBeforeOnset: 3,
        detail: 'tcp 8080 from 10.0.0.0/16 removed',
      },
      quote: { source: 'logs', text: 'Execution failed due to a timeout error' },
    };

    const json = toJsonReport(report);

    expect(jsonReportSchema.safeParse(JSON.parse(JSON.stringify(json))).error).toBeUndefined();
    expect(json.verdict.where.routes.map((r) => [r.route, r.share])).toEqual([
      ['GET /orders/{id}', 0.87],
      ['POST /orders', 0.13],
    ]);
    expect('cause' in json.verdict.where.routes[1]!).toBe(false);
    expect(json.verdict.where.backend).toEqual(report.verdict.where.backend);
    expect(json.verdict.where.change?.who).toBe('alice');
    expect(json.verdict.where.quote).toEqual({ source: 'logs', text: 'Execution failed due to a timeout error' });
  });

  it('orders hypotheses by score, best first, with evidence reduced to source and summary', () => {
    const json = toJsonReport(timeoutReport());

    expect(json.hypotheses.map((h) => [h.cause, h.score])).toEqual([
      ['timeout', 0.87],
      ['backend-error', 0.21],
      ['network', 0],
      ['permission', 0],
      ['format', 0],
    ]);
    expect(json.hypotheses[0]!.evidence[1]).toEqual({
      source: 'logs',
      summary: '41 log lines: integration timeout ("Execution failed due to a timeout error")',
    });
    expect(json.hypotheses[0]!.against).toEqual([{ source: 'changes', summary: 'no deployment of the function before the onset' }]);
    expect(json.hypotheses[0]!.confirm).toEqual(['call the function directly and time it']);
  });

  it('lists missing evidence and turns absent sources into null', () => {
    const json = toJsonReport(inconclusiveReport());

    expect(json.missing).toEqual([
      { source: 'logs', reason: 'execution logging is OFF for stage prod', fix: 'set the stage logging level to ERROR' },
      { source: 'changes', reason: 'access denied to cloudtrail:LookupEvents', fix: 'allow cloudtrail:LookupEvents for the role diagnose-502 runs as' },
      { source: 'config', reason: 'lambda:GetPolicy failed: ServiceException: boom' },
    ]);
    expect(json.evidence.logs).toBeNull();
    expect(json.evidence.metrics?.totals.errors5xx).toBe(90);
    expect(toJsonReport(healthyReport()).evidence.changes).toBeNull();
  });

  it('carries the checklist, and the rejected flag only where it is set', () => {
    const report = timeoutReport();
    report.hypotheses[0] = { ...report.hypotheses[0]!, rejected: true, score: 0 };

    const json = toJsonReport(report);

    expect(json.checklist.find((c) => c.id === 'direct-call')).toEqual({ id: 'direct-call', title: 'Direct call', kind: 'manual', status: 'pending' });
    expect(json.hypotheses.find((h) => h.cause === 'backend-error')!.rejected).toBe(true);
    expect('rejected' in json.hypotheses[0]!).toBe(false);
  });

  it('clamps scores outside 0..1 instead of breaking the contract', () => {
    const report = timeoutReport({ verdict: { cause: 'timeout', confidence: 1.2, summary: 's' } });
    report.hypotheses[0] = { ...report.hypotheses[0]!, score: Number.NaN };

    const json = toJsonReport(report);

    expect(json.verdict.confidence).toBe(1);
    expect(jsonReportSchema.safeParse(json).success).toBe(true);
  });
});

describe('jsonReportSchema', () => {
  it('rejects hypotheses out of order, unknown causes and extra keys', () => {
    const json = toJsonReport(timeoutReport());

    const swapped = { ...json, hypotheses: [...json.hypotheses].reverse() };
    expect(jsonReportSchema.safeParse(swapped).error?.issues[0]?.message).toBe('must be ordered by score, best first');
    expect(jsonReportSchema.safeParse({ ...json, verdict: { ...json.verdict, cause: 'gremlins' } }).success).toBe(false);
    expect(jsonReportSchema.safeParse({ ...json, extra: true }).success).toBe(false);
    expect(jsonReportSchema.safeParse({ ...json, verdict: { ...json.verdict, confidence: 0.873 } }).success).toBe(false);
  });
});
