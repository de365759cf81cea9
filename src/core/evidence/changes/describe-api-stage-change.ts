/** API stage changes: the patch applied, or the deployment the stage now points at. */
import { describePatch, listed, str, type Json } from './trail-json.ts';

export function describeApiStageChange(_eventName: string, params: Json): string | undefined {
  return describePatch(params) ?? listed([str(params.deploymentId) && `deployment ${str(params.deploymentId)}`]);
}
