/**
 * The read-only IAM policy diagnose-502 needs, built from COLLECTOR_PERMISSIONS: one statement per
 * distinct resource set, so API Gateway and Lambda stay scoped to the resource types read while
 * the services without resource-level permissions get "*".
 */
import { COLLECTOR_PERMISSIONS, type CollectorPermission } from './collector-permissions.ts';

export interface PolicyScope {
  /** `aws`, `aws-cn`, `aws-us-gov`; or a CloudFormation `${AWS::Partition}` reference. */
  partition: string;
  /** Region the APIs live in, or "*" for any. */
  region: string;
  /** Account that owns the resources, or "*". */
  account: string;
}

export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

export const ANY_SCOPE: PolicyScope = { partition: 'aws', region: '*', account: '*' };

/** Statements granting every collector action: resources merged per action, then actions with the same resources together. */
export function readOnlyStatements(scope: PolicyScope = ANY_SCOPE, permissions: readonly CollectorPermission[] = COLLECTOR_PERMISSIONS): IamStatement[] {
  const byAction = new Map<string, Set<string>>();
  for (const permission of permissions) {
    const resources = byAction.get(permission.action) ?? new Set<string>();
    for (const r of permission.resources) resources.add(fillScope(r, scope));
    byAction.set(permission.action, resources);
  }
  const groups = new Map<string, { actions: string[]; resources: string[] }>();
  for (const [action, set] of byAction) {
    const resources = [...set].sort();
    const key = resources.join('|');
    const group = groups.get(key) ?? { actions: [], resources };
    group.actions.push(action);
    groups.set(key, group);
  }
  const used = new Set<string>();
  return [...groups.values()]
    .map((g) => ({ actions: g.actions.sort(), resources: g.resources }))
    .sort((a, b) => (a.actions[0] ?? '').localeCompare(b.actions[0] ?? ''))
    .map((g) => ({ Sid: uniqueSid(g.actions, used), Effect: 'Allow' as const, Action: g.actions, Resource: g.resources }));
}

/**
 * The policy a team attaches to the role diagnose-502 assumes in each account it diagnoses.
 *
 * @example
 * JSON.stringify(buildReadOnlyPolicy({ partition: 'aws', region: 'eu-west-1', account: '123456789012' }), null, 2);
 */
export function buildReadOnlyPolicy(scope: PolicyScope = ANY_SCOPE): IamPolicyDocument {
  return { Version: '2012-10-17', Statement: readOnlyStatements(scope) };
}

function fillScope(pattern: string, scope: PolicyScope): string {
  return pattern.replaceAll('{partition}', scope.partition).replaceAll('{region}', scope.region).replaceAll('{account}', scope.account);
}

/** `Diagnose502ReadLambda`, `Diagnose502ReadAnywhere` for the "*" group; unique within a policy. */
function uniqueSid(actions: string[], used: Set<string>): string {
  const services = [...new Set(actions.map((a) => a.split(':')[0] ?? ''))];
  const base = `Diagnose502Read${services.length > 1 ? 'Anywhere' : capitalise(services[0] ?? '')}`;
  let sid = base;
  for (let n = 2; used.has(sid); n++) sid = `${base}${n}`;
  used.add(sid);
  return sid;
}

function capitalise(service: string): string {
  return service.replace(/(^|[^a-z0-9])([a-z0-9])/gi, (_m, _p, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
}
