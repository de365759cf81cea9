import { stripTerminalControls } from '../../core/view/strip-terminal-controls.ts';
import { createAwsLogic } from '../runtime/create-aws-logic.ts';
import { runDiagnosis } from '../runtime/run-diagnosis.ts';
import { DiagnoseError } from '../../core/errors/diagnose-error.ts';
import { renderTextReport } from './render-text-report.ts';
import { toJsonReport } from '../../core/view/to-json-report.ts';
import { loadRunbook } from '../../adapters/config/load-runbook.ts';
import type { Runbook } from '../../core/runbook/runbook-schema.ts';
import { type CliArgs, parseCliArgs, USAGE } from './parse-cli-args.ts';
import { resolveApiTarget } from '../../adapters/aws/resolve-api-target.ts';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
  /** Terminal width, when known, so the report wraps to fit. */
  columns?: number;
}

/** Exit codes: 0 a completed diagnosis (whatever the verdict), 2 bad arguments, others below. */
export const EXIT = { ok: 0, failed: 1, usage: 2, notFound: 3, noCredentials: 4, accessDenied: 5 } as const;

const EXIT_BY_CODE: Record<string, number> = {
  api_not_found: EXIT.notFound,
  api_ambiguous: EXIT.notFound,
  stage_not_found: EXIT.notFound,
  no_credentials: EXIT.noCredentials,
  access_denied: EXIT.accessDenied,
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let args: CliArgs | 'help';
  try {
    args = parseCliArgs(argv, io.env);
  } catch (error) {
    io.stderr(`diagnose-502: ${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (args === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  // Load the runbook before touching AWS: a broken runbook should fail fast, not after the diagnosis.
  let runbook: Runbook | null;
  try {
    runbook = args.json ? null : await loadRunbook();
  } catch (error) {
    io.stderr(`diagnose-502: ${stripTerminalControls((error as Error).message)}\n`);
    return EXIT.failed;
  }

  // The bot's own AWS wiring; with no access config every API is read with the caller's credentials.
  const aws = createAwsLogic({ config: {} });
  try {
    // A name or a custom-domain URL becomes an id, a stage and maybe a route; an id stays as is.
    const { ref } = await resolveApiTarget(args.target, { clientsFor: (region) => aws.clients.clientsIn(region), defaultRegion: args.region });
    const outcome = await runDiagnosis(aws.logic, { ref, sinceMinutes: args.sinceMinutes });
    if (!outcome.ok) {
      io.stderr(`diagnose-502: ${stripTerminalControls(outcome.error.message)}\n`);
      return EXIT_BY_CODE[outcome.error.code] ?? EXIT.failed;
    }
    if (args.json) io.stdout(`${JSON.stringify(toJsonReport(outcome.report), null, 2)}\n`);
    else io.stdout(`${renderTextReport(outcome.report, runbook!, { color: args.color || io.isTty, ...(io.columns ? { width: io.columns } : {}) })}\n`);
    return EXIT.ok;
  } catch (error) {
    const code = error instanceof DiagnoseError ? error.code : 'unexpected';
    io.stderr(`diagnose-502: ${stripTerminalControls((error as Error).message)}\n`);
    return EXIT_BY_CODE[code] ?? EXIT.failed;
  } finally {
    aws.destroy();
  }
}
