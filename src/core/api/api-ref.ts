import { z } from 'zod';
import { isKnownAwsRegion } from './aws-regions.ts';

/**
 * The user's request: which API, which stage, which region. Validated before any AWS call,
 * because these strings end up in log-group names and filter patterns.
 */
export const apiIdSchema = z.string().regex(/^[a-z0-9]{10}$/, 'an API id is 10 lowercase letters or digits, e.g. a1b2c3d4e5');
/** HTTP APIs often serve from the `$default` stage; every other stage name is plain. */
export const stageSchema = z.string().regex(/^(\$default|[A-Za-z0-9_-]{1,128})$/, 'a stage name is 1-128 letters, digits, "-" or "_" (or $default)');
export const regionSchema = z
  .string()
  .regex(/^[a-z]{2,4}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'a region looks like eu-west-1')
  .refine(isKnownAwsRegion, 'not a region AWS has; a region looks like eu-west-1');

/**
 * A request path inside the stage (`/orders/42`), the focus of a diagnosis that started from a
 * URL. Deliberately narrower than RFC 3986 (no quotes, spaces, `%`, `?` or `#`): the route may
 * end up in log filter patterns, so only characters that mean nothing there are let through.
 */
export const routeSchema = z
  .string()
  .max(512, 'a route is at most 512 characters')
  .regex(/^\/[A-Za-z0-9._~\-/{}+]*$/, 'a route is a path such as /orders/42 (letters, digits and . _ ~ - / { } +)');

export const apiRefSchema = z.object({
  apiId: apiIdSchema,
  stage: stageSchema,
  region: regionSchema,
  /** The path the person asked about, when they gave a URL; the diagnosis weighs it first. */
  route: routeSchema.optional(),
});

export type ApiRef = z.infer<typeof apiRefSchema>;
