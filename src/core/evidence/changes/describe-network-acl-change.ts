/** Network ACL changes: an entry (inbound or outbound, allow or deny) or a subnet association. */
import { renderRule } from './render-rule.ts';
import { field, num, obj, str, type Json } from './trail-json.ts';

export function describeNetworkAclChange(_eventName: string, params: Json): string | undefined {
  const ruleNumber = num(params.ruleNumber);
  if (ruleNumber === undefined) {
    const association = str(params.associationId);
    return association ? `association ${association}` : undefined;
  }
  const egress = params.egress === true || params.egress === 'true';
  const range = obj(params.portRange);
  const rule = renderRule(params.aclProtocol ?? params.protocol, field(range, 'from'), field(range, 'to'), []);
  const cidr = str(params.cidrBlock) ?? str(params.ipv6CidrBlock);
  const action = str(params.ruleAction);
  const parts = [`${egress ? 'outbound' : 'inbound'} rule ${ruleNumber}`];
  if (action) parts.push(`${action} ${rule}${cidr ? ` ${egress ? 'to' : 'from'} ${cidr}` : ''}`);
  return parts.join(' ');
}
