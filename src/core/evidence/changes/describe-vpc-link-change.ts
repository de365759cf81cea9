/** VPC link changes: its name and targets, or the patch applied to it. */
import { describePatch, items, listed, shortArn, str, type Json } from './trail-json.ts';

export function describeVpcLinkChange(_eventName: string, params: Json): string | undefined {
  return (
    listed([str(params.name) && `name ${str(params.name)}`, ...items(params.targetArns).map((arn) => `target ${shortArn(String(arn))}`)]) ??
    describePatch(params)
  );
}
