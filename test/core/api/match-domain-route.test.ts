import { describe, expect, it } from 'vitest';
import { matchDomainRoute, type DomainRoutingRule } from '../../../src/core/api/match-domain-route.ts';

const mappings = [
  { key: '', apiId: 'rootapi001', stage: 'prod' },
  { key: 'v2', apiId: 'v2api00001', stage: 'live' },
  { key: 'v2/orders', apiId: 'orders0001', stage: 'prod', type: 'rest' as const },
];
const rule = (r: Partial<DomainRoutingRule>): DomainRoutingRule => ({
  priority: 10,
  basePaths: [],
  hasHeaderConditions: false,
  apiId: 'ruleapi001',
  stage: 'prod',
  stripBasePath: false,
  ...r,
});

describe('matchDomainRoute', () => {
  it('picks the longest whole-segment mapping and strips its key', () => {
    expect(matchDomainRoute({ path: '/v2/orders/42', routingMode: 'API_MAPPING_ONLY', rules: [], mappings }).found).toEqual({
      apiId: 'orders0001',
      stage: 'prod',
      route: '/42',
      via: 'api-mapping',
      type: 'rest',
    });
    expect(matchDomainRoute({ path: '/v2/ordersx', routingMode: 'API_MAPPING_ONLY', rules: [], mappings }).found?.apiId).toBe('v2api00001');
    expect(matchDomainRoute({ path: '/health', routingMode: 'API_MAPPING_ONLY', rules: [], mappings }).found).toMatchObject({
      apiId: 'rootapi001',
      route: '/health',
    });
  });

  it('ignores routing rules unless the routing mode uses them', () => {
    const rules = [rule({ basePaths: ['v2'] })];
    expect(matchDomainRoute({ path: '/v2/x', routingMode: 'API_MAPPING_ONLY', rules, mappings }).found?.apiId).toBe('v2api00001');
    expect(matchDomainRoute({ path: '/v2/x', routingMode: 'ROUTING_RULE_THEN_API_MAPPING', rules, mappings }).found).toEqual({
      apiId: 'ruleapi001',
      stage: 'prod',
      route: '/v2/x',
      via: 'routing-rule',
    });
  });

  it('tries rules by priority, strips the base path when asked, and falls back to mappings', () => {
    const rules = [rule({ priority: 50, basePaths: ['v2'], apiId: 'late000001' }), rule({ priority: 5, basePaths: ['v2', 'v3'], stripBasePath: true })];
    expect(matchDomainRoute({ path: '/v3/a', routingMode: 'ROUTING_RULE_THEN_API_MAPPING', rules, mappings }).found).toMatchObject({
      apiId: 'ruleapi001',
      route: '/a',
    });
    expect(matchDomainRoute({ path: '/v9/a', routingMode: 'ROUTING_RULE_THEN_API_MAPPING', rules, mappings }).found).toMatchObject({
      apiId: 'rootapi001',
      via: 'api-mapping',
    });
  });

  it('never guesses on header conditions, and finds nothing in rule-only mode when no rule fits', () => {
    const rules = [rule({ hasHeaderConditions: true, basePaths: ['v2'] })];
    expect(matchDomainRoute({ path: '/v2/a', routingMode: 'ROUTING_RULE_ONLY', rules, mappings })).toEqual({ skippedHeaderRules: 1 });
  });
});
