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
import { shellWord } from '../../core/runbook/shell-word.ts';
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

/** What a placeholder is called when its value cannot be shown in a command. */
const SLOT_NAMES: Record<RunbookPlaceholder, string> = {
  apiId: '<api-id>',
  apiName: '<api-name>',
  stage: '<stage>',
  region: '<region>',
  functionName: '<function-name>',
  accountId: '<account-id>',
};

/**
 * Replaces `{apiId}`-style placeholders with their values. Placeholders without a value stay as
 * written, which still reads as "fill this in" in a copied command. Inside an inline command
 * (between backticks) a value is shell-quoted for where it stands, or replaced by a `<slot>` when
 * it is not plainly safe, so a copied command never runs something hidden in an AWS name.
 *
 * @example
 * fillPlaceholders('aws lambda get-policy --function-name {functionName}', { functionName: 'orders' });
 * // 'aws lambda get-policy --function-name orders'
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  let out = '';
  let inCode = false;
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    const placeholder = ch === '{' ? /^\{([A-Za-z]+)\}/.exec(text.slice(i)) : null;
    if (placeholder) {
      const name = placeholder[1]!;
      const value = (values as Record<string, string | undefined>)[name];
      i += placeholder[0].length - 1;
      if (value === undefined || value === '') out += placeholder[0];
      else if (!inCode) out += value;
      else {
        const context = quote === "'" ? 'single-quoted' : quote === '"' ? 'double-quoted' : 'unquoted';
        out += shellWord(value, context) ?? SLOT_NAMES[name as RunbookPlaceholder] ?? placeholder[0];
      }
      continue;
    }
    if (ch === '`') {
      inCode = !inCode;
      quote = '';
    } else if (inCode && (ch === "'" || ch === '"') && (quote === '' || quote === ch)) {
      quote = quote === ch ? '' : ch;
    }
    out += ch;
  }
  return out;
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
