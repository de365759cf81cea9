import { matchesArnPattern, matchesWildcard } from './match-iam-pattern.ts';

/** The API Gateway call whose permission is in question. */
export interface InvokeSource {
  region: string;
  /** Account that owns the API. */
  accountId: string;
  apiId: string;
  stage: string;
  /** HTTP method, `ANY`, or `$default` for an HTTP API's default route. */
  method: string;
  /** Resource path such as `/users/{id}`; ignored for `$default`. */
  resourcePath: string;
}

export interface InvokePermissionDecision {
  verdict: 'allowed' | 'missing' | 'unknown';
  /** One or two sentences saying which statement decided it, or why none did. */
  detail: string;
}

const SERVICE_PRINCIPAL = 'apigateway.amazonaws.com';
const INVOKE_ACTION = 'lambda:InvokeFunction';
// An ANY route is invoked with the request's real method, so each of these must be covered.
const ANY_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** The execute-api ARN API Gateway presents as `aws:SourceArn` when it invokes a function. */
export function executeApiArn(source: InvokeSource, method = source.method): string {
  const base = `arn:aws:execute-api:${source.region}:${source.accountId}:${source.apiId}/${source.stage}`;
  if (method === '$default') return `${base}/$default`;
  return `${base}/${method}/${source.resourcePath.replace(/^\//, '')}`;
}

/**
 * Decides from a Lambda resource policy (the JSON string GetPolicy returns, undefined when the
 * function has none) whether API Gateway may invoke the function for this API, stage and route.
 * Evaluates the subset of IAM that Lambda permissions use: Effect, Principal, Action and the
 * `aws:SourceArn` / `aws:SourceAccount` conditions. Anything it cannot evaluate makes the
 * verdict 'unknown' rather than a guess. Pure.
 */
export function checkInvokePermission(policyJson: string | undefined, source: InvokeSource): InvokePermissionDecision {
  if (!policyJson?.trim()) {
    return {
      verdict: 'missing',
      detail: `the function has no resource policy, so API Gateway is not allowed to invoke it (no statement for ${SERVICE_PRINCIPAL})`,
    };
  }
  let statements: Statement[];
  try {
    statements = statementsOf(JSON.parse(policyJson));
  } catch {
    return { verdict: 'unknown', detail: 'the resource policy could not be read as JSON' };
  }
  const methods = source.method === 'ANY' || source.method === '*' ? ANY_METHODS : [source.method];
  const decisions = methods.map((method) => ({ method, ...decide(statements, executeApiArn(source, method)) }));
  const first = decisions[0];
  if (!first) return { verdict: 'unknown', detail: 'no method to check' };
  if (decisions.length === 1 || decisions.every((d) => d.verdict === first.verdict)) {
    return { verdict: first.verdict, detail: first.detail };
  }
  const allowed = decisions.filter((d) => d.verdict === 'allowed').map((d) => d.method);
  const notAllowed = decisions.filter((d) => d.verdict !== 'allowed');
  const verdict = notAllowed.some((d) => d.verdict === 'missing') ? 'missing' : 'unknown';
  return {
    verdict,
    detail:
      `this ANY route is covered for ${allowed.join(', ') || 'no method'} but not for ` +
      `${notAllowed.map((d) => d.method).join(', ')}: ${notAllowed[0]?.detail ?? ''}`,
  };
}

interface Statement {
  Sid?: unknown;
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Condition?: unknown;
}

type Outcome = { applies: true; why: string } | { applies: false; why: string } | { applies: 'unsure'; why: string };

function statementsOf(policy: unknown): Statement[] {
  const raw = (policy as { Statement?: unknown } | null)?.Statement;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.filter((s): s is Statement => typeof s === 'object' && s !== null);
}

function decide(statements: Statement[], sourceArn: string): Omit<InvokePermissionDecision, 'method'> {
  const outcomes = statements.map((statement, index) => ({ statement, name: nameOf(statement, index), outcome: evaluate(statement, sourceArn) }));
  const deny = outcomes.find((o) => o.statement.Effect === 'Deny' && o.outcome.applies === true);
  if (deny) return { verdict: 'missing', detail: `statement ${deny.name} denies ${sourceArn} (${deny.outcome.why})` };
  const allow = outcomes.find((o) => o.statement.Effect === 'Allow' && o.outcome.applies === true);
  if (allow) return { verdict: 'allowed', detail: `statement ${allow.name} allows ${SERVICE_PRINCIPAL} to invoke for ${sourceArn} (${allow.outcome.why})` };
  const unsure = outcomes.find((o) => o.outcome.applies === 'unsure');
  if (unsure) return { verdict: 'unknown', detail: `statement ${unsure.name} may apply but cannot be evaluated: ${unsure.outcome.why}` };
  const reasons = outcomes.slice(0, 4).map((o) => `${o.name}: ${o.outcome.why}`);
  const more = outcomes.length > 4 ? `; and ${outcomes.length - 4} more` : '';
  return {
    verdict: 'missing',
    detail:
      `none of the ${outcomes.length} policy statement(s) lets ${SERVICE_PRINCIPAL} invoke the function for ${sourceArn}` +
      (reasons.length > 0 ? ` (${reasons.join('; ')}${more})` : ''),
  };
}

function nameOf(statement: Statement, index: number): string {
  return typeof statement.Sid === 'string' && statement.Sid ? `"${statement.Sid}"` : `#${index + 1}`;
}

function evaluate(statement: Statement, sourceArn: string): Outcome {
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return { applies: false, why: `effect ${String(statement.Effect)}` };
  if (statement.NotPrincipal !== undefined) return { applies: 'unsure', why: 'it uses NotPrincipal' };
  if (!principalMatches(statement.Principal)) return { applies: false, why: `principal is ${JSON.stringify(statement.Principal)}` };
  const actionOk =
    statement.Action !== undefined
      ? asStrings(statement.Action).some((a) => matchesWildcard(a, INVOKE_ACTION, { ignoreCase: true }))
      : statement.NotAction !== undefined && !asStrings(statement.NotAction).some((a) => matchesWildcard(a, INVOKE_ACTION, { ignoreCase: true }));
  if (!actionOk) return { applies: false, why: `action ${JSON.stringify(statement.Action ?? statement.NotAction)} does not cover ${INVOKE_ACTION}` };
  return conditionOutcome(statement.Condition, sourceArn);
}

function principalMatches(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const p = principal as Record<string, unknown>;
  if (asStrings(p.AWS).includes('*')) return true;
  return asStrings(p.Service).some((s) => s === '*' || s.toLowerCase() === SERVICE_PRINCIPAL);
}

function conditionOutcome(condition: unknown, sourceArn: string): Outcome {
  if (condition === undefined || condition === null) return { applies: true, why: 'no SourceArn condition' };
  if (typeof condition !== 'object') return { applies: 'unsure', why: 'its Condition is not an object' };
  const accountId = sourceArn.split(':')[4] ?? '';
  const matched: string[] = [];
  // Every operator and every key in a Condition block must hold (AND); values within a key are OR.
  for (const [rawOperator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null) return { applies: 'unsure', why: `condition ${rawOperator} is malformed` };
    const operator = rawOperator.replace(/^(ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
    const test = operatorTest(operator);
    if (!test) return { applies: 'unsure', why: `condition operator ${rawOperator} is not evaluated` };
    for (const [rawKey, values] of Object.entries(block as Record<string, unknown>)) {
      const key = rawKey.toLowerCase();
      const actual = key === 'aws:sourcearn' ? sourceArn : key === 'aws:sourceaccount' ? accountId : undefined;
      if (actual === undefined) return { applies: 'unsure', why: `condition key ${rawKey} is not evaluated` };
      const patterns = asStrings(values);
      const hit = patterns.some((pattern) => test.match(pattern, actual));
      if (hit === test.negated) {
        return { applies: false, why: `${rawOperator} ${rawKey} ${JSON.stringify(values)} does not match` };
      }
      matched.push(`${rawOperator} ${rawKey} ${JSON.stringify(values)}`);
    }
  }
  return { applies: true, why: matched.length > 0 ? `matches ${matched.join(' and ')}` : 'no SourceArn condition' };
}

function operatorTest(operator: string): { match: (pattern: string, value: string) => boolean; negated: boolean } | undefined {
  switch (operator) {
    case 'ArnLike':
    case 'ArnEquals':
      return { match: matchesArnPattern, negated: false };
    case 'ArnNotLike':
    case 'ArnNotEquals':
      return { match: matchesArnPattern, negated: true };
    case 'StringLike':
      return { match: (p, v) => matchesWildcard(p, v), negated: false };
    case 'StringNotLike':
      return { match: (p, v) => matchesWildcard(p, v), negated: true };
    case 'StringEquals':
      return { match: (p, v) => p === v, negated: false };
    case 'StringNotEquals':
      return { match: (p, v) => p === v, negated: true };
    case 'StringEqualsIgnoreCase':
      return { match: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: false };
    default:
      return undefined;
  }
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
