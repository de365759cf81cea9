import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvokePermission, executeApiArn, type InvokeSource } from '../../../src/core/evidence/check-invoke-permission.ts';

const source: InvokeSource = {
  region: 'us-east-1',
  accountId: '123456789012',
  apiId: 'a1b2c3d4e5',
  stage: 'prod',
  method: 'GET',
  resourcePath: '/users/{id}',
};
const API = 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5';
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:users';

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

function apiGatewayStatement(sourceArn?: string | string[], extra: object = {}): object {
  return {
    Sid: 'apigw',
    Effect: 'Allow',
    Principal: { Service: 'apigateway.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: FN,
    ...(sourceArn ? { Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } } } : {}),
    ...extra,
  };
}

describe('executeApiArn', () => {
  it('builds the ARN API Gateway presents, without the leading slash of the path', () => {
    expect(executeApiArn(source)).toBe(`${API}/prod/GET/users/{id}`);
    expect(executeApiArn({ ...source, resourcePath: '/' })).toBe(`${API}/prod/GET/`);
    expect(executeApiArn({ ...source, stage: '$default', method: '$default', resourcePath: '' })).toBe(`${API}/$default/$default`);
  });
});

describe('checkInvokePermission', () => {
  it.each([
    [`${API}/*/*/*`],
    [`${API}/*`],
    [`${API}/prod/GET/users/{id}`],
    [`${API}/prod/GET/users/*`],
    [`${API}/*/GET/users/?id?`],
    ['arn:aws:execute-api:us-east-1:123456789012:*/*/*/*'],
  ])('allows with SourceArn %s', (pattern) => {
    const decision = checkInvokePermission(policy(apiGatewayStatement(pattern)), source);
    expect(decision.verdict).toBe('allowed');
    expect(decision.detail).toContain('statement "apigw" allows apigateway.amazonaws.com');
    expect(decision.detail).toContain(pattern);
  });

  it.each([
    [`${API}/staging/*`, 'another stage'],
    [`${API}/*/POST/*`, 'another method'],
    [`${API}/*/GET/orders`, 'another path'],
    ['arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/*', 'another API'],
    ['arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*', 'another region'],
  ])('refuses with SourceArn %s (%s) and says why', (pattern) => {
    const decision = checkInvokePermission(policy(apiGatewayStatement(pattern)), source);
    expect(decision.verdict).toBe('missing');
    expect(decision.detail).toBe(
      `none of the 1 policy statement(s) lets apigateway.amazonaws.com invoke the function for ${API}/prod/GET/users/{id} ` +
        `("apigw": ArnLike AWS:SourceArn ${JSON.stringify(pattern)} does not match)`,
    );
  });

  it('allows a statement without a SourceArn condition', () => {
    const decision = checkInvokePermission(policy(apiGatewayStatement()), source);
    expect(decision).toEqual({
      verdict: 'allowed',
      detail: `statement "apigw" allows apigateway.amazonaws.com to invoke for ${API}/prod/GET/users/{id} (no SourceArn condition)`,
    });
  });

  it.each([
    ['a principal array', { Principal: { Service: ['events.amazonaws.com', 'apigateway.amazonaws.com'] } }],
    ['the "*" principal', { Principal: '*' }],
    ['AWS "*"', { Principal: { AWS: '*' } }],
    ['an action array', { Action: ['lambda:GetFunction', 'lambda:InvokeFunction'] }],
    ['lambda:*', { Action: 'lambda:*' }],
    ['*', { Action: '*' }],
  ])('accepts %s', (_, extra) => {
    expect(checkInvokePermission(policy(apiGatewayStatement(`${API}/*`, extra)), source).verdict).toBe('allowed');
  });

  it('ignores statements for other principals and actions', () => {
    const decision = checkInvokePermission(
      policy(
        apiGatewayStatement(undefined, { Sid: 's3', Principal: { Service: 's3.amazonaws.com' } }),
        apiGatewayStatement(undefined, { Sid: 'get', Action: 'lambda:GetFunction' }),
      ),
      source,
    );
    expect(decision.verdict).toBe('missing');
    expect(decision.detail).toContain('"s3": principal is {"Service":"s3.amazonaws.com"}');
    expect(decision.detail).toContain('"get": action "lambda:GetFunction" does not cover lambda:InvokeFunction');
  });

  it('finds the one matching statement among several', () => {
    const decision = checkInvokePermission(
      policy(apiGatewayStatement(`${API}/*/POST/*`, { Sid: 'post' }), apiGatewayStatement(`${API}/*/GET/*`, { Sid: 'get' })),
      source,
    );
    expect(decision.verdict).toBe('allowed');
    expect(decision.detail).toContain('statement "get"');
  });

  it('accepts any of several SourceArn values', () => {
    const decision = checkInvokePermission(policy(apiGatewayStatement([`${API}/staging/*`, `${API}/prod/*`])), source);
    expect(decision.verdict).toBe('allowed');
  });

  it.each([
    ['StringLike', `${API}/*`, 'allowed'],
    ['StringEquals', `${API}/prod/GET/users/{id}`, 'allowed'],
    ['StringEquals', `${API}/*`, 'missing'],
    ['ArnEquals', `${API}/*`, 'allowed'],
    ['ArnLikeIfExists', `${API}/*`, 'allowed'],
    ['ArnNotLike', `${API}/*`, 'missing'],
  ])('evaluates %s %s as %s', (operator, pattern, verdict) => {
    const statement = apiGatewayStatement(undefined, { Condition: { [operator]: { 'aws:SourceArn': pattern } } });
    expect(checkInvokePermission(policy(statement), source).verdict).toBe(verdict);
  });

  it('requires every condition to hold, SourceAccount included', () => {
    const both = (account: string) =>
      policy(apiGatewayStatement(undefined, { Condition: { ArnLike: { 'AWS:SourceArn': `${API}/*` }, StringEquals: { 'AWS:SourceAccount': account } } }));
    expect(checkInvokePermission(both('123456789012'), source).verdict).toBe('allowed');
    expect(checkInvokePermission(both('999999999999'), source).verdict).toBe('missing');
  });

  it('answers unknown for a condition it cannot evaluate', () => {
    const statement = apiGatewayStatement(undefined, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } } });
    const decision = checkInvokePermission(policy(statement), source);
    expect(decision.verdict).toBe('unknown');
    expect(decision.detail).toContain('condition key aws:PrincipalOrgID is not evaluated');
  });

  it('lets a matching Deny win over an Allow', () => {
    const deny = apiGatewayStatement(`${API}/prod/*`, { Sid: 'deny-prod', Effect: 'Deny' });
    const decision = checkInvokePermission(policy(apiGatewayStatement(`${API}/*`), deny), source);
    expect(decision.verdict).toBe('missing');
    expect(decision.detail).toContain('statement "deny-prod" denies');
  });

  it('reports a missing policy', () => {
    expect(checkInvokePermission(undefined, source)).toEqual({
      verdict: 'missing',
      detail: 'the function has no resource policy, so API Gateway is not allowed to invoke it (no statement for apigateway.amazonaws.com)',
    });
  });

  it('answers unknown for a policy that is not JSON', () => {
    expect(checkInvokePermission('{not json', source).verdict).toBe('unknown');
  });

  it('accepts a single statement object instead of an array', () => {
    const single = JSON.stringify({ Statement: apiGatewayStatement(`${API}/*`) });
    expect(checkInvokePermission(single, source).verdict).toBe('allowed');
  });

  it('checks every method of an ANY route', () => {
    const any = { ...source, method: 'ANY', resourcePath: '/{proxy+}' };
    expect(checkInvokePermission(policy(apiGatewayStatement(`${API}/*/*/*`)), any).verdict).toBe('allowed');
    const getOnly = checkInvokePermission(policy(apiGatewayStatement(`${API}/*/GET/*`)), any);
    expect(getOnly.verdict).toBe('missing');
    expect(getOnly.detail).toMatch(/^this ANY route is covered for GET but not for DELETE, HEAD, OPTIONS, PATCH, POST, PUT:/);
  });

  it('handles the $default route of an HTTP API', () => {
    const defaultRoute = { ...source, stage: '$default', method: '$default', resourcePath: '' };
    expect(checkInvokePermission(policy(apiGatewayStatement(`${API}/*/$default`)), defaultRoute).verdict).toBe('allowed');
    expect(checkInvokePermission(policy(apiGatewayStatement(`${API}/*/GET/*`)), defaultRoute).verdict).toBe('missing');
  });

  it('allows any stage, method and path under the API/*/*/* pattern (property)', () => {
    const segment = fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '0', '-', '_', '{', '}', '+'), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(segment, fc.constantFrom('GET', 'POST', 'DELETE'), fc.array(segment, { maxLength: 4 }), (stage, method, parts) => {
        const s = { ...source, stage, method, resourcePath: `/${parts.join('/')}` };
        return checkInvokePermission(policy(apiGatewayStatement(`${API}/*/*/*`)), s).verdict === 'allowed';
      }),
    );
  });

  it('never allows a call to another API id under a pattern pinned to this one (property)', () => {
    const otherId = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1', '2'), minLength: 10, maxLength: 10 }).filter((id) => id !== source.apiId);
    fc.assert(fc.property(otherId, (apiId) => checkInvokePermission(policy(apiGatewayStatement(`${API}/*`)), { ...source, apiId }).verdict === 'missing'));
  });
});
