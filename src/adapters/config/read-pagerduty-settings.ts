/**
 * The `pagerduty:` section of the bot configuration. The config schema checks `channel` and
 * `services` and keeps other keys for this module; the one added here is `apiNames`, which maps
 * the ApiName dimension of a REST API's alarm to the API's id (alarms name REST APIs by name).
 *
 * ```yaml
 * pagerduty:
 *   channel: C0INCIDENT
 *   services:
 *     PX1ORDERS: { apiId: k7x2m9q4ta, stage: prod, region: us-east-1 }
 *     PX2CHECKOUT: checkout-api prod eu-west-1     # a name, looked up when an incident arrives
 *     PX3SEARCH: https://api.example.com/search    # or a URL the API serves
 *   apiNames:
 *     orders-api: k7x2m9q4ta
 * ```
 */
import { z } from 'zod';
import { apiIdSchema, type ApiRef } from '../../core/api/api-ref.ts';
import type { ApiTarget } from '../../core/api/parse-api-target.ts';
import type { AccessConfig } from './access-config-schema.ts';
import { ConfigValidationError } from '../../core/errors/diagnose-error.ts';

const extrasSchema = z.looseObject({
  apiNames: z.record(z.string().min(1), apiIdSchema).optional(),
});

export interface PagerDutySettings {
  /** Where incident threads are opened; nothing is posted without it. */
  channel?: string;
  /** PagerDuty service id → the API it watches; a target (name, URL) is resolved per incident. */
  services: Record<string, ApiRef | ApiTarget>;
  /** REST API name (the alarm's ApiName dimension) → API id. */
  apiNames: Record<string, string>;
}

export function readPagerDutySettings(config: AccessConfig): PagerDutySettings {
  const section = config.pagerduty ?? {};
  const extras = extrasSchema.safeParse(section);
  if (!extras.success) {
    const issue = extras.error.issues[0];
    throw new ConfigValidationError(`pagerduty.${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { cause: extras.error });
  }
  return {
    ...(section.channel ? { channel: section.channel } : {}),
    services: section.services ?? {},
    apiNames: extras.data.apiNames ?? {},
  };
}
