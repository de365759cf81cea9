/** API deployments: to which stage, with what description. */
import { listed, str, type Json } from './trail-json.ts';

export function describeApiDeploymentChange(_eventName: string, params: Json): string | undefined {
  return listed([str(params.stageName) && `to stage ${str(params.stageName)}`, str(params.description) && `"${str(params.description)}"`]);
}
