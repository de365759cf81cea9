import { describe, expect, it } from 'vitest';
import { decideVerdict } from '../../../src/core/diagnosis/decide-verdict.ts';
import { isOnPath, pathResources, weighEvidence } from '../../../src/core/diagnosis/weigh-evidence.ts';
import type { ApiDescriptor } from '../../../src/core/api/api-descriptor.ts';
import type { ConfigFindings, Evidence } from '../../../src/core/evidence/types.ts';
import {
  change,
  changes,
  evidence,
  lambdaConfig,
  lambdaIntegration,
  logClass,
  logs,
  metrics,
  restApi,
  vpcLinkConfig,
  vpcLinkIntegration,
} from '../../fixtures/evidence-builders.ts';

const diagnose = (api: ApiDescriptor, ev: Evidence) => {
  const hypotheses = weighEvidence({ api, evidence: ev, steps: [], rejected: [] });
  return { hypotheses, verdict: decideVerdict(hypotheses, ev, api) };
};
const score = (api: ApiDescriptor, ev: Evidence, cause: string) => diagnose(api, ev).hypotheses.find((h) => h.cause === cause)?.score ?? 0;

describe('5xx that API Gateway passed on from the backend', () => {
  const vendor = {
    route: 'POST /geocode',
    type: 'HTTP_PROXY' as const,
    connectionType: 'INTERNET' as const,
    timeoutMs: 29_000,
    uri: 'https://geo.vendor.example.com/v1',
  };
  const passedOn = () => {
    const found = logs([logClass('other-5xx', 160, '(req-1) Method completed with status: 503')], { '503': 160 });
    found.endpoints = [{ method: 'POST', resource: '/geocode', requests: 450, errors5xx: 160, rate: 0.36, classes: { 'other-5xx': 160 } }];
    return found;
  };

  it('are the backend failing when an HTTP integration answers them quickly', () => {
    const { verdict, hypotheses } = diagnose(
      restApi([vendor]),
      evidence({ metrics: metrics({ integrationLatencyMax: 300 }), logs: passedOn(), changes: changes([]) }),
    );

    expect(verdict.cause).toBe('backend-error');
    expect(hypotheses.find((h) => h.cause === 'backend-error')?.evidence[0]?.summary).toMatch(
      /^160 requests on POST \/geocode ended in 5xx with no failure of API Gateway's own .*the backend's own status$/,
    );
  });

  it('say nothing about the backend behind a VPC link, where the load balancer answers 5xx of its own', () => {
    const linked = { ...vendor, connectionType: 'VPC_LINK' as const, vpcLinkId: 'vl0abc' };
    expect(
      score(restApi([linked]), evidence({ metrics: metrics({ integrationLatencyMax: 300 }), logs: passedOn(), changes: changes([]) }), 'backend-error'),
    ).toBe(0);
  });

  it('say nothing when the requests ran into the integration timeout', () => {
    expect(
      score(restApi([vendor]), evidence({ metrics: metrics({ integrationLatencyMax: 29_000 }), logs: passedOn(), changes: changes([]) }), 'backend-error'),
    ).toBe(0);
  });
});

describe('a permission that was put back before the run', () => {
  const removed = change({
    kind: 'lambda-permission',
    eventName: 'RemovePermission20150331v2',
    eventSource: 'lambda.amazonaws.com',
    time: '2026-11-22T09:39:00.000Z',
    resources: ['checkout-fn'],
    relatedToApi: true,
  });
  const restored = change({
    kind: 'lambda-permission',
    eventName: 'AddPermission20150331v2',
    eventSource: 'lambda.amazonaws.com',
    time: '2026-11-22T09:50:00.000Z',
    who: 'nina',
    resources: ['checkout-fn'],
    relatedToApi: true,
  });
  const failing = (list: ReturnType<typeof change>[]) =>
    evidence({
      metrics: metrics({ lambdaErrors: 0, lambdaInvocations: 6000 }),
      logs: logs([logClass('permission', 260, '(req-1) Execution failed due to configuration error: Invalid permissions on Lambda function')], { '500': 260 }),
      changes: changes(list),
      config: lambdaConfig('allowed'),
    });

  it('does not count the repaired policy against the permission failure', () => {
    const { verdict, hypotheses } = diagnose(restApi(), failing([removed, restored]));

    expect(verdict.cause).toBe('permission');
    const permission = hypotheses.find((h) => h.cause === 'permission');
    expect(permission?.against).toEqual([]);
    expect(permission?.evidence.map((e) => e.summary)).toContain(
      'checkout-fn lets API Gateway invoke it now, but only since AddPermission20150331v2 by nina 10 min after the onset: the permission was put back',
    );
  });

  it('still weighs a policy that allows the call when nothing put it back', () => {
    expect(score(restApi(), failing([removed]), 'permission')).toBeLessThan(score(restApi(), failing([removed, restored]), 'permission'));
  });
});

describe('a cut in the network just before a VPC link starts hanging', () => {
  const acl = change({
    kind: 'network-acl',
    eventName: 'ReplaceNetworkAclEntry',
    time: '2026-11-22T09:38:00.000Z',
    resources: ['acl-0d32'],
    summary: 'ReplaceNetworkAclEntry on acl-0d32: deny tcp 7000-7100',
  });
  const hanging = (config: ConfigFindings, list = [acl]) =>
    evidence({
      metrics: metrics({ integrationLatencyMax: 29_000 }),
      logs: logs([logClass('integration-timeout', 200, '(req-1) Execution failed due to a timeout error')], { '504': 200 }),
      changes: changes(list),
      config,
    });
  const unread = (): ConfigFindings => {
    const config = vpcLinkConfig(0, 0);
    config.integrations[0]!.vpcLink!.targetsComplete = false;
    return config;
  };

  it('is not a confident timeout when the targets’ health could not be read', () => {
    const { verdict } = diagnose(restApi([vpcLinkIntegration()]), hanging(unread()));
    expect(verdict.cause === 'timeout' && verdict.confidence >= 0.8).toBe(false);
    expect(score(restApi([vpcLinkIntegration()]), hanging(unread()), 'network')).toBeGreaterThan(0.4);
  });

  it('does not explain the timeout away when the targets were read and are healthy', () => {
    const healthy = vpcLinkConfig(0, 2);
    healthy.integrations[0]!.vpcLink!.targetsComplete = true;
    expect(diagnose(restApi([vpcLinkIntegration()]), hanging(healthy)).verdict.cause).toBe('timeout');
  });

  it('does not count a rule that only adds access', () => {
    const opened = { ...acl, kind: 'security-group' as const, eventName: 'AuthorizeSecurityGroupIngress' };
    expect(diagnose(restApi([vpcLinkIntegration()]), hanging(unread(), [opened])).verdict.cause).toBe('timeout');
  });
});

describe('a load balancer with nothing registered behind it', () => {
  it('is a network fault, and a deregistration recorded with another form of the target group ARN is on the path', () => {
    const config = vpcLinkConfig(0, 0);
    const link = config.integrations[0]!.vpcLink!;
    link.targetsComplete = true;
    link.targetGroupArns = ['arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/booking-blue/0123456789abcdef'];
    const deregistered = change({
      kind: 'load-balancer',
      eventName: 'DeregisterTargets',
      eventSource: 'elasticloadbalancing.amazonaws.com',
      time: '2026-11-22T09:39:00.000Z',
      resources: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/booking-blue/placeholder'],
    });
    const ev = evidence({
      metrics: metrics({ integrationLatencyMax: 20 }),
      logs: logs([logClass('other-5xx', 200, '(req-1) Method completed with status: 503')], { '503': 200 }),
      changes: changes([deregistered]),
      config,
    });

    expect(isOnPath(pathResources(ev), deregistered.resources[0]!)).toBe(true);
    expect(isOnPath(pathResources(ev), 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/booking-green/0123456789abcdef')).toBe(false);
    const { verdict } = diagnose(
      restApi([vpcLinkIntegration({ loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/booking-alb/1' })]),
      ev,
    );
    expect(verdict.cause).toBe('network');
    expect(verdict.where?.backend).toMatchObject({ kind: 'vpc-link', version: 'V2', targetGroupArn: link.targetGroupArns[0] });
    expect(verdict.where?.change).toMatchObject({ eventName: 'DeregisterTargets' });
  });
});

it('quotes the API’s own line for a crashing function when it already carries the error', () => {
  const apiLine = "(req-1) Lambda execution failed with status 200 due to customer function error: Cannot read properties of undefined (reading 'currency')";
  const ev = evidence({
    metrics: metrics({ lambdaErrors: 3000, lambdaInvocations: 12_000 }),
    logs: logs([logClass('function-error', 300, apiLine)], { '502': 300 }),
    changes: changes([]),
    config: lambdaConfig('allowed'),
    functionLogs: {
      functions: [
        {
          functionName: 'checkout-fn',
          logGroup: '/aws/lambda/checkout-fn',
          scanned: { events: 10, pages: 1, truncated: false },
          timeouts: 0,
          outOfMemory: 0,
          initFailures: 0,
          errors: [{ errorType: 'TypeError', errorMessage: "Cannot read properties of undefined (reading 'currency')", count: 300 }],
          samples: [{ timestamp: '2026-11-22T09:41:00.000Z', message: 'ERROR Invoke Error {"errorType":"TypeError"}' }],
        },
      ],
    },
  });
  expect(diagnose(restApi([lambdaIntegration()]), ev).verdict.where?.quote).toEqual({ source: 'logs', text: apiLine });
});

describe('evidence that cannot tell a hang from an unreachable target', () => {
  it('names no timeout when neither the targets’ health nor the changes could be read', () => {
    const config = vpcLinkConfig(0, 0);
    config.integrations[0]!.vpcLink!.targetsComplete = false;
    const ev = evidence({
      metrics: metrics({ integrationLatencyMax: 29_000 }),
      logs: logs([logClass('integration-timeout', 200, '(req-1) Execution failed due to a timeout error')], { '504': 200 }),
      changes: null,
      config,
    });
    expect(diagnose(restApi([vpcLinkIntegration()]), ev).verdict.cause).toBe('inconclusive');
    // With the changes read (and nothing cut), the timeout stands.
    expect(diagnose(restApi([vpcLinkIntegration()]), { ...ev, changes: changes([]) }).verdict.cause).toBe('timeout');
  });
});

it('does not hold a policy read after the 5xx stopped against the permission failure the logs show', () => {
  const m = metrics({ lambdaErrors: 0, lambdaInvocations: 6000 });
  for (const p of m.perMinute.slice(-3)) p.errors5xx = 0;
  const ev = evidence({
    metrics: m,
    logs: logs([logClass('permission', 260, '(req-1) Execution failed due to configuration error: Invalid permissions on Lambda function')], { '500': 260 }),
    changes: null,
    config: lambdaConfig('allowed'),
  });
  expect(diagnose(restApi(), ev).hypotheses.find((h) => h.cause === 'permission')?.against).toEqual([]);
  // Still failing: the policy read now is the one in force, and it argues against.
  const failing = { ...ev, metrics: metrics({ lambdaErrors: 0, lambdaInvocations: 6000 }) };
  expect(diagnose(restApi(), failing).hypotheses.find((h) => h.cause === 'permission')?.against).toHaveLength(1);
});

it('counts throttled invocations as the failures they are', () => {
  const m = metrics({ lambdaErrors: 0, lambdaInvocations: 9000, lambdaThrottles: 2000 });
  const ev = evidence({ metrics: m, logs: null, changes: changes([]), config: lambdaConfig('allowed') });
  const backend = diagnose(restApi(), ev).hypotheses.find((h) => h.cause === 'backend-error');
  expect(backend?.against).toEqual([]);
  expect(backend?.score).toBeGreaterThanOrEqual(0.45);
});

it('tells one backend failing two ways from a mixed incident', () => {
  const found = logs(
    [
      logClass('integration-timeout', 300, '(req-1) Execution failed due to a timeout error'),
      logClass('network', 120, '(req-2) Execution failed due to configuration error: There was an internal error while executing your request'),
    ],
    { '504': 300, '500': 120 },
  );
  found.endpoints = [
    { method: 'GET', resource: '/items', requests: 900, errors5xx: 300, rate: 0.33, classes: { 'integration-timeout': 300 } },
    { method: 'GET', resource: '/items/{id}', requests: 600, errors5xx: 120, rate: 0.2, classes: { network: 120 } },
  ];
  const ev = evidence({ metrics: metrics({ integrationLatencyMax: 29_000 }), logs: found, changes: null, config: vpcLinkConfig(3, 0) });
  const sameLink = restApi([vpcLinkIntegration({ route: 'GET /items' }), vpcLinkIntegration({ route: 'GET /items/{id}' })]);
  const { verdict } = diagnose(sameLink, ev);
  expect(verdict.cause).toBe('network');
  expect(verdict.summary).not.toMatch(/^Mixed incident/);
});

it('names the only route that reaches the failing function when no log counted routes', () => {
  const ev = evidence({ metrics: metrics({ lambdaErrors: 0, lambdaInvocations: 0 }), logs: null, changes: changes([]), config: lambdaConfig('missing') });
  const { verdict } = diagnose(restApi([lambdaIntegration(), { route: 'OPTIONS /checkout', type: 'MOCK', connectionType: 'INTERNET', timeoutMs: 29_000 }]), ev);
  expect(verdict.cause).toBe('permission');
  expect(verdict.where?.routes).toEqual([
    {
      route: 'POST /checkout',
      errors5xx: 1000,
      share: 1,
      evidence: [{ source: 'config', summary: 'the only route that reaches function checkout-fn; no log was read to count its requests' }],
    },
  ]);
  expect(verdict.summary).toContain('on POST /checkout, function checkout-fn');
  // Two routes on the function: which one fails cannot be told without logs.
  const two = restApi([lambdaIntegration(), lambdaIntegration({ route: 'GET /checkout' })]);
  expect(diagnose(two, ev).verdict.where?.routes).toEqual([]);
});

it('calls a busy API’s usual trickle of 5xx background, with the confidence the benchmark supports', () => {
  const m = metrics({ errorsPerMinute: 0, requestsPerMinute: 5000 });
  for (const p of m.perMinute) p.errors5xx = 1;
  m.totals = { ...m.totals, errors5xx: 60, rate: 60 / m.totals.requests };
  m.baseline = { requests: 300_000, errors5xx: 60, rate: 0.0002 };
  const { verdict } = diagnose(restApi(), evidence({ metrics: m, logs: null, changes: changes([]), config: null }));
  expect(verdict.cause).toBe('none');
  expect(verdict.confidence).toBe(0.92);
  expect(verdict.summary).toMatch(/^No 5xx incident: 60 5xx in 300000 requests/);
});
