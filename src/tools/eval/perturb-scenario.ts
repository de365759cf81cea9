import type { DecisiveSpec } from '../sim/scenario-expectation.ts';
import type { Rng } from './seeded-rng.ts';

/**
 * Perturbations of a corpus incident, applied to its raw YAML object (placeholders unfilled).
 * Each one changes what the diagnosis sees without changing what happened; the comment on each
 * says why the true cause survives it. Scenarios list in `expect.fragile` the ones they cannot
 * take (for example a format incident whose only proof is in the logs cannot lose its logs).
 */

// biome-ignore lint/suspicious/noExplicitAny: raw YAML before validation; the schema checks the result
type Raw = Record<string, any>;
type Segment = { from: number; to: number; value: number; rampTo?: number; jitter?: number };

export interface PerturbContext {
  raw: Raw;
  rng: Rng;
  /** Decisive keys still fair to expect; a perturbation that hides their source removes them. */
  decisive: DecisiveSpec;
}

export type Perturbation = (ctx: PerturbContext) => boolean;

const HISTORY_START = -180;
const API_COUNTERS = ['Count', '5XXError', '4XXError', '5xx', '4xx'];

// ---------------------------------------------------------------------------------------------
// identity: a fresh account id. Every ARN is written with {{account}}, so all of them move
// together; nothing in the incident depends on the number. (Each case gets its own account so
// that concurrent cases do not share CloudTrail's per-account rate limit.)

export function withAccount(raw: Raw, account: string): Raw {
  const old = String(raw.account ?? '123456789012');
  const moved = JSON.parse(JSON.stringify(raw).replaceAll(old, account)) as Raw;
  moved.account = account;
  return moved;
}

// ---------------------------------------------------------------------------------------------
// noise-changes: 1-4 writes to resources this API does not use (another team's bucket, role,
// table, security group, function or API), before the onset. They are changes, so the weighing
// must tell related from unrelated; they touch nothing on the request path, so the cause stands.

const UNRELATED_CHANGES: Array<(n: number) => Raw> = [
  (n) => ({
    eventName: 'PutBucketPolicy',
    eventSource: 's3.amazonaws.com',
    username: 'dana.whitfield',
    resources: [{ type: 'AWS::S3::Bucket', name: `analytics-exports-${n}` }],
    requestParameters: { bucketName: `analytics-exports-${n}` },
  }),
  (n) => ({
    eventName: 'AuthorizeSecurityGroupIngress',
    eventSource: 'ec2.amazonaws.com',
    role: 'platform-ci/terraform-apply',
    resources: [{ type: 'AWS::EC2::SecurityGroup', name: `sg-0ffe${String(n).padStart(4, '0')}a1b2c3d4e5` }],
    requestParameters: {
      groupId: `sg-0ffe${String(n).padStart(4, '0')}a1b2c3d4e5`,
      ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, ipRanges: { items: [{ cidrIp: '10.40.0.0/16' }] } }] },
    },
  }),
  (n) => ({
    eventName: 'UpdateFunctionConfiguration20150331v2',
    eventSource: 'lambda.amazonaws.com',
    role: 'data-pipeline-deployer/gh-actions',
    resources: [{ type: 'AWS::Lambda::Function', name: `etl-nightly-${n}` }],
    requestParameters: { functionName: `etl-nightly-${n}`, memorySize: 2048 },
  }),
  (n) => ({
    eventName: 'UpdateFunctionCode20150331v2',
    eventSource: 'lambda.amazonaws.com',
    role: 'data-pipeline-deployer/gh-actions',
    resources: [{ type: 'AWS::Lambda::Function', name: `report-builder-${n}` }],
    requestParameters: { functionName: `report-builder-${n}`, publish: true },
  }),
  (n) => ({
    eventName: 'PutParameter',
    eventSource: 'ssm.amazonaws.com',
    username: 'sam.ortiz',
    resources: [{ type: 'AWS::SSM::Parameter', name: `/billing/flags/${n}` }],
    requestParameters: { name: `/billing/flags/${n}`, type: 'String', overwrite: true },
  }),
  (n) => ({
    eventName: 'UpdateTable',
    eventSource: 'dynamodb.amazonaws.com',
    role: 'capacity-manager/autoscale',
    resources: [{ type: 'AWS::DynamoDB::Table', name: `sessions-${n}` }],
    requestParameters: { tableName: `sessions-${n}`, billingMode: 'PAY_PER_REQUEST' },
  }),
  (n) => ({
    eventName: 'CreateDeployment',
    eventSource: 'apigateway.amazonaws.com',
    role: 'web-team-deployer/release',
    resources: [{ type: 'AWS::ApiGateway::RestApi', name: `zz${String(n).padStart(8, '0')}` }],
    requestParameters: { restApiId: `zz${String(n).padStart(8, '0')}`, createDeploymentInput: { stageName: 'staging' } },
  }),
  (n) => ({
    eventName: 'ModifyTargetGroupAttributes',
    eventSource: 'elasticloadbalancing.amazonaws.com',
    role: 'platform-ci/terraform-apply',
    resources: [{ type: 'AWS::ElasticLoadBalancingV2::TargetGroup', name: `batch-workers-${n}` }],
    requestParameters: { targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:{{account}}:targetgroup/batch-workers-${n}/0123456789abcdef` },
  }),
];

export const noiseChanges: Perturbation = ({ raw, rng }) => {
  const onset = onsetOf(raw);
  raw.cloudtrail ??= [];
  const trail = raw.cloudtrail as Raw[];
  const count = rng.int(1, 4);
  for (let i = 0; i < count; i++) {
    const make = rng.pick(UNRELATED_CHANGES);
    // Anywhere from two hours before the onset to one minute before it.
    const at = Math.min(-1, rng.int(onset - 120, onset - 1));
    trail.push({ at, ...make(rng.int(1, 9999)) });
  }
  return true;
};

// ---------------------------------------------------------------------------------------------
// noise-logs: successful requests on a route that is not failing (and the function log lines of
// a healthy invocation). Success lines add volume, not failures, so no cause gains evidence.

export const noiseLogs: Perturbation = ({ raw, rng }) => {
  raw.logs ??= [];
  const logs = raw.logs as Raw[];
  const stage = (raw.api?.stages?.[0] ?? {}) as Raw;
  const count = rng.int(20, 200);
  const from = -rng.int(30, 60);
  if (raw.api?.type === 'rest' && (stage.executionLogging === 'INFO' || stage.executionLogging === undefined) && stage.executionLogging !== undefined) {
    logs.push({
      group: 'execution',
      from,
      to: 0,
      count,
      latencyMs: [15, 180],
      lines: [
        'Extended Request Id: {{extendedRequestId}}',
        'Starting execution for request: {{requestId}}',
        'HTTP Method: GET, Resource Path: /healthz',
        'Method request path: {}',
        'Successfully completed execution',
        'Method completed with status: 200',
      ],
    });
  } else if (stage.accessLog) {
    const json: Raw = {};
    for (const [key, variable] of accessLogKeys(String(stage.accessLog.format ?? ''))) json[key] = SUCCESS_VALUES[variable] ?? '-';
    if (Object.keys(json).length === 0) return false;
    logs.push({ group: 'access', from, to: 0, count, latencyMs: [15, 180], json });
  } else {
    return false;
  }
  return true;
};

const SUCCESS_VALUES: Record<string, string> = {
  requestId: '{{requestId}}',
  extendedRequestId: '{{extendedRequestId}}',
  'identity.sourceIp': '{{ip}}',
  requestTime: '{{requestTime}}',
  httpMethod: 'GET',
  routeKey: 'GET /healthz',
  resourcePath: '/healthz',
  path: '/healthz',
  status: '200',
  protocol: 'HTTP/1.1',
  responseLength: '17',
  responseLatency: '{{latency}}',
  integrationLatency: '{{latency}}',
  'integration.latency': '{{latency}}',
  integrationStatus: '200',
  'integration.integrationStatus': '200',
  'integration.status': '200',
  integrationErrorMessage: '-',
  'integration.error': '-',
  'error.message': '-',
  'error.responseType': '-',
};

/** `{"a":"$context.x","b":$context.y}` → [["a","x"],["b","y"]] (top-level keys only). */
function accessLogKeys(format: string): Array<[string, string]> {
  return [...format.matchAll(/"([^"]+)"\s*:\s*"?\$context\.([A-Za-z0-9_.]+)"?/g)].map((m) => [m[1] as string, m[2] as string]);
}

// ---------------------------------------------------------------------------------------------
// deny-*: a source the diagnosis may not read. The incident is the same; what can no longer be
// seen is dropped from the decisive expectation (a quote cannot come from unread logs).

export const denyLogs: Perturbation = ({ raw, decisive }) => {
  deny(raw, 'logs:*');
  delete decisive.quote;
  delete decisive.quoteSource;
  return true;
};

export const denyChanges: Perturbation = ({ raw, decisive }) => {
  deny(raw, 'cloudtrail:LookupEvents');
  delete decisive.changeEvent;
  delete decisive.changeBy;
  delete decisive.changeResource;
  // A security group named only by the change cannot be known without it.
  if (decisive.securityGroup && !JSON.stringify(raw.vpcLinks ?? []).includes(decisive.securityGroup)) delete decisive.securityGroup;
  return true;
};

export const denyConfig: Perturbation = ({ raw, rng, decisive }) => {
  const target = rng.pick(['lambda:GetPolicy', 'elasticloadbalancing:DescribeTargetHealth']);
  if (target === 'lambda:GetPolicy' && !(raw.lambdas ?? []).length) return false;
  if (target === 'elasticloadbalancing:DescribeTargetHealth' && !(raw.vpcLinks ?? []).length) return false;
  deny(raw, target);
  if (target.startsWith('elasticloadbalancing')) delete decisive.unhealthyTarget;
  return true;
};

function deny(raw: Raw, action: string): void {
  raw.denied ??= [];
  const denied = raw.denied as string[];
  if (!denied.includes(action)) denied.push(action);
}

// ---------------------------------------------------------------------------------------------
// throttle: the first one or two calls of a collector's API are throttled. The SDK retries with
// backoff, so the same evidence arrives, later.

export const throttle: Perturbation = ({ raw, rng }) => {
  const action = rng.pick([
    'logs:StartQuery',
    'logs:FilterLogEvents',
    'cloudtrail:LookupEvents',
    'cloudwatch:GetMetricData',
    'apigateway:GET',
    'lambda:GetPolicy',
  ]);
  raw.throttled ??= [];
  const list = raw.throttled as Raw[];
  list.push({ action, times: rng.int(1, 2) });
  return true;
};

// ---------------------------------------------------------------------------------------------
// traffic: the same incident at another volume, from 1 to 10,000 requests a minute. Every rate
// (5xx share, errors per invocation) and every latency is kept; counts are redrawn per minute
// (binomially, so a low-traffic minute has 0 or 1 failures, as it would). The volume is never
// set so low that the incident would leave fewer than about five 5xx: below that there is no
// incident left to diagnose, which would change the true cause.

export const traffic: Perturbation = ({ raw, rng }) => {
  const api = (raw.metrics?.api ?? {}) as Raw;
  const count = api.Count as Segment[] | undefined;
  if (!count) return false;
  const errorsKey = ['5XXError', '5xx', '4XXError', '4xx'].find((k) => api[k]) ?? '5XXError';
  const onset = onsetOf(raw);
  const end = raw.expect?.recoveredAt ?? 0;
  const baseRequests = valueAt(count, onset) ?? valueAt(count, 0) ?? 0;
  const incidentErrors = sumOver(api[errorsKey] as Segment[] | undefined, onset, end);
  if (baseRequests <= 0) return false;
  const shareOfRequests = incidentErrors / Math.max(1, baseRequests * (end - onset + 1));
  const minRate = Math.min(10_000, Math.max(1, Math.ceil(5 / Math.max(1e-6, shareOfRequests * (end - onset + 1)))));
  const target = Math.round(Math.exp(Math.log(minRate) + rng.next() * (Math.log(10_000) - Math.log(minRate))));
  const k = target / baseRequests;
  if (Math.abs(Math.log(k)) < 0.05) return false;

  // API counters: Count first, then each error series as a binomial share of it.
  const minutes = range(HISTORY_START, 0);
  const requests = minutes.map((m) => drawCount((valueAt(count, m) ?? 0) * k, rng));
  api.Count = toSegments(minutes, requests);
  const taken = requests.map(() => 0);
  for (const key of API_COUNTERS.filter((c) => c !== 'Count' && api[c])) {
    const series = api[key] as Segment[];
    const drawn = minutes.map((m, i) => {
      const base = valueAt(count, m) ?? 0;
      const share = base > 0 ? Math.min(1, (valueAt(series, m) ?? 0) / base) : 0;
      // 5xx and 4xx are different requests: together they never exceed the minute's requests.
      const n = Math.min((requests[i] ?? 0) - (taken[i] ?? 0), binomial(requests[i] ?? 0, share, rng));
      taken[i] = (taken[i] ?? 0) + n;
      return n;
    });
    api[key] = toSegments(minutes, drawn);
  }
  // Lambda counters: invocations scale with the API; errors stay a share of invocations.
  for (const metrics of Object.values((raw.metrics?.lambda ?? {}) as Record<string, Raw>)) {
    const inv = metrics.Invocations as Segment[] | undefined;
    const invocations = inv ? minutes.map((m) => drawCount((valueAt(inv, m) ?? 0) * k, rng)) : undefined;
    if (inv && invocations) metrics.Invocations = toSegments(minutes, invocations);
    for (const key of ['Errors', 'Throttles', 'ConcurrentExecutions']) {
      const series = metrics[key] as Segment[] | undefined;
      if (!Array.isArray(series)) continue;
      const drawn = minutes.map((m, i) => {
        const v = valueAt(series, m) ?? 0;
        const base = inv ? (valueAt(inv, m) ?? 0) : 0;
        if (key === 'Errors' && invocations && base > 0) return binomial(invocations[i] ?? 0, Math.min(1, v / base), rng);
        return drawCount(v * k, rng);
      });
      metrics[key] = toSegments(minutes, drawn);
    }
  }
  // Logs sample the requests; they follow the volume down fully and up by at most 3x, so that
  // the simulated log groups stay small enough to scan quickly.
  for (const entry of (raw.logs ?? []) as Raw[]) {
    const scaled = Math.round(Number(entry.count) * Math.min(3, k));
    entry.count = Math.max(1, Math.min(20_000, scaled));
  }
  return true;
};

// ---------------------------------------------------------------------------------------------
// shift: the same incident, earlier or later in the window (the onset lands between 57 and 3
// minutes ago). Every time moves by the same amount, so the order and the gaps between the
// change, the onset and the symptoms stay as they were; what ran "until now" still does.

export const shift: Perturbation = ({ raw, rng }) => {
  const onset = raw.expect?.onset as number | undefined;
  if (onset === undefined) return false;
  const recoveredAt = raw.expect?.recoveredAt as number | undefined;
  // A recovered incident keeps its length and must still have ended before now.
  const latest = recoveredAt === undefined ? -3 : Math.min(-3, -1 - (recoveredAt - onset));
  if (latest < -57) return false;
  const target = rng.int(-57, latest);
  const delta = target - onset;
  if (delta === 0) return false;
  moveTimes(raw, delta);
  raw.expect.onset = onset + delta;
  if (recoveredAt !== undefined) raw.expect.recoveredAt = recoveredAt + delta;
  return true;
};

function moveTimes(raw: Raw, delta: number): void {
  const moveSegments = (segments: Segment[]) =>
    segments
      .map((s) => {
        const from = s.from <= HISTORY_START + 10 ? s.from : s.from + delta;
        const to = s.to === 0 ? 0 : Math.min(0, s.to + delta);
        return { ...s, from: Math.min(from, 0), to };
      })
      .filter((s) => s.from <= s.to && s.from <= 0);
  const moveSeries = (series: Segment[] | Record<string, Segment[]>) => {
    if (Array.isArray(series)) return moveSegments(series);
    return Object.fromEntries(Object.entries(series).map(([stat, segs]) => [stat, moveSegments(segs)]));
  };
  const api = (raw.metrics?.api ?? {}) as Raw;
  for (const key of Object.keys(api)) api[key] = moveSeries(api[key]);
  for (const metrics of Object.values((raw.metrics?.lambda ?? {}) as Record<string, Raw>))
    for (const key of Object.keys(metrics)) metrics[key] = moveSeries(metrics[key]);
  raw.logs = ((raw.logs ?? []) as Raw[])
    .map((entry) => {
      const span = entry.to - entry.from + 1;
      const from = entry.from <= HISTORY_START + 10 ? entry.from : entry.from + delta;
      const to = entry.to === 0 ? 0 : Math.min(0, entry.to + delta);
      if (from > to) return undefined;
      // Keep the request rate: a window that grows or shrinks holds proportionally more or fewer.
      const count = Math.max(1, Math.min(20_000, Math.round((Number(entry.count) * (to - from + 1)) / span)));
      return { ...entry, from, to, count };
    })
    .filter((e) => e !== undefined);
  raw.cloudtrail = ((raw.cloudtrail ?? []) as Raw[])
    .map((e) => (e.at === undefined ? e : { ...e, at: e.at + delta }))
    .filter((e) => e.at === undefined || e.at <= 0);
  const moveMinute = (v: unknown) => (typeof v === 'number' && v > -24 * 60 ? Math.min(0, v + delta) : v);
  for (const stage of (raw.api?.stages ?? []) as Raw[]) if (stage.lastUpdated !== undefined) stage.lastUpdated = moveMinute(stage.lastUpdated);
  for (const fn of (raw.lambdas ?? []) as Raw[]) if (fn.lastModified !== undefined) fn.lastModified = moveMinute(fn.lastModified);
}

// ---------------------------------------------------------------------------------------------
// recover: the incident stopped a few minutes before the run; every series goes back to its
// value just before the onset and the failure logs stop. Applied only to incidents that end on
// their own without a configuration change (a load spike, a failing dependency), so the
// configuration the diagnosis reads is still the one that caused them.

export const recover: Perturbation = ({ raw, rng }) => {
  const onset = raw.expect?.onset as number | undefined;
  if (onset === undefined || raw.expect?.recoveredAt !== undefined) return false;
  if (!['timeout', 'backend-error'].includes(String(raw.expectedCause))) return false;
  const duration = -onset;
  if (duration < 8) return false;
  const ended = -rng.int(2, Math.min(12, duration - 6));
  const restore = (segments: Segment[]) => {
    const before = [...segments].reverse().find((s) => onset - 1 >= s.from && onset - 1 <= s.to);
    if (!before) return segments;
    const value = valueAt(segments, onset - 1) ?? before.value;
    return [...segments, { from: ended + 1, to: 0, value, ...(before.jitter ? { jitter: before.jitter } : {}) }];
  };
  const restoreSeries = (series: Segment[] | Record<string, Segment[]>) =>
    Array.isArray(series) ? restore(series) : Object.fromEntries(Object.entries(series).map(([stat, segs]) => [stat, restore(segs)]));
  const api = (raw.metrics?.api ?? {}) as Raw;
  for (const key of Object.keys(api)) api[key] = restoreSeries(api[key]);
  for (const metrics of Object.values((raw.metrics?.lambda ?? {}) as Record<string, Raw>))
    for (const key of Object.keys(metrics)) metrics[key] = restoreSeries(metrics[key]);
  // Log entries that start with the incident are the incident's requests: they end with it.
  raw.logs = ((raw.logs ?? []) as Raw[])
    .map((entry) => {
      if (entry.from < onset - 1 || entry.to < ended) return entry;
      if (entry.from > ended) return undefined;
      const count = Math.max(1, Math.round((Number(entry.count) * (ended - entry.from + 1)) / (entry.to - entry.from + 1)));
      return { ...entry, to: ended, count };
    })
    .filter((e) => e !== undefined);
  raw.expect.recoveredAt = ended;
  return true;
};

// ---------------------------------------------------------------------------------------------
// helpers

/** The declared onset, or the first minute any 5xx/4xx series rises above its starting value. */
export function onsetOf(raw: Raw): number {
  if (typeof raw.expect?.onset === 'number') return raw.expect.onset;
  const api = (raw.metrics?.api ?? {}) as Raw;
  for (const key of ['5XXError', '5xx', '4XXError', '4xx']) {
    const series = api[key] as Segment[] | undefined;
    if (!Array.isArray(series)) continue;
    const base = valueAt(series, HISTORY_START) ?? 0;
    for (let m = HISTORY_START; m <= 0; m++) if ((valueAt(series, m) ?? 0) > base * 2 + 1) return m;
  }
  return -20;
}

/** A segment list's value at minute m, later segments winning, without jitter. */
export function valueAt(series: Segment[] | Record<string, Segment[]> | undefined, m: number): number | undefined {
  const segments = Array.isArray(series) ? series : series ? (Object.values(series)[0] ?? []) : [];
  let found: Segment | undefined;
  for (const s of segments) if (m >= s.from && m <= s.to) found = s;
  if (!found) return undefined;
  const span = found.to - found.from;
  return found.rampTo === undefined || span === 0 ? found.value : found.value + ((found.rampTo - found.value) * (m - found.from)) / span;
}

function sumOver(series: Segment[] | undefined, from: number, to: number): number {
  let total = 0;
  for (let m = from; m <= to; m++) total += valueAt(series, m) ?? 0;
  return total;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let m = from; m <= to; m++) out.push(m);
  return out;
}

/** A whole number of events whose mean is `mean` (floor plus a Bernoulli remainder). */
function drawCount(mean: number, rng: Rng): number {
  const whole = Math.floor(mean);
  return whole + (rng.next() < mean - whole ? 1 : 0);
}

/** Binomial(n, p): exact draws for small n, a rounded normal approximation for large n. */
function binomial(n: number, p: number, rng: Rng): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n < 60) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) k++;
    return k;
  }
  const u = Math.max(1e-12, rng.next());
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  return Math.min(n, Math.max(0, Math.round(n * p + z * Math.sqrt(n * p * (1 - p)))));
}

/** Per-minute values back to segments, merging runs of equal values. */
function toSegments(minutes: number[], values: number[]): Segment[] {
  const out: Segment[] = [];
  minutes.forEach((m, i) => {
    const v = values[i] ?? 0;
    const last = out.at(-1);
    if (last && last.value === v && last.to === m - 1) last.to = m;
    else out.push({ from: m, to: m, value: v });
  });
  return out;
}
