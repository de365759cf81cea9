/** Load balancer (ELB) changes: targets registered or removed, security groups, attributes, listener settings. */
import { field, isText, items, listed, num, obj, scalarSettings, str, type Json } from './trail-json.ts';

export function describeLoadBalancerChange(_eventName: string, params: Json): string | undefined {
  const targets = items(params.targets).map((item) => {
    const target = obj(item);
    const id = str(field(target, 'id'));
    const port = num(field(target, 'port'));
    return id && port !== undefined ? `${id}:${port}` : id;
  });
  if (targets.length > 0) return listed(targets.filter(isText).map((t) => `target ${t}`));
  const groups = items(params.securityGroups).map(str).filter(isText);
  if (groups.length > 0) return `security groups now ${groups.join(', ')}`;
  const attributes = items(params.attributes).map((item) => {
    const attribute = obj(item);
    const key = str(field(attribute, 'key'));
    return key ? `${key}=${str(field(attribute, 'value')) ?? ''}` : undefined;
  });
  if (attributes.length > 0) return listed(attributes);
  return listed(scalarSettings(params, ['targetGroupArn', 'loadBalancerArn', 'listenerArn']));
}
