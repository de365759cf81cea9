/**
 * The worker role's statements for reading AWS, as CloudFormation: the collectors' read-only
 * actions in the bot's own account (any region, since an API may live anywhere), and
 * `sts:AssumeRole` on exactly the role ARNs the config names for other accounts, nothing when it
 * names none. The ingress role gets none of it; each role's own resources are in serverless.yml.
 */
import type { AccessConfig } from '../../config/access-config-schema.ts';
import { readOnlyStatements } from './build-read-only-policy.ts';

type CfnString = string | { 'Fn::Sub': string };

export interface CfnStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: CfnString[];
}

export function lambdaRoleStatements(config: AccessConfig): CfnStatement[] {
  const reads = readOnlyStatements({ partition: '${AWS::Partition}', region: '*', account: '${AWS::AccountId}' }).map((s) => ({
    ...s,
    Resource: s.Resource.map((r): CfnString => (r.includes('${') ? { 'Fn::Sub': r } : r)),
  }));
  const roles = assumableRoleArns(config);
  if (roles.length === 0) return reads;
  return [...reads, { Sid: 'Diagnose502AssumeAccountRoles', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: roles }];
}

/** Role ARNs under `accounts`, sorted and without repeats. */
export function assumableRoleArns(config: AccessConfig): string[] {
  return [...new Set(Object.values(config.accounts ?? {}).map((a) => a.roleArn))].sort();
}
