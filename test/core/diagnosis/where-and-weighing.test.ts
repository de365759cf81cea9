import { describe, expect, it } from 'vitest';
import { decideVerdict } from '../../../src/core/diagnosis/decide-verdict.ts';
import { mixedRoutes, routeBreakdown } from '../../../src/core/diagnosis/route-breakdown.ts';
import { weighEvidence } from '../../../src/core/diagnosis/weigh-evidence.ts';
import type { Evidence, FunctionLogFinding } from '../../../src/core/evidence/types.ts';
import {
  change,
  changes,
  evidence,
  lambdaConfig,
  lambdaIntegration,
  logClass,
  logs,
  metrics,
  ONSET,
  restApi,
  vpcLinkConfig,
  vpcLinkIntegration,
} from '../../fixtures/evidence-builders.ts';

const diagnose = (api: ReturnType<typeof restApi>, ev: Evidence) => {
  const hypotheses = weighEvidence({ api, evidence: ev, steps: [], rejected: [] });
  return { hypotheses, verdict: decideVerdict(hypotheses, ev, api) };
};

function functionLog(overrides: Partial<FunctionLogFinding>): FunctionLogFinding {
  return {
    functionName: 'checkout-fn',
    logGroup: '/aws/lambda/checkout-fn',
    scanned: { events: 10, pages: 1, truncated: false },
    timeouts: 0,
    outOfMemory: 0,
    initFailures: 0,
    errors: [],
    samples: [],
    ...overrides,
  };
}

describe('a function that times out before the integration does', () => {
  // Function timeout 6 s, integration 29 s: Lambda counts each timeout as an error.
  const base = () =>
    evidence({
      metrics: {
        ...metrics({ integrationLatencyMax: 6_050, lambdaErrors: 1000, lambdaInvocations: 12_000 }),
        lambda: [{ functionName: 'checkout-fn', invocations: 12_000, errors: 1000, throttles: 0, durationMax: 6_000, durationP99: 6_000 }],
      },
      logs: logs(
        [
          logClass(
            'function-timeout',
            400,
            '(req-1) Lambda execution failed with status 200 due to customer function error: Task timed out after 6.00 seconds',
          ),
        ],
        {
          '502': 400,
        },
      ),
      changes: changes([]),
      config: lambdaConfig('allowed', 6),
    });

  it('is a timeout, with the Lambda errors counted as the timeouts they are, not as a second story', () => {
    const { verdict, hypotheses } = diagnose(restApi(), base());

    expect(verdict.cause).toBe('timeout');
    expect(verdict.confidence).toBeGreaterThanOrEqual(0.8);
    const backend = hypotheses.find((h) => h.cause === 'backend-error')!;
    expect(backend.evidence.some((e) => /Lambda reported/.test(e.summary))).toBe(false);
    expect(hypotheses[0]!.evidence.some((e) => /own timeouts: Duration max 6 s against its configured timeout of 6 s/.test(e.summary))).toBe(true);
  });

  it('is a timeout on metrics alone too: Duration at the configured timeout, no logs', () => {
    const ev = { ...base(), logs: null, missing: [{ source: 'logs' as const, reason: 'execution logging is off' }] };

    const { verdict } = diagnose(restApi(), ev);

    expect(verdict.cause).toBe('timeout');
  });

  it('quotes the function log line when it was read, and names the function', () => {
    const ev = {
      ...base(),
      functionLogs: {
        functions: [
          functionLog({
            timeouts: 40,
            timedOutAfterSeconds: 6,
            samples: [{ timestamp: ONSET, message: '2026-11-22T09:41:00Z 8f1c Task timed out after 6.00 seconds' }],
          }),
        ],
      },
    };

    const { verdict } = diagnose(restApi(), ev);

    expect(verdict.where?.quote).toEqual({ source: 'logs', text: '2026-11-22T09:41:00Z 8f1c Task timed out after 6.00 seconds' });
    expect(verdict.where?.backend).toMatchObject({ kind: 'lambda', functionName: 'checkout-fn' });
    expect(verdict.summary).toContain('function checkout-fn');
  });
});

it('reads a function still running past the integration timeout (Duration ≥ 29 s) as a timeout without logs', () => {
  const ev = evidence({
    metrics: {
      ...metrics({ integrationLatencyMax: 29_000, lambdaErrors: 0, lambdaInvocations: 12_000 }),
      lambda: [{ functionName: 'checkout-fn', invocations: 12_000, errors: 0, throttles: 0, durationMax: 48_000, durationP99: 41_000 }],
    },
    changes: changes([]),
    config: lambdaConfig('allowed', 60),
    missing: [{ source: 'logs', reason: 'execution logging is off' }],
  });

  const { verdict, hypotheses } = diagnose(restApi(), ev);

  expect(verdict.cause).toBe('timeout');
  expect(hypotheses[0]!.evidence.map((e) => e.summary).join('\n')).toMatch(/still running when API Gateway gave up/);
});

it('does not call a streamed route timing out for its long integration latency', () => {
  const api = restApi([lambdaIntegration({ responseTransferMode: 'STREAM' })]);
  const ev = evidence({ metrics: metrics({ integrationLatencyMax: 29_000 }), changes: changes([]), config: lambdaConfig('allowed', 900) });

  const { hypotheses } = diagnose(api, ev);

  const timeout = hypotheses.find((h) => h.cause === 'timeout')!;
  expect(timeout.against.some((e) => /STREAM/.test(e.summary))).toBe(true);
  expect(timeout.score).toBeLessThan(0.45);
});

it('says which alias lacks a policy of its own instead of "the function has no resource policy"', () => {
  const config = lambdaConfig('missing');
  config.integrations[0]!.lambda = {
    ...config.integrations[0]!.lambda!,
    qualifier: 'live',
    invokePermissionDetail: 'the function has no resource policy, so API Gateway is not allowed to invoke it',
  };
  const api = restApi([lambdaIntegration({ lambdaQualifier: 'live', lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:checkout-fn:live' })]);
  const ev = evidence({ metrics: metrics(), logs: logs([logClass('permission', 300)]), changes: changes([]), config });

  const { verdict, hypotheses } = diagnose(api, ev);

  expect(verdict.cause).toBe('permission');
  const text = hypotheses[0]!.evidence.map((e) => e.summary).join('\n');
  expect(text).toContain('checkout-fn:live: the alias "live" that the integration invokes has no resource policy of its own');
  expect(text).not.toContain('the function has no resource policy');
  expect(verdict.where?.backend).toEqual({
    kind: 'lambda',
    functionName: 'checkout-fn',
    qualifier: 'live',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:checkout-fn:live',
  });
});

describe('routes', () => {
  const routeLogs = () => ({
    ...logs([
      logClass('integration-timeout', 60, '(r1) Execution failed due to a timeout error'),
      logClass('permission', 40, '(r2) Invalid permissions on Lambda function'),
    ]),
    endpoints: [
      { method: 'GET', resource: '/orders/{id}', requests: 200, errors5xx: 60, rate: 0.3, classes: { 'integration-timeout': 60 } },
      { method: 'POST', resource: '/payments', requests: 50, errors5xx: 40, rate: 0.8, classes: { permission: 40 } },
      { method: 'GET', resource: '/health', requests: 500, errors5xx: 0, rate: 0 },
    ],
  });

  it('breaks the 5xx down per route with each route own cause', () => {
    const routes = routeBreakdown(evidence({ logs: routeLogs() }));

    expect(routes.map((r) => [r.route, r.share, r.cause])).toEqual([
      ['GET /orders/{id}', 0.6, 'timeout'],
      ['POST /payments', 0.4, 'permission'],
    ]);
    expect(mixedRoutes(routes)).toHaveLength(2);
  });

  it('reports a mixed incident: the cause behind most 5xx, each route with its own story', () => {
    const api = restApi([
      lambdaIntegration({ route: 'GET /orders/{id}', lambdaFunctionName: 'orders-fn', lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-fn' }),
      lambdaIntegration({ route: 'POST /payments', lambdaFunctionName: 'pay-fn', lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:pay-fn' }),
    ]);
    const ev = evidence({ metrics: metrics({ integrationLatencyMax: 29_000 }), logs: routeLogs(), changes: changes([]) });

    const { verdict } = diagnose(api, ev);

    expect(verdict.cause).toBe('timeout');
    expect(verdict.summary).toMatch(
      /^Mixed incident, 2 routes failing for different causes: GET \/orders\/\{id\} times out \(60 % of the 5xx\); POST \/payments may not invoke its function \(40 % of the 5xx\)/,
    );
    expect(verdict.where?.routes.map((r) => [r.route, r.cause])).toEqual([
      ['GET /orders/{id}', 'timeout'],
      ['POST /payments', 'permission'],
    ]);
    expect(verdict.where?.backend).toMatchObject({ kind: 'lambda', functionName: 'orders-fn' });
  });
});

it('names the VPC link, load balancer, unhealthy targets and the security-group change behind a network verdict', () => {
  const api = restApi([vpcLinkIntegration()]);
  const ev = evidence({
    metrics: metrics({ integrationLatencyMax: 29_000 }),
    logs: logs([logClass('integration-timeout', 300)], { '504': 300 }),
    changes: changes([
      change({
        kind: 'security-group',
        eventName: 'RevokeSecurityGroupIngress',
        resources: ['sg-0orders'],
        relatedToApi: true,
        who: 'maria',
        time: '2026-11-22T09:36:00.000Z',
        summary: 'RevokeSecurityGroupIngress on sg-0orders by maria: tcp 443 from 10.0.0.0/16',
      }),
    ]),
    config: vpcLinkConfig(2, 0),
  });

  const { verdict } = diagnose(api, ev);

  expect(verdict.cause).toBe('network');
  expect(verdict.where?.backend).toEqual({
    kind: 'vpc-link',
    vpcLinkId: 'vl0abc',
    version: 'V1',
    loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders-nlb/50dc6c495c0c9188',
    unhealthyTargets: [
      { id: 'i-bad0', port: 443, reason: 'Target.FailedHealthChecks' },
      { id: 'i-bad1', port: 443, reason: 'Target.FailedHealthChecks' },
    ],
    securityGroups: ['sg-0orders'],
  });
  expect(verdict.where?.change).toEqual({
    eventName: 'RevokeSecurityGroupIngress',
    resource: 'sg-0orders',
    who: 'maria',
    time: '2026-11-22T09:36:00.000Z',
    minutesBeforeOnset: 4,
    detail: 'RevokeSecurityGroupIngress on sg-0orders by maria: tcp 443 from 10.0.0.0/16',
  });
  expect(verdict.summary).toContain('VPC link vl0abc (V1), 2 unhealthy targets, after RevokeSecurityGroupIngress by maria 4 min before the onset');
});

describe('the target group behind a network verdict', () => {
  const TG_A = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-a/73e2d6bc24d8a067';
  const TG_B = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-b/83e2d6bc24d8a068';
  const failing = (config: ReturnType<typeof vpcLinkConfig>) =>
    diagnose(restApi([vpcLinkIntegration()]), evidence({ metrics: metrics({}), logs: logs([logClass('network', 300)], { '500': 300 }), config })).verdict;

  it('is the group whose targets are unhealthy', () => {
    const config = vpcLinkConfig(1, 1);
    const link = config.integrations[0]!.vpcLink!;
    link.targetGroupArns = [TG_A, TG_B];
    link.targets = [
      { ...link.targets[0]!, targetGroupArn: TG_B },
      { ...link.targets[1]!, targetGroupArn: TG_A },
    ];

    expect(failing(config).where?.backend).toMatchObject({ kind: 'vpc-link', targetGroupArn: TG_B });
  });

  it('is the group left without targets when none is unhealthy', () => {
    const config = vpcLinkConfig(0, 1);
    const link = config.integrations[0]!.vpcLink!;
    link.targetGroupArns = [TG_A, TG_B];
    link.targets = [{ ...link.targets[0]!, targetGroupArn: TG_A }];

    const verdict = failing(config);
    expect(verdict.cause).toBe('network');
    expect(verdict.where?.backend).toMatchObject({ kind: 'vpc-link', targetGroupArn: TG_B });
  });
});

it('never quotes a log line from a source that was not read', () => {
  const ev = evidence({ metrics: metrics({ integrationLatencyMax: 29_000 }), changes: changes([]), config: lambdaConfig('allowed', 60) });

  const { verdict } = diagnose(restApi(), ev);

  expect(verdict.where?.quote).toBeUndefined();
  expect(verdict.summary).not.toMatch(/Execution failed/);
});

it('gives none for 4xx only, but says what the 4xx spike is and the change before it', () => {
  const m = metrics({ errorsPerMinute: 0 });
  const ev = evidence({
    metrics: { ...m, clientErrors: { errors4xx: 900, baseline4xx: 12, onset: '2026-11-22T09:40:00.000Z' } },
    logs: logs([]),
    changes: changes([
      change({
        kind: 'api-stage',
        eventName: 'UpdateStage',
        relatedToApi: true,
        who: 'bob',
        time: '2026-11-22T09:38:00.000Z',
        summary: 'UpdateStage on prod by bob: WAF web ACL associated',
      }),
    ]),
  });

  const { verdict } = diagnose(restApi(), ev);

  expect(verdict.cause).toBe('none');
  expect(verdict.summary).toContain('But 4xx rose from 09:40 UTC: 900 in the window');
  expect(verdict.summary).toContain('a WAF rule (403), mutual TLS (403)');
  expect(verdict.summary).toContain('It began 2 min after UpdateStage by bob: UpdateStage on prod by bob: WAF web ACL associated.');
});
