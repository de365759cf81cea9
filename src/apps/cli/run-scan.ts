/**
 * `diagnose-502 scan [--region R] [--since 15m] [--json]`: which REST and HTTP API stages return
 * 5xx right now, across the regions and accounts of the configuration (DIAGNOSE502_CONFIG) or
 * the one region given. Exit 0 whatever it finds, an empty list included.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createClientsForAccount } from '../../adapters/aws/clients-for-account.ts';
import { scanFailingApis } from '../../adapters/aws/scan-failing-apis.ts';
import type { AccessConfig } from '../../adapters/config/access-config-schema.ts';
import { loadAccessConfig } from '../../adapters/config/load-access-config.ts';
import { scanPlaces } from '../../adapters/config/scan-regions.ts';
import { regionSchema } from '../../core/api/api-ref.ts';
import { DiagnoseError } from '../../core/errors/diagnose-error.ts';
import { renderScanText } from './render-scan-text.ts';
import type { CliIo } from './run-cli.ts';
import { EXIT } from './run-cli.ts';

export const SCAN_USAGE = `Usage: diagnose-502 scan [--region R] [--since 15m] [--json]

  --region R    scan this region only (default: AWS_REGION plus every region in DIAGNOSE502_CONFIG)
  --since 15m   how far back to look, 5m to 3h (default 15m)
  --json        print { "apis": [...] } on stdout, most 5xx first`;

const sinceSchema = z
  .string()
  .regex(/^\d{1,3}[mh]$/, 'use minutes or hours, e.g. 15m or 1h')
  .transform((s) => Number(s.slice(0, -1)) * (s.endsWith('h') ? 60 : 1))
  .refine((m) => m >= 5 && m <= 180, 'the window must be between 5m and 3h');

const SCAN_OPTIONS = {
  region: { type: 'string' },
  since: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runScan(argv: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof SCAN_OPTIONS; allowPositionals: false; strict: true }>>['values'];
  try {
    values = parseArgs({ args: argv, options: SCAN_OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    io.stderr(`diagnose-502 scan: ${(error as Error).message}\n\n${SCAN_USAGE}\n`);
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout(`${SCAN_USAGE}\n`);
    return EXIT.ok;
  }
  const since = sinceSchema.safeParse(values.since ?? '15m');
  const region = values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  const problem = !since.success
    ? `--since: ${since.error.issues[0]?.message}`
    : !region
      ? 'no region: pass --region or set AWS_REGION'
      : !regionSchema.safeParse(region).success
        ? `region ${JSON.stringify(region)}: a region looks like eu-west-1`
        : undefined;
  if (problem || !since.success || !region) {
    io.stderr(`diagnose-502 scan: ${problem}\n\n${SCAN_USAGE}\n`);
    return EXIT.usage;
  }

  let config: AccessConfig;
  try {
    config = await loadAccessConfig(io.env.DIAGNOSE502_CONFIG);
  } catch (error) {
    io.stderr(`diagnose-502 scan: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  const clients = createClientsForAccount({ config });
  try {
    const places = scanPlaces(config, region, values.region);
    const result = await scanFailingApis(
      places.map((p) => ({ clients: clients.clientsIn(p.region, p.account), ...(p.account ? { account: p.account } : {}) })),
      { sinceMinutes: since.data, now: now() },
    );
    for (const p of result.problems) io.stderr(`diagnose-502 scan: ${p.region}${p.account ? ` (account ${p.account})` : ''} skipped: ${p.message}\n`);
    if (result.truncated) io.stderr('diagnose-502 scan: a metric search hit the 500-series limit; some stages may be missing. Scan one region at a time.\n');
    // Every place failed: that is an error, not "nothing is failing".
    if (places.length > 0 && result.problems.length === places.length) {
      const code = result.problems[0] && /Access denied/.test(result.problems[0].message) ? EXIT.accessDenied : EXIT.failed;
      return code;
    }
    if (values.json) {
      const apis = result.apis.map((a) => ({
        id: a.id,
        type: a.type,
        name: a.name,
        stage: a.stage,
        region: a.region,
        requests: a.requests,
        errors5xx: a.errors5xx,
        rate: Math.round(a.rate * 10_000) / 10_000,
        severity: a.severity,
        ...(a.onset ? { onset: a.onset } : {}),
        ...(a.account ? { account: a.account } : {}),
      }));
      io.stdout(`${JSON.stringify({ apis }, null, 2)}\n`);
    } else {
      io.stdout(`${renderScanText(result.apis, { places: places.length, sinceMinutes: since.data })}\n`);
    }
    return EXIT.ok;
  } catch (error) {
    io.stderr(`diagnose-502 scan: ${(error as Error).message}\n`);
    return error instanceof DiagnoseError && error.code === 'no_credentials' ? EXIT.noCredentials : EXIT.failed;
  } finally {
    clients.destroy();
  }
}
