/**
 * What makes two incidents "the same again": the API, the cause, and the resources the verdict
 * turned on (the function, security group, VPC link, load balancer, or who made the change).
 * Read from the verdict's `where` when the weighing filled it in, otherwise from the evidence the
 * diagnosis gathered, so diagnoses stored before `where` existed are remembered too.
 */
import type { ApiDescriptor } from '../api/api-descriptor.ts';
import type { VerdictCause } from '../diagnosis/types.ts';
import type { Evidence } from '../evidence/types.ts';

export type DecisiveResourceKind = 'function' | 'security-group' | 'vpc-link' | 'load-balancer' | 'change-principal';

export interface DecisiveResource {
  kind: DecisiveResourceKind;
  id: string;
}

export interface IncidentTraits {
  apiId: string;
  apiName?: string;
  cause: VerdictCause;
  resources: DecisiveResource[];
}

/**
 * The part of `verdict.where` this reads. Declared here, loosely, so traits can be taken from
 * verdicts written with or without it.
 */
interface WhereLike {
  backend?:
    | { kind: 'lambda'; functionName?: string }
    | { kind: 'vpc-link'; vpcLinkId?: string; loadBalancerArn?: string; securityGroups?: string[] }
    | { kind: string };
  change?: { eventName?: string; resource?: string; who?: string };
}

export interface TraitsInput {
  api: Pick<ApiDescriptor, 'id' | 'name'>;
  verdict: { cause: VerdictCause; where?: unknown };
  evidence?: Evidence;
}

const SECURITY_GROUP = /\bsg-[0-9a-f]{8,17}\b/;
const MAX_CHANGES = 2;

/**
 * @example
 * incidentTraitsOf({ api: { id: 'n3w8v5l2kb', name: 'inventory-api' }, verdict: { cause: 'network' }, evidence })
 * // { apiId: 'n3w8v5l2kb', cause: 'network', resources: [{ kind: 'vpc-link', id: 'vl-1' }, { kind: 'security-group', id: 'sg-0abc…' }, …] }
 */
export function incidentTraitsOf(input: TraitsInput): IncidentTraits {
  const found: DecisiveResource[] = [];
  const add = (kind: DecisiveResourceKind, id: string | undefined) => {
    if (id && !found.some((r) => r.kind === kind && r.id === id)) found.push({ kind, id });
  };
  const where = isObject(input.verdict.where) ? (input.verdict.where as WhereLike) : undefined;
  if (where?.backend || where?.change) {
    const backend = where.backend;
    if (backend?.kind === 'lambda') add('function', (backend as { functionName?: string }).functionName);
    if (backend?.kind === 'vpc-link') {
      const link = backend as { vpcLinkId?: string; loadBalancerArn?: string; securityGroups?: string[] };
      add('vpc-link', link.vpcLinkId);
      add('load-balancer', link.loadBalancerArn);
      for (const sg of link.securityGroups ?? []) add('security-group', sg);
    }
    if (where.change) {
      add('change-principal', where.change.who);
      add('security-group', SECURITY_GROUP.exec(where.change.resource ?? '')?.[0]);
    }
  } else {
    fromEvidence(input.evidence, add);
  }
  return { apiId: input.api.id, ...(input.api.name ? { apiName: input.api.name } : {}), cause: input.verdict.cause, resources: found };
}

function fromEvidence(evidence: Evidence | undefined, add: (kind: DecisiveResourceKind, id: string | undefined) => void): void {
  for (const integration of evidence?.config?.integrations ?? []) {
    add('function', integration.lambda?.functionName ?? integration.integration.lambdaFunctionName);
    const link = integration.vpcLink;
    if (link) {
      add('vpc-link', link.id);
      for (const arn of link.loadBalancerArns) add('load-balancer', arn);
      for (const sg of link.securityGroups) add('security-group', sg);
    } else add('vpc-link', integration.integration.vpcLinkId);
  }
  // The changes on the API's path just before the onset: the nearest first.
  const changes = (evidence?.changes?.changes ?? [])
    .filter((c) => c.relatedToApi && !c.errorCode && (c.minutesBeforeOnset === undefined || c.minutesBeforeOnset >= 0))
    .sort((a, b) => (a.minutesBeforeOnset ?? Number.MAX_SAFE_INTEGER) - (b.minutesBeforeOnset ?? Number.MAX_SAFE_INTEGER))
    .slice(0, MAX_CHANGES);
  for (const change of changes) {
    add('change-principal', change.who);
    for (const resource of change.resources) add('security-group', SECURITY_GROUP.exec(resource)?.[0]);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
