/**
 * The load balancer a listener belongs to, derived from the listener ARN alone:
 * `…:listener/net/name/lbId/listenerId` → `…:loadbalancer/net/name/lbId`. Saves a
 * DescribeListeners round trip. Returns undefined when the ARN is not an ELBv2 listener
 * (an HTTP API VPC-link integration may also point at a Cloud Map service).
 */
export function loadBalancerArnFromListener(listenerArn: string): string | undefined {
  const match = /^(arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:)listener\/((?:net|app|gwy)\/[^/]+\/[^/]+)\/[^/]+$/.exec(listenerArn);
  if (!match) return undefined;
  return `${match[1]}loadbalancer/${match[2]}`;
}
