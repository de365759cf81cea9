import { describe, expect, it } from 'vitest';
import { classifyChange } from '../../../src/core/evidence/classify-change.ts';

const EC2 = 'ec2.amazonaws.com';
const ELB = 'elasticloadbalancing.amazonaws.com';
const LAMBDA = 'lambda.amazonaws.com';
const APIGW = 'apigateway.amazonaws.com';

describe('classifyChange', () => {
  it.each([
    ['AuthorizeSecurityGroupIngress', EC2, 'security-group'],
    ['RevokeSecurityGroupEgress', EC2, 'security-group'],
    ['ModifySecurityGroupRules', EC2, 'security-group'],
    ['ModifyNetworkInterfaceAttribute', EC2, 'security-group'],
    ['ReplaceNetworkAclEntry', EC2, 'network-acl'],
    ['ReplaceNetworkAclAssociation', EC2, 'network-acl'],
    ['DeleteRoute', EC2, 'route'],
    ['DisassociateRouteTable', EC2, 'route'],
    ['DeregisterTargets', ELB, 'load-balancer'],
    ['SetSecurityGroups', ELB, 'load-balancer'],
    ['DeleteTargetGroup', ELB, 'load-balancer'],
    ['UpdateVpcLink', APIGW, 'vpc-link'],
    ['CreateDeployment', APIGW, 'api-deployment'],
    ['UpdateStage', APIGW, 'api-stage'],
    ['PutIntegration', APIGW, 'api-integration'],
    ['CreateIntegration', APIGW, 'api-integration'],
    ['ReimportApi', APIGW, 'api-integration'],
    ['UpdateRestApi', APIGW, 'api-integration'],
    ['UpdateWebACL', 'wafv2.amazonaws.com', 'access-rule'],
    ['AssociateWebACL', 'wafv2.amazonaws.com', 'access-rule'],
  ])('%s from %s is a %s change', (name, source, kind) => {
    expect(classifyChange({ EventName: name, EventSource: source })).toBe(kind);
  });

  it.each([
    ['AddPermission20150331v2', 'lambda-permission'],
    ['RemovePermission20150331v2', 'lambda-permission'],
    ['UpdateFunctionCode20150331v2', 'lambda-code'],
    ['PublishVersion20150331', 'lambda-code'],
    ['UpdateAlias20150331', 'lambda-code'],
    ['DeleteFunction20150331', 'lambda-code'],
    ['UpdateFunctionConfiguration20150331v2', 'lambda-config'],
    ['PutFunctionConcurrency20171031', 'lambda-config'],
    ['DeleteFunctionConcurrency20171031', 'lambda-config'],
    ['PutProvisionedConcurrencyConfig20190930', 'lambda-config'],
  ])('matches the versioned Lambda name %s as %s', (name, kind) => {
    expect(classifyChange({ EventName: name, EventSource: LAMBDA })).toBe(kind);
  });

  it('matches Lambda names without a version suffix too', () => {
    expect(classifyChange({ EventName: 'UpdateFunctionConfiguration', EventSource: LAMBDA })).toBe('lambda-config');
    expect(classifyChange({ EventName: 'RemovePermission', EventSource: LAMBDA })).toBe('lambda-permission');
  });

  it.each([
    'GetFunction20150331v2',
    'CreateFunction20150331',
    'TagResource20170331v2',
    'DeleteFunctionUrlConfig20211031',
    'DeleteFunctionEventInvokeConfig20190325',
    'AddLayerVersionPermission20181031',
  ])('ignores the Lambda action %s', (name) => {
    expect(classifyChange({ EventName: name, EventSource: LAMBDA })).toBeNull();
  });

  it('reads a name only with its own event source', () => {
    // CodeDeploy has a CreateDeployment, HTTP APIs a DeleteRoute; neither is one of ours.
    expect(classifyChange({ EventName: 'CreateDeployment', EventSource: 'codedeploy.amazonaws.com' })).toBeNull();
    expect(classifyChange({ EventName: 'DeleteRoute', EventSource: APIGW })).toBeNull();
    expect(classifyChange({ EventName: 'UpdateFunctionConfiguration20150331v2', EventSource: EC2 })).toBeNull();
  });

  it('ignores unrelated writes and events without a name or source', () => {
    expect(classifyChange({ EventName: 'CreateTags', EventSource: EC2 })).toBeNull();
    expect(classifyChange({ EventName: 'ListWebACLs', EventSource: 'wafv2.amazonaws.com' })).toBeNull();
    expect(classifyChange({ EventName: 'AuthorizeSecurityGroupIngress' })).toBeNull();
    expect(classifyChange({ EventSource: EC2 })).toBeNull();
  });
});
