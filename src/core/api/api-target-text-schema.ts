import { z } from 'zod';
import { parseApiTarget, type ApiTarget } from './parse-api-target.ts';

/**
 * An API named in configuration the way a person names it in the slash command: an id with its
 * stage (`a1b2c3d4e5 prod [region]`), a name (`checkout-api prod [region]`), an invoke URL or a
 * custom-domain URL. Parsed with the same strict rules as typed input, so a config file is no
 * back door into filter patterns; names and domains are looked up when they are needed.
 *
 * @example apiTargetTextSchema.parse('checkout-api prod') // { kind: 'name', name: 'checkout-api', stage: 'prod' }
 */
export const apiTargetTextSchema = z
  .string()
  .max(1100)
  .transform((text, ctx): ApiTarget => {
    const parsed = parseApiTarget(text.trim().split(/\s+/));
    if (parsed.ok) return parsed.target;
    ctx.addIssue({ code: 'custom', message: `${parsed.problem} Write "<api-id or name> <stage> [region]" or a URL the API serves.` });
    return z.NEVER;
  });
