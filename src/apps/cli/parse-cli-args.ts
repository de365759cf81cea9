import { parseArgs } from 'node:util';
import { z } from 'zod';
import { regionSchema } from '../../core/api/api-ref.ts';
import { parseApiTarget, type ApiTarget } from '../../core/api/parse-api-target.ts';
import { InvalidArgumentsError } from '../../core/errors/diagnose-error.ts';

export const USAGE = `Usage: diagnose-502 <api-id|api-name> <stage> [--region R] [--since 60m] [--json]
       diagnose-502 <url> [--region R] [--since 60m] [--json]
       diagnose-502 scan [--region R] [--since 15m] [--json]             (which APIs return 5xx now)
       diagnose-502 doctor [--region R] [--api-id X --stage S]   (which permissions are missing)

  <api-id>      the REST or HTTP API id, 10 lowercase letters or digits (e.g. a1b2c3d4e5)
  <api-name>    or the API's name (e.g. checkout-api); several APIs with that name are listed
  <stage>       the stage name (e.g. prod)
  <url>         an invoke URL (https://<id>.execute-api.<region>.amazonaws.com/<stage>/orders/42)
                or a URL on a custom domain (https://api.example.com/v2/orders); the path
                becomes the focus of the diagnosis
  --region R    AWS region of the API (default: AWS_REGION or AWS_DEFAULT_REGION)
  --since 60m   how far back to look, 5m to 24h (default 60m)
  --json        print one JSON document on stdout instead of the report
  --color       colour the report even when stdout is not a terminal
  -h, --help    show this help

Reads AWS through the SDK's standard configuration (credential chain, AWS_REGION,
AWS_ENDPOINT_URL). Read-only: it never changes anything in the account.`;

export interface CliArgs {
  /** What to diagnose, as typed: resolved against AWS before the diagnosis. */
  target: ApiTarget;
  /** --region, else AWS_REGION: where names and custom domains are looked up. */
  region: string;
  sinceMinutes: number;
  json: boolean;
  color: boolean;
}

const sinceSchema = z
  .string()
  .regex(/^\d{1,4}[mh]$/, 'use minutes or hours, e.g. 45m or 2h')
  .transform((s) => Number(s.slice(0, -1)) * (s.endsWith('h') ? 60 : 1))
  .refine((m) => m >= 5 && m <= 24 * 60, 'the window must be between 5m and 24h');

/** Parses and validates the command line; throws InvalidArgumentsError, or returns 'help'. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliArgs | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InvalidArgumentsError((error as Error).message, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length < 1 || positionals.length > 2) {
    throw new InvalidArgumentsError(`expected <api-id|api-name> <stage> or <url>, got ${positionals.length} arguments`);
  }
  const parsedTarget = parseApiTarget(positionals);
  if (!parsedTarget.ok) throw new InvalidArgumentsError(parsedTarget.problem.replace(/`/g, ''));
  const target = parsedTarget.target;
  // An invoke URL names its region; everything else needs one to be looked up in.
  const region = values.region ?? (target.kind === 'invoke-url' ? target.region : undefined) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new InvalidArgumentsError('no region: pass --region or set AWS_REGION');
  const check = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => {
    const result = schema.safeParse(value);
    if (!result.success) throw new InvalidArgumentsError(`${what} ${JSON.stringify(value)}: ${result.error.issues[0]?.message}`);
    return result.data;
  };
  return {
    target,
    region: check(regionSchema, region, 'region'),
    sinceMinutes: check(sinceSchema, values.since ?? '60m', '--since'),
    json: values.json ?? false,
    color: values.color ?? false,
  };
}

const OPTIONS = {
  region: { type: 'string' },
  since: { type: 'string' },
  json: { type: 'boolean' },
  color: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
