import { hexToBase64 } from '../base64.ts';
import type { LambdaSpec, PolicyStatementSpec, Scenario } from '../scenario-schema.ts';
import { AwsFault, type RestRoute, type SimContext, type SimService } from '../sim-protocol.ts';
import { hexFor, uuidFor } from '../seeded-random.ts';
import { lambdaArn } from '../sim-world.ts';

/**
 * Lambda (REST JSON): GetPolicy, GetFunctionConfiguration, GetFunction and ListFunctions. The
 * function may be named by name, `name:qualifier`, or full or partial ARN; the `Qualifier`
 * query parameter selects an alias or version, whose policy is separate from the function's.
 * A function without policy statements answers ResourceNotFoundException, as Lambda does.
 */

interface Target {
  scenario: Scenario;
  fn: LambdaSpec;
  qualifier?: string;
}

function parseName(raw: string): { name: string; qualifier?: string } {
  const arn = /^(?:arn:aws[a-z-]*:lambda:[^:]+:)?(?:\d{12}:)?function:([^:]+)(?::(.+))?$/.exec(raw);
  if (arn) return { name: arn[1] as string, qualifier: arn[2] };
  const [name = '', qualifier] = raw.split(':');
  return { name, qualifier };
}

function target(ctx: SimContext, rawName: string, action: string): Target {
  const { name, qualifier: fromName } = parseName(rawName);
  const qualifier = ctx.req.query.get('Qualifier') ?? fromName;
  const found = ctx.world.lambda(name, ctx.req.region, ctx.visible);
  ctx.authorize(action, found ? [found.scenario] : []);
  if (!found) {
    const arn = `arn:aws:lambda:${ctx.req.region}:${ctx.account}:function:${name}`;
    throw new AwsFault('ResourceNotFoundException', `Function not found: ${arn}`, 404);
  }
  if (qualifier !== undefined && qualifier !== '$LATEST' && !/^\d+$/.test(qualifier) && !found.fn.aliases.some((a) => a.name === qualifier)) {
    throw new AwsFault('ResourceNotFoundException', `Function not found: ${lambdaArn(found.scenario, name, qualifier)}`, 404);
  }
  return { ...found, qualifier };
}

function statement(t: Target, spec: PolicyStatementSpec): Record<string, unknown> {
  const principal = spec.principal.includes('.amazonaws.com') ? { Service: spec.principal } : { AWS: spec.principal };
  return {
    Sid: spec.sid,
    Effect: spec.effect,
    Principal: principal,
    Action: spec.action,
    Resource: lambdaArn(t.scenario, t.fn.name, t.qualifier === '$LATEST' ? undefined : t.qualifier),
    ...(spec.sourceArn ? { Condition: { ArnLike: { 'AWS:SourceArn': spec.sourceArn } } } : {}),
  };
}

/** Lambda's LastModified format: 2026-11-22T04:31:54.123+0000. */
function lastModified(ctx: SimContext, fn: LambdaSpec): string {
  const ms = fn.lastModified === undefined ? ctx.now.getTime() - 14 * 86_400_000 : ctx.now.getTime() + fn.lastModified * 60_000;
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function configuration(ctx: SimContext, t: Target): Record<string, unknown> {
  const { scenario: s, fn } = t;
  const alias = fn.aliases.find((a) => a.name === t.qualifier);
  const version = alias?.version ?? (t.qualifier && /^\d+$/.test(t.qualifier) ? t.qualifier : '$LATEST');
  return {
    FunctionName: fn.name,
    FunctionArn: lambdaArn(s, fn.name, t.qualifier === '$LATEST' ? undefined : t.qualifier),
    Runtime: fn.runtime,
    Role: `arn:aws:iam::${s.account}:role/${fn.name}-role`,
    Handler: fn.handler,
    CodeSize: 4_812_033,
    Description: fn.description ?? '',
    Timeout: fn.timeout,
    MemorySize: fn.memory,
    LastModified: lastModified(ctx, fn),
    CodeSha256: hexToBase64(hexFor(64, s.id, fn.name, 'code', fn.lastModified ?? 0)),
    Version: version,
    VpcConfig: fn.vpc ? { SubnetIds: fn.vpc.subnetIds, SecurityGroupIds: fn.vpc.securityGroupIds, VpcId: 'vpc-0a1b2c3d4e5f60718' } : undefined,
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: uuidFor(s.id, fn.name, 'revision', fn.lastModified ?? 0),
    State: fn.state,
    LastUpdateStatus: fn.lastUpdateStatus,
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` },
  };
}

const SEG = '([^/]+)';

export const lambdaService: SimService = {
  name: 'lambda',
  protocol: 'rest-json',
  routes: [
    {
      method: 'GET',
      pattern: new RegExp(`^/2015-03-31/functions/${SEG}/policy$`),
      operation: 'GetPolicy',
      handle: ([name = ''], ctx) => {
        const t = target(ctx, name, 'lambda:GetPolicy');
        const alias = t.fn.aliases.find((a) => a.name === t.qualifier);
        const version = t.fn.versions.find((v) => v.version === t.qualifier);
        const statements = t.qualifier === undefined || t.qualifier === '$LATEST' ? t.fn.policy : (alias?.policy ?? version?.policy ?? []);
        if (statements.length === 0) throw new AwsFault('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
        const policy = { Version: '2012-10-17', Id: 'default', Statement: statements.map((st) => statement(t, st)) };
        return { body: { Policy: JSON.stringify(policy), RevisionId: uuidFor(t.scenario.id, t.fn.name, 'policy', t.qualifier ?? '') } };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/2015-03-31/functions/${SEG}/configuration$`),
      operation: 'GetFunctionConfiguration',
      handle: ([name = ''], ctx) => ({ body: configuration(ctx, target(ctx, name, 'lambda:GetFunctionConfiguration')) }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/2015-03-31/functions/${SEG}$`),
      operation: 'GetFunction',
      handle: ([name = ''], ctx) => {
        const t = target(ctx, name, 'lambda:GetFunction');
        return {
          body: {
            Configuration: configuration(ctx, t),
            Code: {
              RepositoryType: 'S3',
              Location: `https://awslambda-${t.scenario.region}-tasks.s3.${t.scenario.region}.amazonaws.com/snapshots/${t.scenario.account}/${t.fn.name}`,
            },
            Tags: {},
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/2015-03-31\/functions\/?$/,
      operation: 'ListFunctions',
      handle: (_p, ctx) => {
        ctx.authorize('lambda:ListFunctions');
        const fns = ctx.visible.filter((s) => s.region === ctx.req.region).flatMap((s) => s.lambdas.map((fn) => configuration(ctx, { scenario: s, fn })));
        return { body: { Functions: fns } };
      },
    },
  ] satisfies RestRoute[],
};
