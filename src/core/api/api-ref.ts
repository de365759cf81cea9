import { z } from 'zod';

/**
 * The user's request: which API, which stage, which region. Validated before any AWS call,
 * because these strings end up in log-group names and filter patterns.
 */
export const apiIdSchema = z.string().regex(/^[a-z0-9]{10}$/, 'an API id is 10 lowercase letters or digits, e.g. a1b2c3d4e5');
/** HTTP APIs often serve from the `$default` stage; every other stage name is plain. */
export const stageSchema = z.string().regex(/^(\$default|[A-Za-z0-9_-]{1,128})$/, 'a stage name is 1-128 letters, digits, "-" or "_" (or $default)');
export const regionSchema = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'a region looks like eu-west-1');

export const apiRefSchema = z.object({
  apiId: apiIdSchema,
  stage: stageSchema,
  region: regionSchema,
});

export type ApiRef = z.infer<typeof apiRefSchema>;
