import { z } from 'zod';

/**
 * An environment variable that may be absent. Blank counts as absent, so a copied .env.sample
 * line like `SLACK_API_URL=` means "not set" rather than an empty, invalid value.
 */
export const optionalEnvVar = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
