/** Firewall rules in words (`tcp 443 from 10.0.0.0/16`), for security groups and network ACLs alike. */
import { field, isText, items, num, obj, str, type Json } from './trail-json.ts';

/** `tcp 443 from 10.0.0.0/16, sg-0def` for one item of `ipPermissions`. */
export function renderPermission(permission: Json, way: string): string {
  const peers = [
    ...items(permission.ipRanges).map((r) => field(obj(r), 'cidrIp')),
    ...items(permission.ipv6Ranges).map((r) => field(obj(r), 'cidrIpv6')),
    ...items(permission.groups).map((g) => field(obj(g), 'groupId')),
    ...items(permission.prefixListIds).map((p) => field(obj(p), 'prefixListId')),
  ];
  const rule = renderRule(permission.ipProtocol, permission.fromPort, permission.toPort, []);
  const names = peers.map(str).filter(isText);
  return names.length > 0 ? `${rule} ${way} ${names.join(', ')}` : rule;
}

export function renderRule(protocol: unknown, fromPort: unknown, toPort: unknown, peers: unknown[]): string {
  const proto = protocolName(protocol);
  const ports = portRange(fromPort, toPort, proto);
  const names = peers.map(str).filter(isText);
  return [proto, ports, names.join(', ')].filter(isText).join(' ');
}

function protocolName(protocol: unknown): string {
  const value = str(protocol) ?? (typeof protocol === 'number' ? String(protocol) : undefined);
  switch (value) {
    case undefined:
      return 'any protocol';
    case '-1':
    case 'all':
      return 'all traffic';
    case '6':
      return 'tcp';
    case '17':
      return 'udp';
    case '1':
      return 'icmp';
    default:
      return value;
  }
}

function portRange(fromPort: unknown, toPort: unknown, proto: string): string | undefined {
  if (proto === 'all traffic') return undefined;
  const from = num(fromPort);
  const to = num(toPort);
  if (from === undefined && to === undefined) return undefined;
  if (from === -1 || (from === 0 && to === 65535)) return 'all ports';
  if (from === undefined || to === undefined || from === to) return String(from ?? to);
  return `${from}-${to}`;
}
