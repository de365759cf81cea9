import { AwsFault, queryList, type QueryOperation, type SimContext, type SimService, type XmlValue } from '../sim-protocol.ts';
import { hexFor } from '../seeded-random.ts';
import { loadBalancerDns, type OwnedLoadBalancer, type OwnedTargetGroup } from '../sim-world.ts';

/**
 * Elastic Load Balancing v2 (AWS Query protocol, XML answers): DescribeLoadBalancers,
 * DescribeTargetGroups, DescribeTargetHealth and DescribeListeners for the network load
 * balancers behind the scenarios' VPC links.
 */

function lbXml(o: OwnedLoadBalancer, ctx: SimContext): XmlValue {
  return {
    LoadBalancerArn: o.arn,
    DNSName: loadBalancerDns(o.scenario, o.lb),
    CanonicalHostedZoneId: 'Z26RNL4JYFTOTI',
    CreatedTime: new Date(ctx.now.getTime() - 300 * 86_400_000),
    LoadBalancerName: o.lb.name,
    Scheme: o.lb.scheme,
    VpcId: o.lb.vpcId,
    State: { Code: o.lb.state },
    Type: o.lb.type,
    AvailabilityZones: ['a', 'b'].map((z, i) => ({ ZoneName: `${o.scenario.region}${z}`, SubnetId: `subnet-0${hexFor(16, o.arn, 'subnet', i)}` })),
    SecurityGroups: o.lb.securityGroups.length ? o.lb.securityGroups : undefined,
    IpAddressType: 'ipv4',
  };
}

function tgXml(o: OwnedTargetGroup): XmlValue {
  return {
    TargetGroupArn: o.tgArn,
    TargetGroupName: o.tg.name,
    Protocol: o.tg.protocol,
    Port: o.tg.port,
    VpcId: o.lb.vpcId,
    HealthCheckProtocol: o.tg.healthCheck.protocol,
    HealthCheckPort: o.tg.healthCheck.port,
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 10,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: o.tg.healthCheck.path,
    LoadBalancerArns: [o.arn],
    TargetType: o.tg.targetType,
    IpAddressType: 'ipv4',
  };
}

function listenerArn(o: OwnedTargetGroup): string {
  return `${o.arn.replace(':loadbalancer/', ':listener/')}/${hexFor(16, o.tgArn, 'listener')}`;
}

const describeLoadBalancers: QueryOperation = (params, ctx) => {
  const arns = queryList(params, 'LoadBalancerArns');
  const names = queryList(params, 'Names');
  const all = ctx.world.loadBalancersIn(ctx.visible);
  let found = all;
  if (arns.length || names.length) {
    found = all.filter((o) => arns.includes(o.arn) || names.includes(o.lb.name));
    const missing = arns.find((a) => !found.some((o) => o.arn === a)) ?? names.find((n) => !found.some((o) => o.lb.name === n));
    ctx.authorize(
      'elasticloadbalancing:DescribeLoadBalancers',
      found.map((o) => o.scenario),
    );
    if (missing) throw new AwsFault('LoadBalancerNotFound', `One or more load balancers not found`, 400);
  } else {
    ctx.authorize('elasticloadbalancing:DescribeLoadBalancers');
  }
  return { LoadBalancers: found.map((o) => lbXml(o, ctx)) };
};

const describeTargetGroups: QueryOperation = (params, ctx) => {
  const lbArn = params.get('LoadBalancerArn');
  const arns = queryList(params, 'TargetGroupArns');
  const names = queryList(params, 'Names');
  const all = ctx.world.targetGroupsIn(ctx.visible);
  let found = all;
  if (lbArn) {
    found = all.filter((o) => o.arn === lbArn);
    if (!ctx.world.loadBalancersIn(ctx.visible).some((o) => o.arn === lbArn))
      throw new AwsFault('LoadBalancerNotFound', 'One or more load balancers not found', 400);
  }
  if (arns.length || names.length) {
    found = found.filter((o) => arns.includes(o.tgArn) || names.includes(o.tg.name));
    if (found.length < arns.length + names.length) throw new AwsFault('TargetGroupNotFound', 'One or more target groups not found', 400);
  }
  ctx.authorize(
    'elasticloadbalancing:DescribeTargetGroups',
    found.map((o) => o.scenario),
  );
  return { TargetGroups: found.map(tgXml) };
};

const describeTargetHealth: QueryOperation = (params, ctx) => {
  const arn = params.get('TargetGroupArn');
  if (!arn)
    throw new AwsFault(
      'ValidationError',
      "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null",
      400,
    );
  const o = ctx.world.targetGroupsIn(ctx.visible).find((t) => t.tgArn === arn);
  ctx.authorize('elasticloadbalancing:DescribeTargetHealth', o ? [o.scenario] : []);
  if (!o) throw new AwsFault('TargetGroupNotFound', `Target groups '${arn}' not found`, 400);
  return {
    TargetHealthDescriptions: o.tg.targets.map((t) => ({
      Target: { Id: t.id, Port: t.port ?? o.tg.port },
      HealthCheckPort: String(t.port ?? o.tg.port),
      TargetHealth: { State: t.state, Reason: t.reason, Description: t.description },
    })),
  };
};

const describeListeners: QueryOperation = (params, ctx) => {
  const lbArn = params.get('LoadBalancerArn');
  const arns = queryList(params, 'ListenerArns');
  const groups = ctx.world.targetGroupsIn(ctx.visible).filter((o) => (!lbArn || o.arn === lbArn) && (arns.length === 0 || arns.includes(listenerArn(o))));
  ctx.authorize(
    'elasticloadbalancing:DescribeListeners',
    groups.map((o) => o.scenario),
  );
  if (lbArn && !ctx.world.loadBalancersIn(ctx.visible).some((o) => o.arn === lbArn))
    throw new AwsFault('LoadBalancerNotFound', 'One or more load balancers not found', 400);
  return {
    Listeners: groups.map((o) => ({
      ListenerArn: listenerArn(o),
      LoadBalancerArn: o.arn,
      Port: o.tg.port,
      Protocol: o.tg.protocol,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: o.tgArn }],
    })),
  };
};

export const elbv2Service: SimService = {
  name: 'elasticloadbalancing',
  protocol: 'query',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  operations: {
    DescribeLoadBalancers: describeLoadBalancers,
    DescribeTargetGroups: describeTargetGroups,
    DescribeTargetHealth: describeTargetHealth,
    DescribeListeners: describeListeners,
  },
};
