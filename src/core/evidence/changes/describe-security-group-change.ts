/** Security group changes: rules authorised or revoked, rules modified, groups created or swapped on an interface. */
import { renderPermission, renderRule } from './render-rule.ts';
import { field, isText, items, listed, obj, paramScopes, str, type Json } from './trail-json.ts';

export function describeSecurityGroupChange(eventName: string, params: Json): string | undefined {
  if (eventName === 'CreateSecurityGroup') {
    return listed([str(params.groupName) && `name ${str(params.groupName)}`, str(params.vpcId) && `in ${str(params.vpcId)}`]);
  }
  if (eventName === 'ModifyNetworkInterfaceAttribute') {
    const groups = items(params.groupSet)
      .map((g) => str(field(obj(g), 'groupId')))
      .filter(isText);
    if (groups.length > 0) return `security groups now ${groups.join(', ')}`;
    const changed = Object.keys(params).filter((key) => key !== 'networkInterfaceId');
    return changed.length > 0 ? `changed ${changed.join(', ')}` : undefined;
  }
  if (eventName === 'ModifySecurityGroupRules') {
    const scope = paramScopes(params).at(-1) ?? params;
    const rules = items(field(scope, 'securityGroupRule')).map((item) => {
      const rule = obj(item);
      const id = str(field(rule, 'securityGroupRuleId'));
      const body = obj(field(rule, 'securityGroupRule'));
      const what = body
        ? renderRule(field(body, 'ipProtocol'), field(body, 'fromPort'), field(body, 'toPort'), [
            field(body, 'cidrIpv4'),
            field(body, 'cidrIpv6'),
            field(body, 'referencedGroupId'),
            field(body, 'prefixListId'),
          ])
        : undefined;
      return [id, what].filter(isText).join(' now ');
    });
    return listed(rules.filter(isText).map((rule) => `rule ${rule}`));
  }
  const way = eventName.includes('Egress') ? 'to' : 'from';
  const permissions = items(params.ipPermissions);
  // Older callers send one flat permission instead of a list.
  if (permissions.length === 0 && params.ipProtocol !== undefined) permissions.push(params);
  const rendered = permissions.map((permission) => renderPermission(obj(permission) ?? {}, way));
  const ruleIds = items(params.securityGroupRuleIds)
    .map((item) => str(item) ?? str(field(obj(item), 'securityGroupRuleId')))
    .filter(isText);
  return listed([...rendered, ...(ruleIds.length > 0 ? [`rules ${ruleIds.join(', ')}`] : [])]);
}
