import { z } from 'zod';
import { apiIdSchema, regionSchema, stageSchema } from '../../core/api/api-ref.ts';
import { expectationSchema } from './scenario-expectation.ts';

/**
 * The scenario file format: one incident (or a healthy API) described as data, with every time
 * given in minutes relative to "now" so that a scenario is always happening when it is served.
 * Strict objects everywhere: a typo in a user's copy should fail loudly, not be ignored.
 */

/** Minutes relative to now: -25 means 25 minutes ago; 0 is the current minute. */
const minute = z
  .number()
  .int()
  .min(-60 * 24 * 90, 'at most 90 days back')
  .max(0, 'times are minutes before now (<= 0)');

export const causeSchema = z.enum(['timeout', 'network', 'permission', 'format', 'backend-error', 'none', 'inconclusive']);
export type ExpectedCause = z.infer<typeof causeSchema>;

/** One piece of a per-minute series: `value` on every minute from `from` to `to` (both included). */
export const segmentSchema = z
  .strictObject({
    from: minute,
    to: minute,
    value: z.number().min(0),
    /** Ramp linearly from `value` at `from` to `rampTo` at `to`. */
    rampTo: z.number().min(0).optional(),
    /** Relative noise, e.g. 0.1 for ±10 %, seeded so it is the same on every run. */
    jitter: z.number().min(0).max(1).optional(),
  })
  .refine((s) => s.from <= s.to, { message: '`from` must not be after `to`', path: ['to'] });
export type Segment = z.infer<typeof segmentSchema>;

const statName = z.string().regex(/^(Average|Maximum|Minimum|p(\d{1,2}(\.\d+)?|100))$/, 'a statistic is Average, Maximum, Minimum or a percentile like p99');

/** A metric is one series for every statistic, or one series per statistic (latencies). */
export const seriesSchema = z.union([z.array(segmentSchema).min(1), z.record(statName, z.array(segmentSchema).min(1))]);
export type SeriesSpec = z.infer<typeof seriesSchema>;

const REST_METRICS = ['Count', '4XXError', '5XXError', 'Latency', 'IntegrationLatency', 'CacheHitCount', 'CacheMissCount'] as const;
const HTTP_METRICS = ['Count', '4xx', '5xx', 'Latency', 'IntegrationLatency', 'DataProcessed'] as const;
const LAMBDA_METRICS = ['Invocations', 'Errors', 'Throttles', 'Duration', 'ConcurrentExecutions'] as const;

export const metricsSchema = z.strictObject({
  /** Stage the API series belong to; the first stage when omitted. */
  stage: stageSchema.optional(),
  api: z.record(z.string(), seriesSchema).default({}),
  /**
   * Keyed by function name, then metric name. A key `name:qualifier` is the alias or version's own
   * series (dimensions FunctionName + Resource), as Lambda publishes it besides the function's.
   */
  lambda: z.record(z.string(), z.partialRecord(z.enum(LAMBDA_METRICS), seriesSchema)).default({}),
});

const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']);

export const integrationSchema = z
  .strictObject({
    type: z.enum(['AWS_PROXY', 'AWS', 'HTTP', 'HTTP_PROXY', 'MOCK']),
    /** Shorthand for a Lambda integration: a function name from `lambdas`, optionally `name:alias`. */
    lambda: z.string().optional(),
    /** The integration URI as AWS stores it; built from `lambda` when omitted. */
    uri: z.string().optional(),
    httpMethod: httpMethod.optional(),
    connectionType: z.enum(['INTERNET', 'VPC_LINK']).default('INTERNET'),
    vpcLink: z.string().optional(),
    timeoutMs: z.number().int().min(50).max(300_000).optional(),
    payloadFormatVersion: z.enum(['1.0', '2.0']).optional(),
    /** REST response streaming (HTTP_PROXY and AWS_PROXY only): the response may last 15 minutes. */
    responseTransferMode: z.enum(['BUFFERED', 'STREAM']).optional(),
  })
  .refine((i) => i.connectionType !== 'VPC_LINK' || i.vpcLink !== undefined, {
    message: 'a VPC_LINK integration names its `vpcLink`',
    path: ['vpcLink'],
  });
export type IntegrationSpec = z.infer<typeof integrationSchema>;

export const stageSpecSchema = z.strictObject({
  name: stageSchema,
  /** REST execution logging (methodSettings "*\/*".loggingLevel); HTTP APIs have none. */
  executionLogging: z.enum(['OFF', 'ERROR', 'INFO']).default('OFF'),
  dataTrace: z.boolean().default(false),
  /** Detailed (per-method or per-route) CloudWatch metrics. */
  detailedMetrics: z.boolean().default(false),
  tracing: z.boolean().default(false),
  accessLog: z
    .strictObject({
      destinationArn: z.string().regex(/^arn:aws[a-z-]*:logs:[^:]+:\d{12}:log-group:[^:]+(:\*)?$/, 'a CloudWatch Logs log-group ARN'),
      format: z.string().min(1),
    })
    .optional(),
  variables: z.record(z.string(), z.string()).default({}),
  /** An AWS WAF web ACL associated with the stage (REST). */
  webAclArn: z.string().optional(),
  deploymentId: z.string().optional(),
  /** Minutes before now when the stage was last updated. */
  lastUpdated: minute.optional(),
});
export type StageSpec = z.infer<typeof stageSpecSchema>;

export const apiSpecSchema = z
  .strictObject({
    type: z.enum(['rest', 'http']),
    id: apiIdSchema,
    name: z.string().min(1),
    description: z.string().optional(),
    endpointType: z.enum(['EDGE', 'REGIONAL', 'PRIVATE']).optional(),
    createdAt: minute.optional(),
    stages: z.array(stageSpecSchema).min(1),
    /** REST APIs: resource paths and their methods. */
    resources: z
      .array(
        z.strictObject({
          path: z.string().regex(/^\/[^\s]*$/, 'a resource path starts with "/"'),
          methods: z.partialRecord(httpMethod, z.strictObject({ authorization: z.string().default('NONE'), integration: integrationSchema })),
        }),
      )
      .optional(),
    /** HTTP APIs: route keys such as "GET /orders" or "$default". */
    routes: z.array(z.strictObject({ key: z.string().min(1), integration: integrationSchema })).optional(),
  })
  .superRefine((api, ctx) => {
    if (api.type === 'rest' && !api.resources) ctx.addIssue({ code: 'custom', message: 'a REST API lists its `resources`', path: ['resources'] });
    if (api.type === 'http' && !api.routes) ctx.addIssue({ code: 'custom', message: 'an HTTP API lists its `routes`', path: ['routes'] });
    if (api.type === 'http' && api.resources) ctx.addIssue({ code: 'custom', message: 'HTTP APIs have `routes`, not `resources`', path: ['resources'] });
    if (api.type === 'rest' && api.routes) ctx.addIssue({ code: 'custom', message: 'REST APIs have `resources`, not `routes`', path: ['routes'] });
  });
export type ApiSpec = z.infer<typeof apiSpecSchema>;

export const policyStatementSchema = z.strictObject({
  sid: z.string().min(1),
  effect: z.enum(['Allow', 'Deny']).default('Allow'),
  principal: z.string().default('apigateway.amazonaws.com'),
  action: z.string().default('lambda:InvokeFunction'),
  sourceArn: z.string().optional(),
});
export type PolicyStatementSpec = z.infer<typeof policyStatementSchema>;

export const lambdaSpecSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a function name is 1-64 letters, digits, "-" or "_"'),
  description: z.string().optional(),
  runtime: z.string().default('nodejs20.x'),
  handler: z.string().default('index.handler'),
  /** Seconds. */
  timeout: z.number().int().min(1).max(900).default(3),
  memory: z.number().int().min(128).max(10_240).default(128),
  state: z.enum(['Pending', 'Active', 'Inactive', 'Failed']).default('Active'),
  lastUpdateStatus: z.enum(['Successful', 'Failed', 'InProgress']).default('Successful'),
  /** Minutes before now of the last code or configuration change. */
  lastModified: minute.optional(),
  vpc: z.strictObject({ subnetIds: z.array(z.string()), securityGroupIds: z.array(z.string()) }).optional(),
  /** Resource-based policy of the unqualified function; empty means GetPolicy finds no policy. */
  policy: z.array(policyStatementSchema).default([]),
  aliases: z
    .array(z.strictObject({ name: z.string().min(1), version: z.string().default('1'), policy: z.array(policyStatementSchema).default([]) }))
    .default([]),
  /** Published versions, each with its own resource-based policy. */
  versions: z
    .array(z.strictObject({ version: z.string().regex(/^\d+$/, 'a version is a number'), policy: z.array(policyStatementSchema).default([]) }))
    .default([]),
});
export type LambdaSpec = z.infer<typeof lambdaSpecSchema>;

export const targetSpecSchema = z.strictObject({
  id: z.string().min(1),
  port: z.number().int().optional(),
  state: z.enum(['initial', 'healthy', 'unhealthy', 'unused', 'draining', 'unavailable']),
  reason: z.string().optional(),
  description: z.string().optional(),
});

export const vpcLinkSpecSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]{5,10}$/, 'a VPC link id is 5-10 lowercase letters or digits'),
  name: z.string().min(1),
  status: z.enum(['AVAILABLE', 'PENDING', 'DELETING', 'FAILED', 'INACTIVE']).default('AVAILABLE'),
  statusMessage: z.string().optional(),
  /**
   * V1 (apigateway GetVpcLink, REST only, to an NLB) or V2 (apigatewayv2 GetVpcLink, to an ALB or
   * NLB; HTTP APIs and, since 2025, REST APIs). Defaults to V1 for REST APIs and V2 for HTTP APIs.
   */
  version: z.enum(['V1', 'V2']).optional(),
  /** HTTP API (v2) links carry their own security groups and subnets. */
  securityGroupIds: z.array(z.string()).default([]),
  subnetIds: z.array(z.string()).default([]),
  loadBalancer: z
    .strictObject({
      name: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'a load balancer name is 1-32 letters, digits or "-"'),
      type: z.enum(['network', 'application']).default('network'),
      scheme: z.enum(['internal', 'internet-facing']).default('internal'),
      state: z.enum(['active', 'provisioning', 'active_impaired', 'failed']).default('active'),
      vpcId: z.string().default('vpc-0a1b2c3d4e5f60718'),
      securityGroups: z.array(z.string()).default([]),
      targetGroups: z.array(
        z.strictObject({
          name: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'a target group name is 1-32 letters, digits or "-"'),
          protocol: z.enum(['TCP', 'TLS', 'UDP', 'TCP_UDP', 'HTTP', 'HTTPS']).default('TCP'),
          port: z.number().int().min(1).max(65_535),
          targetType: z.enum(['instance', 'ip', 'alb']).default('instance'),
          healthCheck: z
            .strictObject({
              protocol: z.string().default('TCP'),
              port: z.string().default('traffic-port'),
              path: z.string().optional(),
            })
            .default({ protocol: 'TCP', port: 'traffic-port' }),
          targets: z.array(targetSpecSchema),
        }),
      ),
    })
    .optional(),
});
export type VpcLinkSpec = z.infer<typeof vpcLinkSpecSchema>;

/** Variables a log template may use; each request gets its own values. */
export const LOG_TEMPLATE_VARIABLES = ['requestId', 'extendedRequestId', 'lambdaRequestId', 'n', 'latency', 'ip', 'requestTime', 'epochMs', 'isoTime'] as const;

export const logEntrySchema = z
  .strictObject({
    /**
     * `execution` (REST execution logs of the stage), `access` (the stage's access-log group),
     * `lambda:<function>` (/aws/lambda/<function>) or any explicit log-group name.
     */
    group: z.string().min(1),
    stage: stageSchema.optional(),
    from: minute,
    to: minute,
    /** Requests spread evenly (with seeded jitter) over the minutes from `from` to `to`. */
    count: z.number().int().min(1).max(20_000),
    /** The lines one request writes, in order; execution lines get the "(requestId) " prefix. */
    lines: z.array(z.union([z.string(), z.strictObject({ text: z.string(), afterMs: z.number().int().min(0) })])).optional(),
    /** One JSON access-log line per request; string values may use template variables. */
    json: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    /** Value range (ms) for {{latency}}: a number or [min, max]. */
    latencyMs: z.union([z.number().min(0), z.tuple([z.number().min(0), z.number().min(0)])]).optional(),
    /** How many log streams the requests are spread over. */
    streams: z.number().int().min(1).max(50).default(3),
  })
  .refine((l) => l.from <= l.to, { message: '`from` must not be after `to`', path: ['to'] })
  .refine((l) => (l.lines === undefined) !== (l.json === undefined), { message: 'give either `lines` or `json`', path: ['lines'] });
export type LogEntrySpec = z.infer<typeof logEntrySchema>;

export const cloudTrailEventSchema = z
  .strictObject({
    /** One event at this minute, or `every` N minutes from `from` to `to`. */
    at: minute.optional(),
    every: z.number().int().min(1).optional(),
    from: minute.optional(),
    to: minute.optional(),
    eventName: z.string().min(1),
    eventSource: z.string().regex(/^[a-z0-9.-]+\.amazonaws\.com$/, 'an event source looks like ec2.amazonaws.com'),
    /** An IAM user name; or use `role` for an assumed role. */
    username: z.string().optional(),
    /** `RoleName/session-name` for changes made through an assumed role. */
    role: z
      .string()
      .regex(/^[\w+=,.@-]+\/[\w+=,.@-]+$/, 'a role is "RoleName/session-name"')
      .optional(),
    /** Defaults to true for Get*, Describe*, List* and Lookup* calls. */
    readOnly: z.boolean().optional(),
    resources: z.array(z.strictObject({ type: z.string(), name: z.string() })).default([]),
    requestParameters: z.record(z.string(), z.unknown()).nullable().default(null),
    responseElements: z.record(z.string(), z.unknown()).nullable().default(null),
    errorCode: z.string().optional(),
    errorMessage: z.string().optional(),
    sourceIPAddress: z.string().optional(),
    userAgent: z.string().optional(),
  })
  .refine((e) => (e.at !== undefined) !== (e.every !== undefined), { message: 'give either `at` or `every` (with `from`/`to`)', path: ['at'] })
  .refine((e) => e.every === undefined || (e.from !== undefined && e.to !== undefined && e.from <= e.to), {
    message: 'a repeated event needs `from` <= `to`',
    path: ['from'],
  })
  .refine((e) => (e.username === undefined) !== (e.role === undefined), { message: 'give either `username` or `role`', path: ['username'] });
export type CloudTrailEventSpec = z.infer<typeof cloudTrailEventSchema>;

const iamAction = z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'an IAM action looks like cloudtrail:LookupEvents');

export const scenarioSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a scenario id is lowercase letters, digits and "-"'),
    title: z.string().min(1),
    /** One line, for a list in a UI. */
    description: z
      .string()
      .min(1)
      .refine((d) => !d.includes('\n'), 'the description is one line'),
    expectedCause: causeSchema,
    region: regionSchema.default('us-east-1'),
    account: z
      .string()
      .regex(/^\d{12}$/, 'an account id is 12 digits')
      .default('123456789012'),
    /** Changes the jitter and ids without changing the story. */
    seed: z.number().int().default(1),
    api: apiSpecSchema,
    lambdas: z.array(lambdaSpecSchema).default([]),
    vpcLinks: z.array(vpcLinkSpecSchema).default([]),
    metrics: metricsSchema.default({ api: {}, lambda: {} }),
    logs: z.array(logEntrySchema).default([]),
    cloudtrail: z.array(cloudTrailEventSchema).default([]),
    /** CloudTrail shows an event this many minutes after it happened (real delivery takes ~5). */
    cloudtrailDelayMinutes: z.number().int().min(0).max(60).default(0),
    /** IAM actions answered with AccessDenied, e.g. cloudtrail:LookupEvents or logs:*. */
    denied: z.array(iamAction).default([]),
    /** IAM actions answered with a throttling error: the first `times` calls, or every call. */
    throttled: z.array(z.strictObject({ action: iamAction, times: z.number().int().min(1).optional() })).default([]),
    /** What the diagnosis must conclude besides `expectedCause` (read by `npm run eval`). */
    expect: expectationSchema.optional(),
  })
  .superRefine((s, ctx) => crossCheck(s, ctx));

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** References between parts of a scenario must resolve, and metric names must fit the API type. */
function crossCheck(s: z.infer<typeof scenarioSchema>, ctx: z.RefinementCtx): void {
  const lambdaNames = new Set(s.lambdas.map((l) => l.name));
  const linkIds = new Set(s.vpcLinks.map((v) => v.id));
  const stageNames = new Set(s.api.stages.map((st) => st.name));
  const checkIntegration = (integration: IntegrationSpec, path: PropertyKey[]) => {
    if (integration.lambda !== undefined) {
      const [name, qualifier] = integration.lambda.split(':');
      const fn = s.lambdas.find((l) => l.name === name);
      if (!fn) ctx.addIssue({ code: 'custom', message: `no function "${name}" in \`lambdas\``, path: [...path, 'lambda'] });
      // A stage variable (`fn:${stageVariables.alias}`) is resolved per stage, at request time.
      else if (
        qualifier !== undefined &&
        !/^\d+$/.test(qualifier) &&
        !qualifier.startsWith('${stageVariables.') &&
        !fn.aliases.some((a) => a.name === qualifier)
      )
        ctx.addIssue({ code: 'custom', message: `function "${name}" has no alias "${qualifier}"`, path: [...path, 'lambda'] });
    } else if (integration.uri === undefined && integration.type !== 'MOCK') {
      ctx.addIssue({ code: 'custom', message: 'an integration needs `lambda` or `uri`', path: [...path, 'uri'] });
    }
    if (integration.vpcLink !== undefined && !linkIds.has(integration.vpcLink))
      ctx.addIssue({ code: 'custom', message: `no VPC link "${integration.vpcLink}" in \`vpcLinks\``, path: [...path, 'vpcLink'] });
  };
  s.api.resources?.forEach((r, i) => {
    for (const [m, method] of Object.entries(r.methods)) if (method) checkIntegration(method.integration, ['api', 'resources', i, 'methods', m, 'integration']);
  });
  for (const [i, r] of (s.api.routes ?? []).entries()) checkIntegration(r.integration, ['api', 'routes', i, 'integration']);

  const allowed: readonly string[] = s.api.type === 'rest' ? REST_METRICS : HTTP_METRICS;
  for (const name of Object.keys(s.metrics.api)) {
    if (!allowed.includes(name)) {
      const hint = s.api.type === 'http' ? ' (HTTP APIs publish 4xx/5xx, not 4XXError/5XXError)' : ' (REST APIs publish 4XXError/5XXError)';
      ctx.addIssue({
        code: 'custom',
        message: `${s.api.type.toUpperCase()} APIs do not publish "${name}"${hint}; use one of ${allowed.join(', ')}`,
        path: ['metrics', 'api', name],
      });
    }
  }
  for (const key of Object.keys(s.metrics.lambda)) {
    const fn = key.split(':')[0] ?? key;
    if (!lambdaNames.has(fn)) ctx.addIssue({ code: 'custom', message: `no function "${fn}" in \`lambdas\``, path: ['metrics', 'lambda', key] });
  }
  if (s.metrics.stage !== undefined && !stageNames.has(s.metrics.stage))
    ctx.addIssue({ code: 'custom', message: `no stage "${s.metrics.stage}" in \`api.stages\``, path: ['metrics', 'stage'] });

  s.logs.forEach((entry, i) => {
    const stage = entry.stage ?? s.api.stages[0]?.name;
    const stageSpec = s.api.stages.find((st) => st.name === stage);
    if (entry.stage !== undefined && !stageSpec) ctx.addIssue({ code: 'custom', message: `no stage "${entry.stage}"`, path: ['logs', i, 'stage'] });
    if (entry.group === 'execution' && s.api.type === 'http')
      ctx.addIssue({ code: 'custom', message: 'HTTP APIs have no execution logs; use `access`', path: ['logs', i, 'group'] });
    if (entry.group === 'access' && stageSpec && !stageSpec.accessLog)
      ctx.addIssue({ code: 'custom', message: `stage "${stage}" has no \`accessLog\``, path: ['logs', i, 'group'] });
    if (entry.group.startsWith('lambda:') && !lambdaNames.has(entry.group.slice(7)))
      ctx.addIssue({ code: 'custom', message: `no function "${entry.group.slice(7)}" in \`lambdas\``, path: ['logs', i, 'group'] });
  });
}
