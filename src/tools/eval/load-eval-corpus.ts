import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ScenarioValidationError } from '../../core/errors/diagnose-error.ts';
import { validateScenario } from '../sim/parse-scenario.ts';
import type { Scenario } from '../sim/scenario-schema.ts';

/** A corpus incident: the validated scenario and the raw YAML object perturbations start from. */
export interface CorpusEntry {
  file: string;
  raw: Record<string, unknown>;
  scenario: Scenario;
}

/** Every scenario file of `dir`, sorted by name; the raw form keeps `{{placeholders}}` unfilled. */
export async function loadEvalCorpus(dir: string): Promise<CorpusEntry[]> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const doc = parseDocument(await readFile(join(dir, file), 'utf8'));
      if (doc.errors[0]) throw new ScenarioValidationError(`${file}: not valid YAML: ${doc.errors[0].message}`);
      const raw = doc.toJS() as Record<string, unknown>;
      return { file, raw, scenario: validateScenario(raw, file) };
    }),
  );
}
