/**
 * Reads the bot configuration file (YAML) and validates it. Errors name the file and the path of
 * every offending field, so the operator can fix them all in one go.
 */
import { readFile } from 'node:fs/promises';
import { ConfigValidationError } from '../../core/errors/diagnose-error.ts';
import { accessConfigSchema, OPEN_ACCESS_CONFIG, type AccessConfig } from './access-config-schema.ts';
import { parseYamlWithSchema } from './parse-yaml-with-schema.ts';

/**
 * Loads the access configuration; without a path, the open default (everyone, own account).
 *
 * @example
 * const config = await loadAccessConfig(process.env.DIAGNOSE502_CONFIG);
 * config.apis?.['a1b2c3d4e5']?.region; // 'eu-west-1'
 */
export async function loadAccessConfig(path?: string): Promise<AccessConfig> {
  if (path === undefined) return OPEN_ACCESS_CONFIG;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigValidationError(`${path}: cannot read the configuration file (${reason}); check DIAGNOSE502_CONFIG`, { cause: error });
  }
  return parseAccessConfig(text, path);
}

/** Parses and validates configuration YAML; `sourceName` is what messages call the file. */
export function parseAccessConfig(text: string, sourceName: string): AccessConfig {
  // An empty file is an open configuration, like no file at all.
  return parseYamlWithSchema(text, sourceName, accessConfigSchema, (m, o) => new ConfigValidationError(m, o), { emptyAs: {} });
}
