/**
 * Findings: what each evidence collector returns. Plain, JSON-serialisable data with ISO-8601
 * timestamps, so a finding can be persisted in a machine snapshot, weighed by pure guards and
 * rendered as text, JSON or Block Kit without the collector knowing which.
 */
import type { ApiDescriptor, IntegrationInfo } from '../api/api-descriptor.ts';

export type EvidenceSource = 'metrics' | 'logs' | 'changes' | 'config';

/** Evidence that could not be gathered, why, and how the operator can make it available. */
export interface MissingEvidence {
  source: EvidenceSource | 'api';
  reason: string;
  /** What would make this evidence available next time (a setting, a permission). */
  fix?: string;
}

/** Every collector answers with whatever it found plus what it could not find; it never throws. */
export interface CollectorResult<T> {
  findings: T | null;
  missing: MissingEvidence[];
}

/** The time window under diagnosis, and the quieter period before it used as a baseline. */
export interface DiagnosisWindow {
  start: string;
  end: string;
  baselineStart: string;
}

export interface CollectorInput {
  api: ApiDescriptor;
  window: DiagnosisWindow;
}

// ---------------------------------------------------------------------------------------------
// metrics

export type Severity = 'none' | 'normal' | 'elevated' | 'high' | 'critical';

export interface MinutePoint {
  /** Start of the minute, ISO-8601. */
  t: string;
  requests: number;
  errors5xx: number;
  latencyP99?: number;
  integrationLatencyP99?: number;
  integrationLatencyMax?: number;
}

export interface LambdaMetrics {
  functionName: string;
  invocations: number;
  errors: number;
  throttles: number;
  durationP99?: number;
  durationMax?: number;
}

export interface MetricsFindings {
  /** The metric names and dimensions actually queried, so a reader can check them. */
  namespace: 'AWS/ApiGateway';
  errorMetric: '5XXError' | '5xx';
  dimensions: Record<string, string>;
  /** One point per minute of the window (not the baseline). */
  perMinute: MinutePoint[];
  /** `rate` here and elsewhere is a fraction (0.12 is 12 %), never a percentage. */
  totals: { requests: number; errors5xx: number; rate: number; severity: Severity };
  baseline: { requests: number; errors5xx: number; rate: number };
  /** 4xx in the window and the baseline (4XXError or 4xx), and when they rose; absent in older findings. */
  clientErrors?: { errors4xx: number; baseline4xx: number; onset?: string };
  /** First minute of the sustained 5xx rise above baseline, when there is one. */
  onset?: string;
  integrationLatency: { average?: number; p99?: number; max?: number };
  /**
   * Whether integration latency sits at the integration timeout: the minutes with 5xx whose
   * maximum integration latency is within 5 % of the smallest timeout in use.
   */
  latencyAtTimeout?: { timeoutMs: number; minutesWithErrors: number; minutesAtTimeout: number; share: number };
  lambda: LambdaMetrics[];
}

// ---------------------------------------------------------------------------------------------
// logs

export type LogCategory =
  | 'integration-timeout'
  | 'function-timeout'
  | 'permission'
  | 'malformed-proxy-response'
  | 'function-error'
  | 'lambda-throttle'
  | 'network'
  | 'tls'
  | 'mapping-template'
  | 'other-5xx';

export interface LogSample {
  timestamp: string;
  requestId?: string;
  message: string;
}

export interface LogClass {
  category: LogCategory;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Up to three raw lines, for the operator to read. */
  samples: LogSample[];
}

export interface EndpointStat {
  method: string;
  resource: string;
  /** Requests seen; from execution logs only when INFO logging names every request's resource path. */
  requests: number;
  errors5xx: number;
  rate: number;
  /** The route's classified failures (requests per category), when the source tells them apart. */
  classes?: Partial<Record<LogCategory, number>>;
}

export interface LogsFindings {
  kind: 'execution-logs' | 'access-logs';
  logGroup: string;
  scanned: { events: number; pages: number; truncated: boolean; method: 'FilterLogEvents' | 'LogsInsights' };
  classes: LogClass[];
  /** Final status codes the clients saw, counted from the logs, e.g. { "500": 3, "504": 40 }. */
  statusMix: Record<string, number>;
  /**
   * Per-endpoint request and 5xx counts, worst first: from access logs, or from execution logs'
   * "Resource Path" lines joined to each request's failure.
   */
  endpoints?: EndpointStat[];
}

// ---------------------------------------------------------------------------------------------
// the function's own log group (/aws/lambda/<name>)

/** An unhandled error the function's runtime logged, grouped by type and message. */
export interface FunctionErrorGroup {
  errorType: string;
  errorMessage: string;
  /** The top stack frame, e.g. "at handler (/var/task/index.js:12:34)". */
  frame?: string;
  count: number;
}

export interface FunctionLogFinding {
  functionName: string;
  qualifier?: string;
  logGroup: string;
  scanned: { events: number; pages: number; truncated: boolean };
  /** Invocations the runtime ended for running out of time ("Task timed out", "Status: timeout"). */
  timeouts: number;
  /** The function timeout those lines report, in seconds. */
  timedOutAfterSeconds?: number;
  /** Invocations killed for memory: "signal: killed" / Runtime.OutOfMemory, or Max Memory Used at Memory Size. */
  outOfMemory: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  /** Init failures: Runtime.ImportModuleError, INIT_REPORT … Status: error, Runtime.HandlerNotFound. */
  initFailures: number;
  /** Unhandled errors other than timeouts, out-of-memory and init failures; most frequent first. */
  errors: FunctionErrorGroup[];
  /** Longest Duration among the failure REPORT lines read, in milliseconds. */
  maxDurationMs?: number;
  /** Up to three raw lines, verbatim, for the operator (and the verdict's quote). */
  samples: LogSample[];
}

export interface FunctionLogsFindings {
  functions: FunctionLogFinding[];
}

// ---------------------------------------------------------------------------------------------
// changes

export type ChangeKind =
  | 'security-group'
  | 'network-acl'
  | 'route'
  | 'load-balancer'
  | 'vpc-link'
  | 'lambda-permission'
  | 'lambda-code'
  | 'lambda-config'
  | 'api-deployment'
  | 'api-stage'
  | 'api-integration'
  /** A rule that decides who may call the API (a WAF web ACL): it refuses with 4xx, never 5xx. */
  | 'access-rule';

export interface ChangeEvent {
  time: string;
  eventName: string;
  eventSource: string;
  kind: ChangeKind;
  /** Who made the change: user name or assumed-role session, as CloudTrail reports it. */
  who: string;
  resources: string[];
  /** True when the change touches a resource known to sit on this API's path. */
  relatedToApi: boolean;
  /** Minutes between the change and the 5xx onset (positive: before the onset). */
  minutesBeforeOnset?: number;
  /** One line for people, e.g. "RevokeSecurityGroupIngress on sg-0abc: tcp 443 from 10.0.0.0/16". */
  summary: string;
  errorCode?: string;
}

export interface ChangesFindings {
  lookedAt: { start: string; end: string };
  pages: number;
  truncated: boolean;
  changes: ChangeEvent[];
}

// ---------------------------------------------------------------------------------------------
// configuration

export interface LambdaConfigFinding {
  functionName: string;
  qualifier?: string;
  timeoutSeconds?: number;
  memoryMb?: number;
  state?: string;
  stateReason?: string;
  lastUpdateStatus?: string;
  lastUpdateStatusReason?: string;
  lastModified?: string;
  /** False when Lambda answered that the function (or its alias or version) does not exist. */
  exists?: boolean;
  /** Whether the resource policy lets apigateway.amazonaws.com invoke it for this API. */
  invokePermission: 'allowed' | 'missing' | 'unknown';
  invokePermissionDetail: string;
}

export interface TargetHealthFinding {
  id: string;
  /** The target group the target is registered in; absent in findings recorded before it was kept. */
  targetGroupArn?: string;
  port?: number;
  state: string;
  reason?: string;
  description?: string;
}

export interface VpcLinkFinding {
  id: string;
  status?: string;
  statusMessage?: string;
  loadBalancerArns: string[];
  /** The load balancers' target groups whose health was read, in order; absent in older findings. */
  targetGroupArns?: string[];
  securityGroups: string[];
  targets: TargetHealthFinding[];
  /** True when every target group and its health could be read, so "no targets" is a fact rather than a gap. */
  targetsComplete?: boolean;
  healthy: number;
  unhealthy: number;
}

export interface IntegrationConfigFinding {
  integration: IntegrationInfo;
  lambda?: LambdaConfigFinding;
  vpcLink?: VpcLinkFinding;
  /** The shortest integration timeout among the routes that share this target, in ms. */
  timeoutMs?: number;
  /** Plain-language configuration risks, e.g. "function timeout 60 s exceeds integration timeout 29 s". */
  risks: string[];
}

export interface ConfigFindings {
  integrations: IntegrationConfigFinding[];
}

/** Everything gathered for one diagnosis. A source is absent until its collector has answered. */
export interface Evidence {
  metrics?: MetricsFindings | null;
  logs?: LogsFindings | null;
  changes?: ChangesFindings | null;
  config?: ConfigFindings | null;
  /** The Lambda functions' own failure lines; an optional source, reported as `logs` when missing. */
  functionLogs?: FunctionLogsFindings | null;
  missing: MissingEvidence[];
}
