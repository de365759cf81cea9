import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../src/core/evidence/types.ts';
import type { DiagnosisLabel } from '../../../src/core/feedback/diagnosis-label.ts';
import { incidentTraitsOf, type IncidentTraits } from '../../../src/core/memory/incident-traits.ts';
import { rankSimilarIncidents, type PastIncident } from '../../../src/core/memory/rank-similar-incidents.ts';

const SG = 'sg-0a1b2c3d4e5f60718';

function networkEvidence(sg = SG, who = 'deploy-bot'): Evidence {
  return {
    missing: [],
    config: {
      integrations: [
        {
          integration: { route: 'ANY /{proxy+}', type: 'HTTP_PROXY', connectionType: 'VPC_LINK', timeoutMs: 29_000, vpcLinkId: 'vl-inv01' },
          vpcLink: {
            id: 'vl-inv01',
            loadBalancerArns: ['arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/inv/1'],
            securityGroups: [sg],
            targets: [],
            healthy: 0,
            unhealthy: 2,
          },
          risks: [],
        },
      ],
    },
    changes: {
      lookedAt: { start: '2026-11-12T08:00:00Z', end: '2026-11-12T10:00:00Z' },
      pages: 1,
      truncated: false,
      changes: [
        {
          time: '2026-11-12T09:30:00Z',
          eventName: 'RevokeSecurityGroupIngress',
          eventSource: 'ec2.amazonaws.com',
          kind: 'security-group',
          who,
          resources: [sg],
          relatedToApi: true,
          minutesBeforeOnset: 4,
          summary: `RevokeSecurityGroupIngress on ${sg}`,
        },
        {
          time: '2026-11-12T09:00:00Z',
          eventName: 'UpdateFunctionCode',
          eventSource: 'lambda.amazonaws.com',
          kind: 'lambda-code',
          who: 'someone-unrelated',
          resources: ['fn'],
          relatedToApi: false,
          summary: 'unrelated',
        },
      ],
    },
  } as Evidence;
}

const past = (id: string, traits: Partial<IncidentTraits>, extra: Partial<PastIncident> = {}): PastIncident => ({
  diagnosisId: id,
  at: '2026-11-12T10:00:00.000Z',
  traits: { apiId: 'other0api1', cause: 'timeout', resources: [], ...traits },
  ...extra,
});

describe('incidentTraitsOf', () => {
  it('takes the VPC link, load balancer, security group and change principal from the evidence', () => {
    const traits = incidentTraitsOf({ api: { id: 'n3w8v5l2kb', name: 'inventory-api' }, verdict: { cause: 'network' }, evidence: networkEvidence() });
    expect(traits).toEqual({
      apiId: 'n3w8v5l2kb',
      apiName: 'inventory-api',
      cause: 'network',
      resources: [
        { kind: 'vpc-link', id: 'vl-inv01' },
        { kind: 'load-balancer', id: 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/inv/1' },
        { kind: 'security-group', id: SG },
        { kind: 'change-principal', id: 'deploy-bot' },
      ],
    });
  });

  it("prefers the verdict's where over the evidence", () => {
    const traits = incidentTraitsOf({
      api: { id: 'a1', name: 'orders' },
      verdict: {
        cause: 'permission',
        where: {
          routes: [],
          backend: { kind: 'lambda', functionName: 'orders-fn', qualifier: 'live' },
          change: { eventName: 'RemovePermission', resource: 'orders-fn', who: 'alice' },
        },
      },
      evidence: networkEvidence(),
    });
    expect(traits.resources).toEqual([
      { kind: 'function', id: 'orders-fn' },
      { kind: 'change-principal', id: 'alice' },
    ]);
  });
});

describe('rankSimilarIncidents', () => {
  const current = {
    diagnosisId: 'now',
    ...incidentTraitsOf({ api: { id: 'n3w8v5l2kb', name: 'inventory-api' }, verdict: { cause: 'network' }, evidence: networkEvidence() }),
  };

  it('ranks a shared security group above a shared API above a shared cause, at most three, never itself', () => {
    // Prepare
    const sameSg = past('sg', { apiId: 'x9', cause: 'network', resources: [{ kind: 'security-group', id: SG }] });
    const sameApi = past('api', { apiId: 'n3w8v5l2kb', cause: 'timeout' });
    const sameCauseVerified = past('cause', { apiId: 'y8', cause: 'network' }, { fixVerified: true });
    const sameCauseOnly = past('cause-unjudged', { apiId: 'z7', cause: 'network' });
    const unrelated = past('none', { apiId: 'q1', cause: 'permission', resources: [{ kind: 'function', id: 'f' }] });
    const older = past('api-older', { apiId: 'n3w8v5l2kb', cause: 'timeout' }, { at: '2026-10-01T00:00:00.000Z' });
    // Act
    const ranked = rankSimilarIncidents(current, [unrelated, sameCauseOnly, older, sameCauseVerified, sameApi, sameSg, past('now', current)]);
    // Assess
    expect(ranked.map((r) => r.past.diagnosisId)).toEqual(['sg', 'api', 'api-older']);
    expect(ranked[0]?.shared).toEqual([
      { kind: 'resource', resource: { kind: 'security-group', id: SG } },
      { kind: 'cause', cause: 'network' },
    ]);
    expect(rankSimilarIncidents(current, [sameCauseVerified, sameCauseOnly]).map((r) => r.past.diagnosisId)).toEqual(['cause']);
  });

  it('shows a past verdict labelled wrong as wrong, with the cause it really had', () => {
    const wrong: DiagnosisLabel = {
      predictedCause: 'timeout',
      confidence: 0.7,
      trueCause: 'network',
      source: 'corrected',
      by: 'U0BOB',
      at: '2026-11-12T11:00:00.000Z',
      note: 'restored the ingress rule',
    };
    const [match] = rankSimilarIncidents(current, [past('p', { apiId: 'n3w8v5l2kb', cause: 'timeout' }, { labels: [wrong] })]);
    expect(match).toMatchObject({ judged: 'wrong', cause: 'network', note: 'restored the ingress rule' });
    // Its real cause is the current one, so that counts as shared too.
    expect(match?.shared).toEqual([{ kind: 'api' }, { kind: 'cause', cause: 'network' }]);
  });
});
