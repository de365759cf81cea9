/**
 * The optional bot configuration file (DIAGNOSE502_CONFIG): who may run a diagnosis, which region
 * and AWS account each API lives in, and the role to assume for each account. Strict at the top
 * level: a misspelt `acess:` must fail loudly rather than quietly open the bot to everyone.
 */
import { z } from 'zod';
import { apiIdSchema, apiRefSchema, regionSchema, type ApiRef } from '../../core/api/api-ref.ts';
import type { ApiTarget } from '../../core/api/parse-api-target.ts';
import { apiTargetTextSchema } from '../../core/api/api-target-text-schema.ts';

const accountIdSchema = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^\d{12}$/, 'an account id is 12 digits; quote it ("012345678901") so YAML keeps leading zeros'));

const slackIds = (what: string, pattern: RegExp, example: string) =>
  z.array(z.string().regex(pattern, `a Slack ${what} id looks like ${example}`)).min(1, `list at least one ${what} id, or leave the key out`);

export const accessRulesSchema = z.strictObject({
  /** Channels where the command may be used; absent = any channel. */
  channels: slackIds('channel', /^[CGD][A-Z0-9]{2,}$/, 'C0123ABCD').optional(),
  /** People who may run it; together with `usergroups`, absent both = anyone. */
  users: slackIds('user', /^[UW][A-Z0-9]{2,}$/, 'U0123ABCD').optional(),
  /** User groups (handles like @oncall) whose members may run it, by id. */
  usergroups: slackIds('user group', /^S[A-Z0-9]{2,}$/, 'S0123ABCD').optional(),
});

export const apiEntrySchema = z.strictObject({
  region: regionSchema,
  /** Key into `accounts`; absent = the bot's own account. */
  account: accountIdSchema.optional(),
});

export const accountEntrySchema = z.strictObject({
  roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'a role ARN looks like arn:aws:iam::123456789012:role/diagnose-502-read'),
  externalId: z.string().min(2).max(1224).optional(),
});

/** Either form, with the chosen form's own message (a union would only say "Invalid input"). */
function serviceApiSchema() {
  return z.unknown().transform((value, ctx): ApiRef | ApiTarget => {
    const parsed = typeof value === 'string' ? apiTargetTextSchema.safeParse(value) : apiRefSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  });
}

/** Issue 4 builds on this; known keys are checked, anything else is kept for it to read. */
export const pagerDutyConfigSchema = z.looseObject({
  channel: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id looks like C0123ABCD')
    .optional(),
  /** PagerDuty service id → its API: `{ apiId, stage, region }`, or as typed in the command (`checkout-api prod`, a URL). */
  services: z.record(z.string().min(1), serviceApiSchema()).optional(),
});

const channelIdSchema = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id looks like C0123ABCD');
const alarmNameSchema = z.string().min(1).max(255, 'an alarm name is at most 255 characters');

/** One alarm (`alarm`) or every alarm whose name starts with `prefix`, to another channel. */
export const alarmOverrideSchema = z
  .strictObject({ alarm: alarmNameSchema.optional(), prefix: alarmNameSchema.optional(), channel: channelIdSchema })
  .refine((o) => (o.alarm === undefined) !== (o.prefix === undefined), 'give either `alarm` (a full alarm name) or `prefix`, not both');

/**
 * CloudWatch alarms as a trigger (an API's 5XXError / 5xx alarm entering ALARM opens a thread).
 *
 * ```yaml
 * alarms:
 *   channel: C0ALARMS            # where alarm threads open
 *   namePrefix: api-             # optional: only alarms whose name starts with this
 *   overrides:                   # optional: exact names first, then the longest prefix
 *     - { alarm: checkout-5xx, channel: C0CHECKOUT }
 *     - { prefix: payments-, channel: C0PAYMENTS }
 * ```
 */
export const alarmsConfigSchema = z.strictObject({
  channel: channelIdSchema,
  namePrefix: alarmNameSchema.optional(),
  overrides: z.array(alarmOverrideSchema).optional(),
});

/** Where `/diagnose-502` with no arguments (and `diagnose-502 scan`) looks, besides the APIs' own regions. */
export const scanConfigSchema = z.strictObject({
  regions: z.array(regionSchema).min(1, 'list at least one region, or leave the key out').optional(),
});

export const accessConfigSchema = z
  .strictObject({
    access: accessRulesSchema.optional(),
    scan: scanConfigSchema.optional(),
    apis: z.record(apiIdSchema, apiEntrySchema).optional(),
    accounts: z.record(z.string(), accountEntrySchema).optional(),
    pagerduty: pagerDutyConfigSchema.optional(),
    alarms: alarmsConfigSchema.optional(),
  })
  .superRefine((config, ctx) => {
    for (const key of Object.keys(config.accounts ?? {})) {
      if (!/^\d{12}$/.test(key)) ctx.addIssue({ code: 'custom', path: ['accounts', key], message: 'an account id is 12 digits' });
    }
    for (const [apiId, entry] of Object.entries(config.apis ?? {})) {
      if (entry.account !== undefined && !config.accounts?.[entry.account]) {
        ctx.addIssue({ code: 'custom', path: ['apis', apiId, 'account'], message: `account ${entry.account} is not listed under accounts` });
      }
    }
    // The access rules name the channels diagnoses may run in; an alarm must not open one elsewhere.
    const allowed = config.access?.channels;
    if (allowed && config.alarms) {
      const used: Array<{ path: PropertyKey[]; channel: string }> = [{ path: ['alarms', 'channel'], channel: config.alarms.channel }];
      for (const [i, o] of (config.alarms.overrides ?? []).entries()) used.push({ path: ['alarms', 'overrides', i, 'channel'], channel: o.channel });
      for (const { path, channel } of used) {
        if (!allowed.includes(channel)) ctx.addIssue({ code: 'custom', path, message: `channel ${channel} is not listed under access.channels` });
      }
    }
  });

export type AccessConfig = z.infer<typeof accessConfigSchema>;
export type AccessRules = z.infer<typeof accessRulesSchema>;
export type ScanConfig = z.infer<typeof scanConfigSchema>;
export type AlarmsConfig = z.infer<typeof alarmsConfigSchema>;
export type ApiEntry = z.infer<typeof apiEntrySchema>;
export type AccountEntry = z.infer<typeof accountEntrySchema>;

/** No file: everyone may run a diagnosis, on the bot's own account, in the default region. */
export const OPEN_ACCESS_CONFIG: AccessConfig = {};
