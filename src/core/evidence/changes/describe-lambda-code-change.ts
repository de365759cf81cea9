/** Lambda deployments: new code, a published version, an alias moved to another version. */
import { listed, str, type Json } from './trail-json.ts';

export function describeLambdaCodeChange(_eventName: string, params: Json): string | undefined {
  const alias = str(params.name);
  const version = str(params.functionVersion);
  if (alias && version) return `alias ${alias} → version ${version}`;
  if (alias) return `alias ${alias}`;
  return listed([str(params.description) && `"${str(params.description)}"`, params.publish === true ? 'published' : undefined]);
}
