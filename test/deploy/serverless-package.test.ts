/**
 * `osls package` run offline on serverless.yml (in a network namespace when the machine allows
 * one, so any attempt to reach AWS fails the test), then the generated CloudFormation checked:
 * both functions, the table, the queue and its dead-letter queue exist, the CloudWatch alarm rule
 * feeds the queue, secrets stay out of it, and no IAM statement allows a write outside the bot's
 * own resources.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambdaArtifacts, REPO_ROOT } from '../../src/tools/package/build-lambda-artifacts.ts';
import { collectorActions } from '../../src/adapters/aws/iam/collector-permissions.ts';
import { STATE_TABLE_SCHEMA } from '../../src/adapters/store/dynamodb-state-store.ts';

const OSLS = join(REPO_ROOT, 'node_modules', '.bin', 'serverless');
const ROLE_ARN = 'arn:aws:iam::210987654321:role/diagnose-502-read';
const CONFIG = `
accounts:
  "210987654321":
    roleArn: ${ROLE_ARN}
    externalId: diagnose-502-test
apis:
  a1b2c3d4e5:
    region: eu-west-1
    account: "210987654321"
alarms:
  channel: C0ALARMS
  namePrefix: api-
`;

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>; Outputs?: Record<string, unknown> };
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

/** Whether `unshare -rn` works here: then osls runs with no network at all. */
function canIsolateNetwork(): boolean {
  try {
    execFileSync('unshare', ['-rn', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const isolated = canIsolateNetwork();
const dirs: string[] = [];

/** Builds the artifacts and runs `serverless package --stage test` in a scratch service directory. */
async function packageService(configYaml?: string): Promise<{ template: Template; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'd502-sls-'));
  dirs.push(dir);
  await copyFile(join(REPO_ROOT, 'serverless.yml'), join(dir, 'serverless.yml'));
  let configPath: string | undefined;
  if (configYaml) {
    configPath = join(dir, 'bot.yaml');
    await writeFile(configPath, configYaml);
  }
  await buildLambdaArtifacts({ outDir: join(dir, 'dist', 'lambda'), ...(configPath ? { configPath } : {}) });
  const env = {
    PATH: process.env['PATH'],
    HOME: dir,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-for-an-offline-package',
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
  };
  const [cmd, args] = isolated ? ['unshare', ['-rn', OSLS, 'package', '--stage', 'test']] : [OSLS, ['package', '--stage', 'test']];
  const output = await new Promise<string>((resolve, reject) => {
    execFile(cmd, args, { cwd: dir, env, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`serverless package failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(`${stdout}${stderr}`);
    });
  });
  const template = JSON.parse(await readFile(join(dir, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { template, output };
}

function resourcesOfType(template: Template, type: string) {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** Every Allow statement in every IAM policy of the template, with where it came from. */
function allowStatements(template: Template): Array<{ from: string; statement: Statement }> {
  const found: Array<{ from: string; statement: Statement }> = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (!resource.Type.startsWith('AWS::IAM::')) continue;
    const docs: unknown[] = [];
    const props = resource.Properties as { Policies?: Array<{ PolicyDocument: unknown }>; PolicyDocument?: unknown };
    for (const p of props.Policies ?? []) docs.push(p.PolicyDocument);
    if (props.PolicyDocument) docs.push(props.PolicyDocument);
    for (const doc of docs) {
      for (const statement of (doc as { Statement: Statement[] }).Statement) if (statement.Effect === 'Allow') found.push({ from: id, statement });
    }
  }
  return found;
}

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const READ = /^[a-z0-9-]+:(Get|Describe|List|Filter|Lookup|Query|Scan|BatchGet)[A-Za-z]*$|^apigateway:GET$/;

/** A resource the bot owns: its table (and index), its queues, its own functions' log groups. */
function isOwnResource(resource: unknown): boolean {
  const text = JSON.stringify(resource);
  if (/^\{"Fn::GetAtt":\["(StateTable|WorkQueue|DeadLetterQueue)","Arn"\]\}$/.test(text)) return true;
  if (/^\{"Fn::Sub":"\$\{StateTable\.Arn\}\/index\/\*"\}$/.test(text)) return true;
  return /^\{"Fn::Sub":"arn:\$\{AWS::Partition\}:logs:\$\{AWS::Region\}:\$\{AWS::AccountId\}:log-group:\/aws\/lambda\/diagnose-502-test(\*|-ingress|-worker):\*"\}$/.test(
    text,
  );
}

let withConfig: { template: Template; output: string };
let withoutConfig: { template: Template; output: string };

beforeAll(async () => {
  withConfig = await packageService(CONFIG);
  withoutConfig = await packageService();
}, 240_000);
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('osls package (offline)', () => {
  it(`packages without reaching AWS${isolated ? ' (no network namespace access at all)' : ''}`, () => {
    expect(withConfig.output).toMatch(/Service packaged/);
  });

  it('declares both functions on Node 22 with their own zips and the HTTP API routes', () => {
    const t = withConfig.template;
    const fns = Object.fromEntries(
      resourcesOfType(t, 'AWS::Lambda::Function').map(([id, r]) => [
        id,
        r.Properties as { Runtime: string; Handler: string; Timeout: number; Code: { S3Key: string } },
      ]),
    );
    expect(Object.keys(fns).sort()).toEqual(['IngressLambdaFunction', 'WorkerLambdaFunction']);
    expect(fns['IngressLambdaFunction']).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'src/apps/lambda/ingress.handler', Timeout: 10 });
    expect(fns['WorkerLambdaFunction']).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'src/apps/lambda/worker.handler', Timeout: 150 });
    expect(fns['IngressLambdaFunction']!.Code.S3Key).toMatch(/ingress\.zip$/);
    expect(fns['WorkerLambdaFunction']!.Code.S3Key).toMatch(/worker\.zip$/);
    const routes = resourcesOfType(t, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties['RouteKey'])
      .sort();
    expect(routes).toEqual(['POST /pagerduty/webhook', 'POST /slack/events']);
  });

  it('creates the state table as the store expects: on demand, TTL on expiresAt, the sparse open index', () => {
    const [[, table] = []] = resourcesOfType(withConfig.template, 'AWS::DynamoDB::Table');
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: STATE_TABLE_SCHEMA.TimeToLiveAttribute, Enabled: true },
      KeySchema: STATE_TABLE_SCHEMA.KeySchema,
      AttributeDefinitions: STATE_TABLE_SCHEMA.AttributeDefinitions,
      GlobalSecondaryIndexes: STATE_TABLE_SCHEMA.GlobalSecondaryIndexes,
    });
  });

  it('feeds the worker from the work queue, one message at a time, with a dead-letter queue after 3 receives', () => {
    const t = withConfig.template;
    expect(t.Resources['WorkQueue']?.Properties).toMatchObject({
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }, maxReceiveCount: 3 },
    });
    expect(t.Resources['DeadLetterQueue']?.Type).toBe('AWS::SQS::Queue');
    const visibility = t.Resources['WorkQueue']!.Properties['VisibilityTimeout'] as number;
    expect(visibility).toBeGreaterThanOrEqual(6 * 150);
    const [[, mapping] = []] = resourcesOfType(t, 'AWS::Lambda::EventSourceMapping');
    expect(mapping?.Properties).toMatchObject({
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] },
    });
  });

  it('keeps secrets out of the template: only the SSM path travels', () => {
    const text = JSON.stringify(withConfig.template);
    expect(text).not.toMatch(/xox[bpa]-|SLACK_BOT_TOKEN|SIGNING_SECRET/);
    const env = (withConfig.template.Resources['WorkerLambdaFunction']!.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(env).sort()).toEqual(['DIAGNOSE502_CONFIG', 'LOG_LEVEL', 'SECRETS_PREFIX', 'STATE_TABLE', 'WORK_QUEUE_URL']);
    expect(env['SECRETS_PREFIX']).toBe('/diagnose-502/test/');
    expect(env['DIAGNOSE502_CONFIG']).toBe('config/diagnose-502.yaml');
  });

  it("allows writes only on the bot's own table, queues and log groups", () => {
    const statements = allowStatements(withConfig.template);
    expect(statements.length).toBeGreaterThan(3);
    const offending = statements.flatMap(({ from, statement }) => {
      const actions = list(statement.Action);
      const resources = list(statement.Resource);
      return actions
        .filter((action) => action.includes('*') || (!READ.test(action) && action !== 'sts:AssumeRole' && !resources.every(isOwnResource)))
        .map((action) => `${from}: ${action} on ${JSON.stringify(resources)}`);
    });
    expect(offending).toEqual([]);
  });

  it("grants the collectors' reads and sts:AssumeRole on exactly the config's role ARNs", () => {
    const statements = allowStatements(withConfig.template).map((s) => s.statement);
    const assume = statements.filter((s) => list(s.Action).includes('sts:AssumeRole'));
    expect(assume.flatMap((s) => list(s.Resource))).toEqual([ROLE_ARN]);
    const policy = withConfig.template.Resources['CollectorReadPolicy']!.Properties as { PolicyDocument: { Statement: Statement[] } };
    const actions = policy.PolicyDocument.Statement.flatMap((s) => list(s.Action)).sort();
    expect(actions).toEqual([...collectorActions(), 'sts:AssumeRole'].sort());
  });

  it('grants no sts:AssumeRole at all without a config naming accounts', () => {
    const actions = allowStatements(withoutConfig.template).flatMap(({ statement }) => list(statement.Action));
    expect(actions).not.toContain('sts:AssumeRole');
    expect(actions).toEqual(expect.arrayContaining(collectorActions()));
    const env = (withoutConfig.template.Resources['IngressLambdaFunction']!.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(env['DIAGNOSE502_CONFIG']).toBe('');
  });

  it('caps the public ingress: reserved concurrency, and throttling on the HTTP API stage and both routes (issue 11, finding 6)', () => {
    const t = withConfig.template;
    const ingress = t.Resources['IngressLambdaFunction']!.Properties;
    expect(ingress['ReservedConcurrentExecutions']).toEqual(expect.any(Number));
    expect(ingress['ReservedConcurrentExecutions'] as number).toBeGreaterThan(0);
    expect(ingress['ReservedConcurrentExecutions'] as number).toBeLessThanOrEqual(50);
    const [[, stage] = []] = resourcesOfType(t, 'AWS::ApiGatewayV2::Stage');
    const props = stage?.Properties as {
      DefaultRouteSettings?: { ThrottlingBurstLimit?: number; ThrottlingRateLimit?: number };
      RouteSettings?: Record<string, { ThrottlingBurstLimit?: number; ThrottlingRateLimit?: number }>;
    };
    expect(props.DefaultRouteSettings).toMatchObject({ ThrottlingBurstLimit: expect.any(Number), ThrottlingRateLimit: expect.any(Number) });
    for (const route of ['POST /slack/events', 'POST /pagerduty/webhook']) {
      expect(props.RouteSettings?.[route]).toMatchObject({ ThrottlingBurstLimit: expect.any(Number), ThrottlingRateLimit: expect.any(Number) });
    }
  });

  it('gives each function its own least-privilege role; the ingress holds no collector read and no sts:AssumeRole (issue 11, finding 14)', () => {
    const t = withConfig.template;
    const roleOf = (fn: string) => JSON.stringify(t.Resources[fn]!.Properties['Role']);
    const ingressRole = /"Fn::GetAtt":\["(\w+)","Arn"\]/.exec(roleOf('IngressLambdaFunction'))?.[1];
    const workerRole = /"Fn::GetAtt":\["(\w+)","Arn"\]/.exec(roleOf('WorkerLambdaFunction'))?.[1];
    expect(ingressRole).toBeDefined();
    expect(workerRole).toBeDefined();
    expect(ingressRole).not.toBe(workerRole);
    expect(
      resourcesOfType(t, 'AWS::IAM::Role')
        .map(([id]) => id)
        .sort(),
    ).toEqual([ingressRole, workerRole].sort());

    const actionsOf = (role: string) =>
      allowStatements(t)
        .filter(({ from }) => from === role || JSON.stringify(t.Resources[from]!.Properties['Roles'] ?? []).includes(`"${role}"`))
        .flatMap(({ statement }) => list(statement.Action));
    const ingressActions = actionsOf(ingressRole!);
    expect(ingressActions).not.toContain('sts:AssumeRole');
    expect(ingressActions.filter((a) => collectorActions().includes(a))).toEqual([]);
    expect(ingressActions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'ssm:GetParameters', 'dynamodb:PutItem', 'dynamodb:DeleteItem']));
    expect(ingressActions).not.toContain('sqs:ReceiveMessage');

    const workerActions = actionsOf(workerRole!);
    expect(workerActions).toEqual(expect.arrayContaining([...collectorActions(), 'sts:AssumeRole', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']));
  });

  it("creates the CloudWatch alarm rule: API Gateway 5xx alarms, ALARM and OK, the config's name prefix, to the work queue", () => {
    const t = withConfig.template;
    // The other rule is the worker's schedule (the sweep).
    const rule = t.Resources['AlarmStateChangeRule'];
    expect(rule?.Type).toBe('AWS::Events::Rule');
    const props = rule!.Properties as { State: string; EventPattern: unknown; Targets: Array<{ Arn: unknown; DeadLetterConfig?: { Arn: unknown } }> };
    expect(props.State).toBe('ENABLED');
    expect(props.EventPattern).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      detail: {
        state: { value: ['ALARM', 'OK'] },
        alarmName: [{ prefix: 'api-' }],
        configuration: { metrics: { metricStat: { metric: { namespace: ['AWS/ApiGateway'], name: ['5XXError', '5xx'] } } } },
      },
    });
    expect(props.Targets).toEqual([
      { Id: 'diagnose-502-work-queue', Arn: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } },
    ]);
  });

  it('lets that rule alone send to the queues: EventBridge by source ARN, SendMessage only', () => {
    const policies = resourcesOfType(withConfig.template, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(1);
    const props = policies[0]![1].Properties as { Queues: unknown[]; PolicyDocument: { Statement: Statement[] } };
    expect(props.Queues).toEqual([{ Ref: 'WorkQueue' }, { Ref: 'DeadLetterQueue' }]);
    expect(props.PolicyDocument.Statement).toEqual([
      {
        Sid: 'AlarmRuleToWorkQueue',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: [{ 'Fn::GetAtt': ['WorkQueue', 'Arn'] }, { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }],
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['AlarmStateChangeRule', 'Arn'] } } },
      },
    ]);
  });

  it('deploys the alarm rule disabled, on the 5xx metrics alone, when the config has no alarms section', () => {
    const props = withoutConfig.template.Resources['AlarmStateChangeRule']?.Properties as { State: string; EventPattern: { detail: Record<string, unknown> } };
    expect(props.State).toBe('DISABLED');
    expect(props.EventPattern.detail).not.toHaveProperty('alarmName');
    expect(props.EventPattern.detail['configuration']).toEqual({
      metrics: { metricStat: { metric: { namespace: ['AWS/ApiGateway'], name: ['5XXError', '5xx'] } } },
    });
  });
});
