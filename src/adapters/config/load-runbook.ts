/**
 * Reads the runbook YAML, checks it against the schema and fills its placeholders. A broken
 * runbook stops the tool with a message naming the file and every offending field.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { restMetricApiName } from '../../core/api/api-descriptor.ts';
import type { DiagnosisReport } from '../../core/diagnosis/types.ts';
import { RunbookValidationError } from '../../core/errors/diagnose-error.ts';
import { runbookSchema, type Runbook, type RunbookPlaceholder } from '../../core/runbook/runbook-schema.ts';
import { parseYamlWithSchema } from './parse-yaml-with-schema.ts';

/** Where the bundled runbook lives, found from this module so the working directory does not matter. */
export const DEFAULT_RUNBOOK_PATH = fileURLToPath(new URL('../../../runbooks/api-gateway-502.yaml', import.meta.url));
const DEFAULT_RUNBOOK_NAME = 'runbooks/api-gateway-502.yaml';

/**
 * Loads and validates a runbook file; without a path, the one shipped with diagnose-502.
 *
 * @example
 * const runbook = await loadRunbook();
 * runbook.causes.timeout.fix; // fix directions for an integration timeout
 */
export async function loadRunbook(path?: string): Promise<Runbook> {
  const file = path ?? DEFAULT_RUNBOOK_PATH;
  const name = path ?? DEFAULT_RUNBOOK_NAME;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunbookValidationError(`${name}: cannot read the runbook (${reason})`, { cause: error });
  }
  return parseRunbook(text, name);
}

/** Parses runbook YAML and validates it; `sourceName` is what error messages call the file. */
export function parseRunbook(text: string, sourceName: string): Runbook {
  return parseYamlWithSchema(text, sourceName, runbookSchema, (m, o) => new RunbookValidationError(m, o));
}

export type PlaceholderValues = Partial<Record<RunbookPlaceholder, string | undefined>>;

/**
 * Replaces `{apiId}`-style placeholders with their values. Placeholders without a value stay as
 * written, which still reads as "fill this in" in a copied command.
 *
 * @example
 * fillPlaceholders('aws lambda get-policy --function-name {functionName}', { functionName: 'orders' });
 * // 'aws lambda get-policy --function-name orders'
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
    const value = (values as Record<string, string | undefined>)[name];
    return value !== undefined && value !== '' ? value : whole;
  });
}

/** The placeholder values a report provides: the API, its stage and region, and its function. */
export function placeholderValuesFor(report: Pick<DiagnosisReport, 'api' | 'evidence'>): PlaceholderValues {
  const { api, evidence } = report;
  const functionName =
    api.integrations.find((i) => i.lambdaFunctionName)?.lambdaFunctionName ??
    evidence.config?.integrations.find((i) => i.lambda)?.lambda?.functionName ??
    evidence.metrics?.lambda[0]?.functionName ??
    // An API without a Lambda integration still reads the runbook's Lambda commands: show a slot, not a brace.
    '<function-name>';
  return {
    apiId: api.id,
    apiName: restMetricApiName(api),
    stage: api.stage.name,
    region: api.region,
    functionName,
    accountId: api.accountId,
  };
}
