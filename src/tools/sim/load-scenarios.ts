import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ScenarioValidationError } from '../../core/errors/diagnose-error.ts';
import { parseScenario } from './parse-scenario.ts';
import type { Scenario } from './scenario-schema.ts';

/** Reading scenario files from disk; parsing and validation live in parse-scenario.ts. */

/** Every `*.yaml` / `*.yml` file of a directory, sorted by file name, ids checked for duplicates. */
export async function loadScenarios(dir: string): Promise<Scenario[]> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const scenarios = await Promise.all(files.map((f) => loadScenarioFile(join(dir, f))));
  const seen = new Map<string, string>();
  scenarios.forEach((s, i) => {
    const other = seen.get(s.id);
    if (other) throw new ScenarioValidationError(`${files[i]}: scenario id "${s.id}" is already used by ${other}; ids must be unique`);
    seen.set(s.id, files[i] ?? '');
  });
  return scenarios;
}

export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioValidationError(`${basename(path)}: cannot read the scenario file (${(error as Error).message})`, { cause: error });
  }
  return parseScenario(text, basename(path));
}
