import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ScenarioValidationError } from '../../core/errors/diagnose-error.ts';
import { LOG_TEMPLATE_VARIABLES, scenarioSchema, type Scenario } from './scenario-schema.ts';

/**
 * YAML text (or an already-parsed object) in, a validated Scenario out, or a
 * ScenarioValidationError that names the file, the path inside it and what is wrong. No file
 * system access, so a browser sandbox can validate a scenario a user is editing.
 *
 * Before validation, `{{apiId}}`, `{{apiName}}`, `{{stage}}`, `{{region}}` and `{{account}}` are
 * replaced everywhere, so that a copied scenario needs its API id changed in one place only.
 */

const DEFAULTS = { region: 'us-east-1', account: '123456789012' };

/** Parses and validates one scenario from YAML text; `fileName` only labels the errors. */
export function parseScenario(text: string, fileName: string): Scenario {
  const doc = parseDocument(text, { prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) throw new ScenarioValidationError(`${fileName}: not valid YAML: ${yamlError.message}`, { cause: yamlError });
  return validateScenario(doc.toJS() as unknown, fileName);
}

/** Validates an already-parsed object (for scenarios built in code, e.g. by tests). */
export function validateScenario(raw: unknown, fileName = 'scenario'): Scenario {
  const filled = fillPlaceholders(raw);
  const result = scenarioSchema.safeParse(filled);
  if (!result.success) throw new ScenarioValidationError(`${fileName}: ${describeIssues(result.error.issues)}`, { cause: result.error });
  const leftover = findUnknownPlaceholder(result.data);
  if (leftover) throw new ScenarioValidationError(`${fileName}: at ${leftover.path}: unknown placeholder {{${leftover.name}}}`);
  return result.data;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => `at ${formatPath(i.path)}: ${i.message}`);
  if (issues.length > 5) shown.push(`and ${issues.length - 5} more problem(s)`);
  return shown.join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function fillPlaceholders(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const r = raw as { region?: unknown; account?: unknown; api?: { id?: unknown; name?: unknown; stages?: Array<{ name?: unknown }> } };
  const values: Record<string, unknown> = {
    region: r.region ?? DEFAULTS.region,
    account: r.account ?? DEFAULTS.account,
    apiId: r.api?.id,
    apiName: r.api?.name,
    stage: Array.isArray(r.api?.stages) ? r.api.stages[0]?.name : undefined,
  };
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string')
      return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (typeof values[name] === 'string' ? (values[name] as string) : whole));
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return replace(raw);
}

/** Log templates may keep per-request variables; anything else left in braces is a typo. */
function findUnknownPlaceholder(scenario: Scenario): { path: string; name: string } | undefined {
  const runtime = new Set<string>(LOG_TEMPLATE_VARIABLES);
  const walk = (value: unknown, path: PropertyKey[]): { path: string; name: string } | undefined => {
    if (typeof value === 'string') {
      const inLogs = path[0] === 'logs';
      for (const match of value.matchAll(/\{\{(\w+)\}\}/g)) {
        const name = match[1] ?? '';
        if (!inLogs || !runtime.has(name)) return { path: formatPath(path), name };
      }
      return undefined;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const found = walk(value[i], [...path, i]);
        if (found) return found;
      }
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const found = walk(v, [...path, k]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(scenario, []);
}
