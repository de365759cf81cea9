/**
 * Which API and stage a custom domain sends a path to, the way API Gateway decides it: routing
 * rules first (lowest priority number wins) when the domain's routing mode uses them, then the
 * API mapping whose key is the longest whole-segment prefix of the path. Pure: the adapters read
 * the domain's rules and mappings and hand them in.
 */

export type RoutingMode = 'API_MAPPING_ONLY' | 'ROUTING_RULE_ONLY' | 'ROUTING_RULE_THEN_API_MAPPING';

export interface DomainMapping {
  /** The mapping key (v2) or base path (v1) without slashes; '' for the domain's root. */
  key: string;
  apiId: string;
  stage: string;
  /** Known for base path mappings, which only REST APIs have. */
  type?: 'rest' | 'http';
}

export interface DomainRoutingRule {
  priority: number;
  /** Base paths the rule matches, any of them; empty when the rule has no base-path condition. */
  basePaths: string[];
  /** Header conditions cannot be judged from a URL alone. */
  hasHeaderConditions: boolean;
  apiId: string;
  stage: string;
  stripBasePath: boolean;
}

export interface DomainRoute {
  apiId: string;
  stage: string;
  /** The path the API sees, always starting with "/". */
  route: string;
  via: 'routing-rule' | 'api-mapping';
  type?: 'rest' | 'http';
}

export interface DomainRouteInput {
  path: string;
  routingMode: RoutingMode;
  rules: readonly DomainRoutingRule[];
  mappings: readonly DomainMapping[];
}

/**
 * @example matchDomainRoute({ path: '/v2/orders', routingMode: 'API_MAPPING_ONLY', rules: [],
 *   mappings: [{ key: 'v2', apiId: 'a1b2c3d4e5', stage: 'prod' }] }) // → route '/orders'
 */
export function matchDomainRoute(input: DomainRouteInput): { found?: DomainRoute; skippedHeaderRules: number } {
  const segments = splitPath(input.path);
  let skippedHeaderRules = 0;
  if (input.routingMode !== 'API_MAPPING_ONLY') {
    const rules = [...input.rules].sort((a, b) => a.priority - b.priority);
    for (const rule of rules) {
      // A rule that also needs a header may or may not match the person's request: never guess.
      if (rule.hasHeaderConditions) {
        skippedHeaderRules++;
        continue;
      }
      const base = rule.basePaths.length === 0 ? [] : rule.basePaths.map(splitPath).find((b) => startsWith(segments, b));
      if (base === undefined) continue;
      const route = rule.stripBasePath ? segments.slice(base.length) : segments;
      return { found: { apiId: rule.apiId, stage: rule.stage, route: joinPath(route), via: 'routing-rule' }, skippedHeaderRules };
    }
    if (input.routingMode === 'ROUTING_RULE_ONLY') return { skippedHeaderRules };
  }
  let best: { mapping: DomainMapping; length: number } | undefined;
  for (const mapping of input.mappings) {
    const key = splitPath(mapping.key);
    if (startsWith(segments, key) && (!best || key.length > best.length)) best = { mapping, length: key.length };
  }
  if (!best) return { skippedHeaderRules };
  const { mapping } = best;
  return {
    found: {
      apiId: mapping.apiId,
      stage: mapping.stage,
      route: joinPath(segments.slice(best.length)),
      via: 'api-mapping',
      ...(mapping.type ? { type: mapping.type } : {}),
    },
    skippedHeaderRules,
  };
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function startsWith(segments: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= segments.length && prefix.every((p, i) => segments[i] === p);
}

function joinPath(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}
