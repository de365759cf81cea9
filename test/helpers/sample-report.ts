/**
 * Sample diagnosis reports for the renderer tests: one per verdict shape (a timeout, a network
 * failure after a security-group change, a healthy stage, an inconclusive run), each built from
 * realistic findings and open to targeted overrides.
 */
import type { ApiDescriptor } from '../../src/core/api/api-descriptor.ts';
import type { ChecklistItem, DiagnosisReport, Hypothesis } from '../../src/core/diagnosis/types.ts';
import type { Evidence, MetricsFindings, MinutePoint } from '../../src/core/evidence/types.ts';

export const SAMPLE_WINDOW = {
  start: '2026-03-04T10:00:00.000Z',
  end: '2026-03-04T10:30:00.000Z',
  baselineStart: '2026-03-04T09:30:00.000Z',
};
/** Minute 12 of the window. */
export const SAMPLE_ONSET = '2026-03-04T10:12:00.000Z';
export const SAMPLE_ONSET_INDEX = 12;

export function sampleApi(overrides: Partial<ApiDescriptor> = {}): ApiDescriptor {
  return {
    id: 'a1b2c3d4e5',
    type: 'rest',
    name: 'orders-api',
    region: 'eu-west-1',
    accountId: '123456789012',
    endpointType: 'REGIONAL',
    stage: {
      name: 'prod',
      executionLogging: 'ERROR',
      dataTraceEnabled: false,
      tracingEnabled: true,
      detailedMetricsEnabled: false,
      variables: {},
    },
    integrations: [
      {
        route: 'POST /checkout',
        type: 'AWS_PROXY',
        connectionType: 'INTERNET',
        timeoutMs: 29_000,
        lambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:checkout-fn',
        lambdaFunctionName: 'checkout-fn',
      },
    ],
    ...overrides,
  };
}

/** 30 minutes: quiet until the onset, then `errorsPerMinute` 5xx a minute. */
export function sampleMetrics(options: { errorsPerMinute?: number; latencyMax?: number; onset?: boolean } = {}): MetricsFindings {
  const { errorsPerMinute = 40, latencyMax = 29_000, onset = true } = options;
  const perMinute: MinutePoint[] = Array.from({ length: 30 }, (_, i) => {
    const failing = onset && i >= SAMPLE_ONSET_INDEX;
    return {
      t: new Date(Date.parse(SAMPLE_WINDOW.start) + i * 60_000).toISOString(),
      requests: 100,
      errors5xx: failing ? errorsPerMinute : 0,
      integrationLatencyP99: failing ? latencyMax : 180,
      integrationLatencyMax: failing ? latencyMax : 240,
    };
  });
  const errors5xx = perMinute.reduce((n, p) => n + p.errors5xx, 0);
  return {
    namespace: 'AWS/ApiGateway',
    errorMetric: '5XXError',
    dimensions: { ApiName: 'orders-api', Stage: 'prod' },
    perMinute,
    totals: { requests: 3000, errors5xx, rate: errors5xx / 3000, severity: errors5xx > 0 ? 'critical' : 'none' },
    baseline: { requests: 3000, errors5xx: 0, rate: 0 },
    ...(onset ? { onset: SAMPLE_ONSET } : {}),
    integrationLatency: { average: 9_400, p99: latencyMax, max: latencyMax + 1 },
    latencyAtTimeout: onset ? { timeoutMs: 29_000, minutesWithErrors: 18, minutesAtTimeout: 17, share: 17 / 18 } : undefined,
    lambda: [{ functionName: 'checkout-fn', invocations: 3000, errors: 0, throttles: 0, durationP99: 28_900, durationMax: 29_000 }],
  };
}

function checklist(overrides: Partial<Record<ChecklistItem['id'], Partial<ChecklistItem>>> = {}): ChecklistItem[] {
  const base: ChecklistItem[] = [
    { id: 'execution-logs', title: 'Execution logs', kind: 'automatic', status: 'done', result: '720 integration-timeout lines' },
    { id: 'direct-call', title: 'Direct call', kind: 'manual', status: 'pending' },
    { id: 'metrics', title: 'Metrics', kind: 'automatic', status: 'done', result: '5xx from 10:12, latency at 29 s' },
    { id: 'tracing', title: 'Tracing', kind: 'manual', status: 'pending' },
    { id: 'mapping-templates', title: 'Mapping templates', kind: 'manual', status: 'not-applicable' },
    { id: 'timeout-settings', title: 'Timeout settings', kind: 'automatic', status: 'done', result: 'function 60 s > integration 29 s' },
  ];
  return base.map((item) => ({ ...item, ...overrides[item.id] }));
}

function zero(cause: Hypothesis['cause']): Hypothesis {
  return { cause, score: 0, evidence: [], against: [], confirm: [] };
}

/** A Lambda integration whose latency sits at the 29 s timeout; the function may run for 60 s. */
export function timeoutReport(overrides: Partial<DiagnosisReport> = {}): DiagnosisReport {
  const evidence: Evidence = {
    metrics: sampleMetrics(),
    logs: {
      kind: 'execution-logs',
      logGroup: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod',
      scanned: { events: 4100, pages: 3, truncated: false, method: 'LogsInsights' },
      classes: [
        {
          category: 'integration-timeout',
          count: 41,
          firstSeen: '2026-03-04T10:12:04.000Z',
          lastSeen: '2026-03-04T10:29:51.000Z',
          samples: [{ timestamp: '2026-03-04T10:12:04.000Z', requestId: 'r-1', message: 'Execution failed due to a timeout error' }],
        },
        {
          category: 'function-error',
          count: 3,
          firstSeen: '2026-03-04T10:20:00.000Z',
          lastSeen: '2026-03-04T10:21:00.000Z',
          samples: [],
        },
      ],
      statusMix: { '500': 3, '504': 41 },
      endpoints: [
        { method: 'POST', resource: '/checkout', requests: 800, errors5xx: 44, rate: 0.055 },
        { method: 'GET', resource: '/orders/{id}', requests: 2200, errors5xx: 0, rate: 0 },
      ],
    },
    changes: {
      lookedAt: { start: '2026-03-04T08:30:00.000Z', end: '2026-03-04T10:30:00.000Z' },
      pages: 1,
      truncated: false,
      changes: [
        {
          time: '2026-03-04T10:05:00.000Z',
          eventName: 'UpdateFunctionConfiguration20150331v2',
          eventSource: 'lambda.amazonaws.com',
          kind: 'lambda-config',
          who: 'alice',
          resources: ['checkout-fn'],
          relatedToApi: true,
          minutesBeforeOnset: 7,
          summary: 'UpdateFunctionConfiguration on checkout-fn: timeout 60 s',
        },
      ],
    },
    config: {
      integrations: [
        {
          integration: sampleApi().integrations[0]!,
          lambda: {
            functionName: 'checkout-fn',
            timeoutSeconds: 60,
            memoryMb: 512,
            state: 'Active',
            invokePermission: 'allowed',
            invokePermissionDetail: 'statement apigw-invoke allows arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*',
          },
          risks: ['function timeout 60 s exceeds integration timeout 29 s'],
        },
      ],
    },
    missing: [],
  };
  return {
    api: sampleApi(),
    window: SAMPLE_WINDOW,
    verdict: { cause: 'timeout', confidence: 0.873, summary: 'Integration latency sits at the 29 s timeout in 17 of 18 minutes with 5xx.' },
    hypotheses: [
      {
        cause: 'backend-error',
        score: 0.21,
        evidence: [{ source: 'logs', summary: '3 customer function errors', weight: 0.2 }],
        against: [],
        confirm: ['Lambda Errors metric rises with the 5xx'],
      },
      {
        cause: 'timeout',
        score: 0.873,
        evidence: [
          { source: 'metrics', summary: 'integration latency reached the 29 s timeout in 17 of 18 minutes with 5xx', weight: 0.48 },
          { source: 'logs', summary: '41 log lines: integration timeout ("Execution failed due to a timeout error")', weight: 0.83 },
        ],
        against: [{ source: 'changes', summary: 'no deployment of the function before the onset', weight: 0.1 }],
        confirm: ['call the function directly and time it'],
      },
      zero('network'),
      zero('permission'),
      zero('format'),
    ],
    evidence,
    checklist: checklist(),
    steps: [],
    ...overrides,
  };
}

/** A VPC-link integration whose targets went unhealthy after a security-group change. */
export function networkReport(): DiagnosisReport {
  const api = sampleApi({
    type: 'http',
    name: 'inventory',
    id: 'f6g7h8i9j0',
    integrations: [{ route: 'ANY /inventory/{proxy+}', type: 'HTTP_PROXY', connectionType: 'VPC_LINK', timeoutMs: 30_000, vpcLinkId: 'vl0abc' }],
  });
  const base = timeoutReport();
  return {
    ...base,
    api,
    verdict: { cause: 'network', confidence: 0.78, summary: 'All VPC link targets turned unhealthy 3 minutes after a security-group rule was revoked.' },
    hypotheses: [
      {
        cause: 'network',
        score: 0.78,
        evidence: [{ source: 'config', summary: '0 of 3 targets behind vl0abc are healthy', weight: 0.6 }],
        against: [],
        confirm: ['describe-target-health shows every target unhealthy'],
      },
      { cause: 'timeout', score: 0.3, evidence: [], against: [{ source: 'config', summary: 'explained away by unhealthy targets', weight: 0.5 }], confirm: [] },
    ],
    evidence: {
      ...base.evidence,
      changes: {
        lookedAt: { start: '2026-03-04T08:30:00.000Z', end: '2026-03-04T10:30:00.000Z' },
        pages: 1,
        truncated: false,
        changes: [
          {
            time: '2026-03-04T10:09:00.000Z',
            eventName: 'RevokeSecurityGroupIngress',
            eventSource: 'ec2.amazonaws.com',
            kind: 'security-group',
            who: 'bob',
            resources: ['sg-0abc'],
            relatedToApi: true,
            minutesBeforeOnset: 3,
            summary: 'RevokeSecurityGroupIngress on sg-0abc: tcp 80 from 10.0.0.0/16',
          },
        ],
      },
      config: {
        integrations: [
          {
            integration: api.integrations[0]!,
            vpcLink: {
              id: 'vl0abc',
              status: 'AVAILABLE',
              loadBalancerArns: ['arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/inv/1'],
              securityGroups: ['sg-0abc'],
              targets: [{ id: '10.0.1.5', port: 80, state: 'unhealthy', reason: 'Target.FailedHealthChecks' }],
              healthy: 0,
              unhealthy: 3,
            },
            risks: [],
          },
        ],
      },
    },
  };
}

/** A stage that served everything: no 5xx, nothing to fix. */
export function healthyReport(): DiagnosisReport {
  const metrics = sampleMetrics({ onset: false });
  return {
    api: sampleApi(),
    window: SAMPLE_WINDOW,
    verdict: { cause: 'none', confidence: 0.95, summary: 'No 5xx above the baseline in the last 30 minutes.' },
    hypotheses: (['timeout', 'network', 'permission', 'format', 'backend-error'] as const).map(zero),
    evidence: { metrics, logs: null, changes: undefined, config: undefined, missing: [] },
    checklist: [],
    steps: [],
  };
}

/** Errors happen, but logs and changes could not be read: not enough to name a cause. */
export function inconclusiveReport(): DiagnosisReport {
  return {
    api: sampleApi(),
    window: SAMPLE_WINDOW,
    verdict: { cause: 'inconclusive', confidence: 0.31, summary: 'Errors are real, but the logs that would tell the causes apart could not be read.' },
    hypotheses: [
      {
        cause: 'timeout',
        score: 0.31,
        evidence: [{ source: 'metrics', summary: 'latency near the timeout in some minutes', weight: 0.3 }],
        against: [],
        confirm: ['read the execution logs for "timeout error"'],
      },
      {
        cause: 'backend-error',
        score: 0.28,
        evidence: [{ source: 'metrics', summary: '12 Lambda errors', weight: 0.28 }],
        against: [],
        confirm: ['read the function logs'],
      },
      zero('network'),
      zero('permission'),
      zero('format'),
    ],
    evidence: {
      metrics: sampleMetrics({ errorsPerMinute: 5, latencyMax: 14_000 }),
      logs: null,
      changes: null,
      config: null,
      missing: [
        { source: 'logs', reason: 'execution logging is OFF for stage prod', fix: 'set the stage logging level to ERROR' },
        { source: 'changes', reason: 'access denied to cloudtrail:LookupEvents', fix: 'allow cloudtrail:LookupEvents for the role diagnose-502 runs as' },
        { source: 'config', reason: 'lambda:GetPolicy failed: ServiceException: boom' },
      ],
    },
    checklist: checklist({ 'execution-logs': { status: 'skipped', result: undefined } }),
    steps: [],
  };
}
