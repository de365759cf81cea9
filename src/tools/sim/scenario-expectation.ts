import { z } from 'zod';

/**
 * What a scenario's diagnosis must conclude besides the cause word: the decisive evidence an
 * on-call engineer acts on (the route, the function and its qualifier, the load balancer's target
 * group, the change and who made it, a line quoted in the API type's own wording). The benchmark
 * (`npm run eval`) compares each declared key with the report's `verdict.where`; the simulator
 * itself ignores this block. Decide it from the incident's story, never from a run's output.
 */

const routeKey = z.string().regex(/^([A-Z]+ \/\S*|\$default)$/, 'a route is "METHOD /path" as API Gateway names it, e.g. "GET /orders/{id}"');

export const decisiveSchema = z.strictObject({
  /** The route with most of the 5xx. */
  route: routeKey.optional(),
  /** Mixed incidents: each failing route and its own cause. */
  routeCauses: z.record(routeKey, z.enum(['timeout', 'network', 'permission', 'format', 'backend-error'])).optional(),
  /** The failing Lambda backend: "name" or "name:qualifier" (alias or version). */
  function: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/, 'a function is "name" or "name:qualifier"')
    .optional(),
  vpcLink: z.string().optional(),
  vpcLinkVersion: z.enum(['V1', 'V2']).optional(),
  /** Load balancer and target group names (matched inside their ARNs). */
  loadBalancer: z.string().optional(),
  targetGroup: z.string().optional(),
  /** One target the verdict must list as unhealthy. */
  unhealthyTarget: z.string().optional(),
  /** The security group that matters: the changed one or one the backend names. */
  securityGroup: z.string().optional(),
  /** The change that caused it: CloudTrail event name (Lambda's version suffix may be left off). */
  changeEvent: z.string().optional(),
  changeBy: z.string().optional(),
  changeResource: z.string().optional(),
  /** Text the quoted line must contain, and the source it must come from. */
  quote: z.string().optional(),
  quoteSource: z.string().optional(),
  /** HTTP backends: the integration URI. */
  uri: z.string().optional(),
});
export type DecisiveSpec = z.infer<typeof decisiveSchema>;

export const expectationSchema = z.strictObject({
  /** Minute (relative to now) the 5xx (or 4xx) begin; perturbations move the incident around it. */
  onset: z.number().int().max(0).optional(),
  /** Minute the incident stopped, when it is already over. */
  recoveredAt: z.number().int().max(0).optional(),
  decisive: decisiveSchema.default({}),
  /** Why this is the cause, from the seeds and AWS documentation: one or two sentences. */
  why: z.string().optional(),
  /**
   * Perturbations this scenario cannot take without changing its true cause, e.g. `quiet-changes`
   * when the change itself is the only evidence, or `deny-logs` when logs are all there is.
   */
  fragile: z.array(z.enum(['traffic', 'shift', 'recover', 'noise-changes', 'noise-logs', 'deny-logs', 'deny-changes', 'deny-config', 'throttle'])).default([]),
  /**
   * Sources without which the true cause cannot be told at all: only the logs tell a backend's own
   * 503 passed on by HTTP_PROXY from a refused connection, or which of two routes failing for
   * different causes carries most of the 5xx. A generated variant that denies one of them expects
   * `inconclusive` and no decisive evidence, since naming a cause there would be a guess. Decide
   * it from the incident's story, before running, like the rest of this block.
   */
  inconclusiveWithout: z.array(z.enum(['logs', 'changes', 'config'])).default([]),
});
export type Expectation = z.infer<typeof expectationSchema>;
