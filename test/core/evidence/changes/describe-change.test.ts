/**
 * One line per CloudTrail change, decided in core: the describer registered for each kind, and
 * toChangeEvent around it. (The CloudTrail fetch itself is tested in test/adapters/aws/collect-changes.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { ApiDescriptor } from '../../../../src/core/api/api-descriptor.ts';
import { CHANGE_DESCRIBERS, describeChangeRequest, summariseChange } from '../../../../src/core/evidence/changes/describe-change.ts';
import { toChangeEvent, type TrailEventRecord } from '../../../../src/core/evidence/changes/to-change-event.ts';
import type { ChangeKind } from '../../../../src/core/evidence/types.ts';

const ACCOUNT = '111122223333';
const FN_ARN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:checkout-fn`;

const api: ApiDescriptor = {
  id: 'a1b2c3d4e5',
  type: 'rest',
  name: 'shop',
  region: 'eu-west-1',
  accountId: ACCOUNT,
  stage: { name: 'prod', executionLogging: 'ERROR', dataTraceEnabled: false, tracingEnabled: false, detailedMetricsEnabled: false, variables: {} },
  integrations: [
    {
      route: 'POST /checkout',
      type: 'AWS_PROXY',
      connectionType: 'INTERNET',
      timeoutMs: 29_000,
      lambdaArn: `${FN_ARN}:live`,
      lambdaFunctionName: 'checkout-fn',
    },
  ],
};

/** A LookupEvents result item with the record as CloudTrail writes it. */
function record(name: string, source: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}): TrailEventRecord {
  return {
    EventName: name,
    EventSource: source,
    EventTime: new Date('2026-03-01T10:10:00Z'),
    ReadOnly: 'false',
    Username: 'alice',
    CloudTrailEvent: JSON.stringify({
      userIdentity: { type: 'IAMUser', userName: 'alice' },
      eventName: name,
      eventSource: source,
      requestParameters,
      ...extra,
    }),
  };
}

describe('describing a change', () => {
  it('has a describer for every kind of change', () => {
    const kinds: ChangeKind[] = [
      'security-group',
      'network-acl',
      'route',
      'load-balancer',
      'vpc-link',
      'lambda-permission',
      'lambda-code',
      'lambda-config',
      'api-deployment',
      'api-stage',
      'api-integration',
      'access-rule',
    ];
    expect(Object.keys(CHANGE_DESCRIBERS).sort()).toEqual([...kinds].sort());
  });

  it.each([
    [
      'UpdateWebACL',
      'wafv2.amazonaws.com',
      { name: 'storefront-acl', scope: 'REGIONAL', rules: [{ name: 'login-rate-limit', action: { block: {} } }] },
      'UpdateWebACL by alice: web ACL storefront-acl, rules login-rate-limit (block)',
    ],
    [
      'ReplaceNetworkAclEntry',
      'ec2.amazonaws.com',
      {
        networkAclId: 'acl-1',
        ruleNumber: 100,
        egress: false,
        ruleAction: 'deny',
        aclProtocol: '6',
        portRange: { from: 443, to: 443 },
        cidrBlock: '0.0.0.0/0',
      },
      'ReplaceNetworkAclEntry on acl-1 by alice: inbound rule 100 deny tcp 443 from 0.0.0.0/0',
    ],
    [
      'ModifySecurityGroupRules',
      'ec2.amazonaws.com',
      {
        ModifySecurityGroupRulesRequest: {
          GroupId: 'sg-9',
          SecurityGroupRule: { SecurityGroupRuleId: 'sgr-1', SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8' } },
        },
      },
      'ModifySecurityGroupRules on sg-9 by alice: rule sgr-1 now tcp 22 10.0.0.0/8',
    ],
    [
      'AuthorizeSecurityGroupEgress',
      'ec2.amazonaws.com',
      { groupId: 'sg-2', ipPermissions: { items: [{ ipProtocol: '-1', groups: { items: [{ groupId: 'sg-3' }] } }] } },
      'AuthorizeSecurityGroupEgress on sg-2 by alice: all traffic to sg-3',
    ],
    [
      'CreateRoute',
      'ec2.amazonaws.com',
      { routeTableId: 'rtb-1', destinationCidrBlock: '10.1.0.0/16', natGatewayId: 'nat-1' },
      'CreateRoute on rtb-1 by alice: 10.1.0.0/16 → nat-1',
    ],
    [
      'PutFunctionConcurrency20171031',
      'lambda.amazonaws.com',
      { functionName: 'checkout-fn', reservedConcurrentExecutions: 0 },
      'PutFunctionConcurrency on checkout-fn by alice: reserved concurrency 0 (every invocation is throttled)',
    ],
    [
      'UpdateIntegration',
      'apigateway.amazonaws.com',
      { restApiId: 'a1b2c3d4e5', resourceId: 'r1', httpMethod: 'POST', patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '5000' }] },
      'UpdateIntegration on a1b2c3d4e5 by alice: POST on resource r1: replace /timeoutInMillis=5000',
    ],
    [
      'CreateIntegration',
      'apigateway.amazonaws.com',
      { apiId: 'h1j2k3l4m5', integrationType: 'AWS_PROXY', integrationUri: `${FN_ARN}:live`, payloadFormatVersion: '2.0' },
      'CreateIntegration on h1j2k3l4m5 by alice: AWS_PROXY; function checkout-fn:live; payload 2.0',
    ],
  ])('summarises %s in one line', (name, source, requestParameters, summary) => {
    // Act
    const change = toChangeEvent(record(name, source, requestParameters), api);

    // Assess
    expect(change?.summary).toBe(summary);
  });

  it.each([
    [
      'lambda-permission',
      'AddPermission20150331v2',
      { functionName: 'f', statementId: 'apigw', principal: 'apigateway.amazonaws.com' },
      'statement apigw for apigateway.amazonaws.com',
    ],
    ['lambda-code', 'UpdateAlias20150331', { functionName: 'f', name: 'live', functionVersion: '7' }, 'alias live → version 7'],
    ['api-deployment', 'CreateDeployment', { restApiId: 'a1', stageName: 'prod', description: 'v2' }, 'to stage prod; "v2"'],
    [
      'api-stage',
      'UpdateStage',
      { restApiId: 'a1', stageName: 'prod', patchOperations: [{ op: 'replace', path: '/deploymentId', value: 'd9' }] },
      'replace /deploymentId=d9',
    ],
    [
      'vpc-link',
      'CreateVpcLink',
      { name: 'orders', targetArns: ['arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/net/orders/1'] },
      'name orders; target loadbalancer/net/orders/1',
    ],
    ['load-balancer', 'DeregisterTargets', { targetGroupArn: 'arn:tg', targets: [{ id: 'i-1', port: 8080 }] }, 'target i-1:8080'],
  ] as const)('describes a %s change (%s)', (kind, eventName, params, detail) => {
    expect(describeChangeRequest(eventName, kind, params)).toBe(detail);
  });

  it('loses only the detail, never the change, when a request has an unexpected shape', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('unexpected shape');
        },
        has: () => {
          throw new Error('unexpected shape');
        },
      },
    );
    expect(describeChangeRequest('AuthorizeSecurityGroupIngress', 'security-group', hostile)).toBeUndefined();
    expect(summariseChange({ eventName: 'AuthorizeSecurityGroupIngress', kind: 'security-group', params: {}, resources: ['sg-1'], who: 'bob' })).toBe(
      'AuthorizeSecurityGroupIngress on sg-1 by bob',
    );
  });

  it('says a failed call changed nothing, and relates a change to the API through its function', () => {
    const change = toChangeEvent(
      record('UpdateFunctionConfiguration20150331v2', 'lambda.amazonaws.com', { functionName: FN_ARN, timeout: 3 }, { errorCode: 'AccessDenied' }),
      api,
    );
    expect(change).toMatchObject({
      kind: 'lambda-config',
      relatedToApi: true,
      errorCode: 'AccessDenied',
      summary: 'UpdateFunctionConfiguration on checkout-fn by alice: timeout 3 s (failed with AccessDenied, so nothing changed)',
    });
  });

  it('relates a web ACL change to the API when the stage uses that web ACL', () => {
    const acl = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/storefront-acl/3f2a9c1e`;
    const withAcl = { ...api, stage: { ...api.stage, webAclArn: acl } };
    const update = (name: string) =>
      toChangeEvent(
        {
          ...record('UpdateWebACL', 'wafv2.amazonaws.com', { name, scope: 'REGIONAL' }),
          Resources: [{ ResourceName: name }],
        },
        withAcl,
      );
    expect(update('storefront-acl')).toMatchObject({ kind: 'access-rule', relatedToApi: true });
    expect(update('another-acl')).toMatchObject({ kind: 'access-rule', relatedToApi: false });
    expect(toChangeEvent(record('UpdateWebACL', 'wafv2.amazonaws.com', { name: 'storefront-acl' }), api)).toMatchObject({ relatedToApi: false });
  });

  it('drops reads and changes that cannot break an integration', () => {
    expect(toChangeEvent({ ...record('AuthorizeSecurityGroupIngress', 'ec2.amazonaws.com', {}), ReadOnly: 'true' }, api)).toBeNull();
    expect(toChangeEvent(record('PutObject', 's3.amazonaws.com', {}), api)).toBeNull();
  });
});
