/** Lambda resource-policy changes: which statement, for which principal, from which source. */
import { listed, shortArn, str, type Json } from './trail-json.ts';

export function describeLambdaPermissionChange(_eventName: string, params: Json): string | undefined {
  const statement = str(params.statementId);
  const principal = str(params.principal);
  const source = str(params.sourceArn);
  return listed([statement && `statement ${statement}`, principal && `for ${principal}`, source && `from ${shortArn(source)}`], ' ');
}
