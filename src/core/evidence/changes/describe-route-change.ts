/** Route table changes: a destination and where it now goes, or an association. */
import { isText, str, type Json } from './trail-json.ts';

const ROUTE_TARGETS = [
  'gatewayId',
  'natGatewayId',
  'transitGatewayId',
  'networkInterfaceId',
  'vpcPeeringConnectionId',
  'vpcEndpointId',
  'instanceId',
  'egressOnlyInternetGatewayId',
  'localGatewayId',
  'carrierGatewayId',
];

export function describeRouteChange(_eventName: string, params: Json): string | undefined {
  const destination = str(params.destinationCidrBlock) ?? str(params.destinationIpv6CidrBlock) ?? str(params.destinationPrefixListId);
  if (!destination) {
    const association = str(params.associationId);
    return association ? `association ${association}` : undefined;
  }
  const target = ROUTE_TARGETS.map((key) => str(params[key])).find(isText);
  return target ? `${destination} → ${target}` : destination;
}
