import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiDescriptor } from '../../../src/core/api/api-descriptor.ts';
import { createAwsClients } from '../../../src/adapters/aws/aws-clients.ts';
import type { RateLimiter } from '../../../src/adapters/aws/rate-limiter.ts';
import { collectChanges } from '../../../src/adapters/aws/collect-changes.ts';
import type { Collector, CollectorContext } from '../../../src/adapters/aws/collector.ts';
import type { ChangesFindings, CollectorInput } from '../../../src/core/evidence/types.ts';

const ACCOUNT = '111122223333';
const FN_ARN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:checkout-fn`;
const WINDOW = { start: '2026-03-01T10:00:00.000Z', end: '2026-03-01T11:00:00.000Z', baselineStart: '2026-03-01T09:00:00.000Z' };
// Well after the window, so the "events may still be arriving" note stays out of the way.
const LATER = () => new Date('2026-03-01T13:00:00Z');

const api: ApiDescriptor = {
  id: 'a1b2c3d4e5',
  type: 'rest',
  name: 'shop',
  region: 'eu-west-1',
  accountId: ACCOUNT,
  stage: {
    name: 'prod',
    executionLogging: 'ERROR',
    dataTraceEnabled: false,
    tracingEnabled: false,
    detailedMetricsEnabled: false,
    variables: {},
  },
  integrations: [
    {
      route: 'POST /checkout',
      type: 'AWS_PROXY',
      connectionType: 'INTERNET',
      timeoutMs: 29_000,
      lambdaArn: `${FN_ARN}:live`,
      lambdaFunctionName: 'checkout-fn',
      lambdaQualifier: 'live',
    },
    { route: 'GET /stock', type: 'HTTP_PROXY', connectionType: 'VPC_LINK', timeoutMs: 29_000, vpcLinkId: 'vl7x9k' },
  ],
};
const input: CollectorInput = { api, window: WINDOW };

const cloudTrail = mockClient(CloudTrailClient);

function context(overrides: Partial<CollectorContext> = {}): CollectorContext {
  const clients = createAwsClients({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
  return { clients, ...overrides };
}

interface EventSpec {
  id?: string;
  name: string;
  source: string;
  time: string;
  readOnly?: boolean;
  username?: string;
  resources?: string[];
  detail?: Record<string, unknown>;
  /** Raw CloudTrailEvent text, to feed a broken record. */
  raw?: string;
}

let nextId = 0;

/** A LookupEvents result item, as CloudTrail returns it: the record itself is a JSON string. */
function trailEvent(spec: EventSpec): TrailEvent {
  const detail = {
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', userName: spec.username ?? 'alice', accountId: ACCOUNT },
    eventTime: spec.time,
    eventSource: spec.source,
    eventName: spec.name,
    awsRegion: 'eu-west-1',
    readOnly: spec.readOnly ?? false,
    ...spec.detail,
  };
  if (spec.id === undefined) nextId += 1;
  return {
    EventId: spec.id ?? `evt-${nextId}`,
    EventName: spec.name,
    EventSource: spec.source,
    EventTime: new Date(spec.time),
    ReadOnly: String(spec.readOnly ?? false),
    Username: spec.username ?? 'alice',
    Resources: (spec.resources ?? []).map((name) => ({ ResourceName: name })),
    CloudTrailEvent: spec.raw ?? JSON.stringify(detail),
  };
}

/** A security-group revoke as CloudTrail records it, lists wrapped in `items`. */
const sgRevoke = trailEvent({
  name: 'RevokeSecurityGroupIngress',
  source: 'ec2.amazonaws.com',
  time: '2026-03-01T10:04:00Z',
  resources: ['sg-0abc'],
  detail: {
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAEXAMPLE',
      userName: 'alice',
    },
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: {
      groupId: 'sg-0abc',
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            groups: {},
            ipRanges: { items: [{ cidrIp: '10.0.0.0/16' }] },
            ipv6Ranges: {},
            prefixListIds: {},
          },
        ],
      },
    },
    responseElements: { requestId: 'r-1', _return: true },
  },
});

function resolvesPages(...pages: Array<{ events: TrailEvent[]; next?: string }>): void {
  let mock = cloudTrail.on(LookupEventsCommand);
  for (const page of pages) {
    mock = mock.resolvesOnce({ Events: page.events, NextToken: page.next });
  }
}

describe('collectChanges', () => {
  beforeEach(() => {
    cloudTrail.reset();
  });

  it('is a collector', () => {
    const collector: Collector<ChangesFindings> = collectChanges;
    expect(collector).toBeTypeOf('function');
  });

  it('asks for write events only, from two hours before the window to its end, 50 at a time', async () => {
    // Prepare
    resolvesPages({ events: [] });

    // Act
    const result = await collectChanges(context(), input, { now: LATER });

    // Assess
    const calls = cloudTrail.commandCalls(LookupEventsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
      StartTime: new Date('2026-03-01T08:00:00.000Z'),
      EndTime: new Date('2026-03-01T11:00:00.000Z'),
      MaxResults: 50,
      NextToken: undefined,
    });
    expect(result).toEqual({
      findings: { lookedAt: { start: '2026-03-01T08:00:00.000Z', end: '2026-03-01T11:00:00.000Z' }, pages: 1, truncated: false, changes: [] },
      missing: [],
    });
  });

  it('describes a security-group revoke: who, what and on which group', async () => {
    // Prepare
    resolvesPages({ events: [sgRevoke] });

    // Act
    const { findings } = await collectChanges(context(), input, { now: LATER });

    // Assess
    expect(findings?.changes).toEqual([
      {
        time: '2026-03-01T10:04:00.000Z',
        eventName: 'RevokeSecurityGroupIngress',
        eventSource: 'ec2.amazonaws.com',
        kind: 'security-group',
        who: 'alice',
        resources: ['sg-0abc'],
        relatedToApi: false,
        summary: 'RevokeSecurityGroupIngress on sg-0abc by alice: tcp 443 from 10.0.0.0/16',
      },
    ]);
  });

  it('names an assumed role by role and session, and drops the Lambda version from the summary', async () => {
    // Prepare
    resolvesPages({
      events: [
        trailEvent({
          name: 'RemovePermission20150331v2',
          source: 'lambda.amazonaws.com',
          time: '2026-03-01T10:02:00Z',
          username: 'gh-run-42',
          detail: {
            userIdentity: {
              type: 'AssumedRole',
              arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy-bot/gh-run-42`,
              sessionContext: { sessionIssuer: { type: 'Role', userName: 'deploy-bot' } },
            },
            requestParameters: { functionName: 'checkout-fn', statementId: 'apigw-invoke', qualifier: 'live' },
          },
        }),
      ],
    });

    // Act
    const { findings } = await collectChanges(context(), input, { now: LATER });

    // Assess
    const [change] = findings?.changes ?? [];
    expect(change?.who).toBe('deploy-bot/gh-run-42');
    expect(change?.kind).toBe('lambda-permission');
    expect(change?.eventName).toBe('RemovePermission20150331v2');
    expect(change?.summary).toBe('RemovePermission on checkout-fn:live by deploy-bot/gh-run-42: statement apigw-invoke');
    expect(change?.relatedToApi).toBe(true);
  });

  it('keeps only the kinds of change that matter, skipping reads and other writes', async () => {
    // Prepare
    resolvesPages({
      events: [
        trailEvent({ name: 'CreateTags', source: 'ec2.amazonaws.com', time: '2026-03-01T10:05:00Z' }),
        trailEvent({ name: 'GetFunction20150331v2', source: 'lambda.amazonaws.com', time: '2026-03-01T10:05:00Z' }),
        // A read that slipped past the filter, flagged only at the top level or only in the record.
        trailEvent({ name: 'UpdateStage', source: 'apigateway.amazonaws.com', time: '2026-03-01T10:06:00Z', readOnly: true }),
        {
          ...trailEvent({ name: 'CreateDeployment', source: 'apigateway.amazonaws.com', time: '2026-03-01T10:06:00Z', readOnly: true }),
          ReadOnly: 'false',
        },
        trailEvent({
          name: 'UpdateFunctionConfiguration20150331v2',
          source: 'lambda.amazonaws.com',
          time: '2026-03-01T10:07:00Z',
          detail: { requestParameters: { functionName: 'checkout-fn', timeout: 60 } },
        }),
      ],
    });

    // Act
    const { findings } = await collectChanges(context(), input, { now: LATER });

    // Assess
    expect(findings?.changes.map((c) => `${c.eventName}/${c.kind}`)).toEqual(['UpdateFunctionConfiguration20150331v2/lambda-config']);
    expect(findings?.changes[0]?.summary).toBe('UpdateFunctionConfiguration on checkout-fn by alice: timeout 60 s');
  });

  it('keeps an event whose record is not valid JSON, using the top-level fields', async () => {
    // Prepare
    resolvesPages({
      events: [
        trailEvent({
          name: 'DeleteNetworkAclEntry',
          source: 'ec2.amazonaws.com',
          time: '2026-03-01T10:08:00Z',
          username: 'bob',
          resources: ['acl-0123'],
          raw: '{"eventVersion":"1.08","userIdentity":{"type":"IAMUs',
        }),
        { ...trailEvent({ name: 'DeleteRoute', source: 'ec2.amazonaws.com', time: '2026-03-01T10:09:00Z', username: 'carol' }), CloudTrailEvent: undefined },
      ],
    });

    // Act
    const { findings, missing } = await collectChanges(context(), input, { now: LATER });

    // Assess
    expect(missing).toEqual([]);
    expect(findings?.changes.map((c) => [c.kind, c.who, c.resources, c.summary])).toEqual([
      ['network-acl', 'bob', ['acl-0123'], 'DeleteNetworkAclEntry on acl-0123 by bob'],
      ['route', 'carol', [], 'DeleteRoute by carol'],
    ]);
  });

  it('names the service when one made the change on someone else’s behalf', async () => {
    resolvesPages({
      events: [
        trailEvent({
          name: 'DeleteSecurityGroup',
          source: 'ec2.amazonaws.com',
          time: '2026-03-01T10:10:00Z',
          detail: { userIdentity: { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' }, requestParameters: { groupId: 'sg-7' } },
        }),
      ],
    });

    const { findings } = await collectChanges(context(), input, { now: LATER });

    expect(findings?.changes[0]?.who).toBe('cloudformation.amazonaws.com');
  });

  it('marks a failed change and says it changed nothing', async () => {
    // Prepare
    resolvesPages({
      events: [
        trailEvent({
          name: 'DeleteRoute',
          source: 'ec2.amazonaws.com',
          time: '2026-03-01T10:09:00Z',
          detail: {
            errorCode: 'Client.UnauthorizedOperation',
            errorMessage: 'You are not authorized to perform this operation.',
            requestParameters: { routeTableId: 'rtb-0aa', destinationCidrBlock: '0.0.0.0/0' },
          },
        }),
      ],
    });

    // Act
    const { findings } = await collectChanges(context(), input, { now: LATER });

    // Assess
    expect(findings?.changes[0]?.errorCode).toBe('Client.UnauthorizedOperation');
    expect(findings?.changes[0]?.summary).toBe('DeleteRoute on rtb-0aa by alice: 0.0.0.0/0 (failed with Client.UnauthorizedOperation, so nothing changed)');
  });

  it('relates changes to this API through its id, its functions and its VPC link only', async () => {
    // Prepare
    const lambdaChange = (time: string, functionName: string) =>
      trailEvent({
        name: 'UpdateFunctionCode20150331v2',
        source: 'lambda.amazonaws.com',
        time,
        detail: { requestParameters: { functionName } },
      });
    resolvesPages({
      events: [
        lambdaChange('2026-03-01T10:01:00Z', FN_ARN),
        lambdaChange('2026-03-01T10:02:00Z', `${ACCOUNT}:function:checkout-fn:7`),
        lambdaChange('2026-03-01T10:03:00Z', 'checkout-fn-canary'),
        trailEvent({
          name: 'CreateDeployment',
          source: 'apigateway.amazonaws.com',
          time: '2026-03-01T10:04:00Z',
          detail: { requestParameters: { restApiId: 'a1b2c3d4e5', stageName: 'prod' } },
        }),
        trailEvent({
          name: 'UpdateStage',
          source: 'apigateway.amazonaws.com',
          time: '2026-03-01T10:05:00Z',
          resources: ['arn:aws:apigateway:eu-west-1::/restapis/zzzzzzzzzz/stages/prod'],
          detail: { requestParameters: { restApiId: 'zzzzzzzzzz', stageName: 'prod' } },
        }),
        trailEvent({
          name: 'UpdateVpcLink',
          source: 'apigateway.amazonaws.com',
          time: '2026-03-01T10:06:00Z',
          resources: ['arn:aws:apigateway:eu-west-1::/vpclinks/vl7x9k'],
        }),
        trailEvent({
          name: 'DeregisterTargets',
          source: 'elasticloadbalancing.amazonaws.com',
          time: '2026-03-01T10:07:00Z',
          detail: {
            requestParameters: {
              targetGroupArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/stock/73e2d6bc24d8a067`,
              targets: [{ id: 'i-0abc', port: 8080 }],
            },
          },
        }),
      ].reverse(),
    });

    // Act
    const { findings } = await collectChanges(context(), input, { now: LATER });

    // Assess
    expect(findings?.changes.map((c) => [c.time.slice(11, 16), c.relatedToApi])).toEqual([
      ['10:01', true],
      ['10:02', true],
      ['10:03', false],
      ['10:04', true],
      ['10:05', false],
      ['10:06', true],
      ['10:07', false],
    ]);
    expect(findings?.changes[3]?.summary).toBe('CreateDeployment on a1b2c3d4e5/prod by alice: to stage prod');
    expect(findings?.changes[6]?.summary).toBe('DeregisterTargets on targetgroup/stock/73e2d6bc24d8a067 by alice: target i-0abc:8080');
  });

  it('follows NextToken and stops at the page bound, marking the result truncated', async () => {
    // Prepare
    resolvesPages(
      { events: [trailEvent({ name: 'DeleteRoute', source: 'ec2.amazonaws.com', time: '2026-03-01T10:30:00Z' })], next: 't1' },
      { events: [trailEvent({ name: 'CreateRoute', source: 'ec2.amazonaws.com', time: '2026-03-01T10:20:00Z' })], next: 't2' },
      { events: [trailEvent({ name: 'ReplaceRoute', source: 'ec2.amazonaws.com', time: '2026-03-01T10:10:00Z' })], next: 't3' },
    );

    // Act
    const { findings, missing } = await collectChanges(context(), input, { now: LATER, maxPages: 2 });

    // Assess
    const calls = cloudTrail.commandCalls(LookupEventsCommand);
    expect(calls.map((call) => call.args[0].input.NextToken)).toEqual([undefined, 't1']);
    expect(findings?.pages).toBe(2);
    expect(findings?.truncated).toBe(true);
    expect(findings?.changes.map((c) => c.eventName)).toEqual(['CreateRoute', 'DeleteRoute']);
    expect(missing).toHaveLength(1);
    expect(missing[0]?.reason).toMatch(/more write events .* than the 100 read/);
  });

  it('reads every page when they fit within the bound', async () => {
    // Prepare
    resolvesPages({ events: [], next: 't1' }, { events: [], next: 't2' }, { events: [] });

    // Act
    const { findings } = await collectChanges(context(), input, { now: LATER });

    // Assess
    expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(3);
    expect(findings?.pages).toBe(3);
    expect(findings?.truncated).toBe(false);
  });

  it('reads six pages (300 events) by default', async () => {
    // Prepare
    cloudTrail.on(LookupEventsCommand).resolves({ Events: [], NextToken: 'more' });

    // Act
    const { findings } = await collectChanges(context(), input, { now: LATER });

    // Assess
    expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(6);
    expect(findings?.truncated).toBe(true);
  });

  it('acquires the CloudTrail limiter once before every call, passing the abort signal', async () => {
    // Prepare
    const log: string[] = [];
    const signals: Array<AbortSignal | undefined> = [];
    const limiter: RateLimiter = {
      acquire: async (signal) => {
        signals.push(signal);
        log.push('acquire');
      },
    };
    let page = 0;
    cloudTrail.on(LookupEventsCommand).callsFake(() => {
      log.push('call');
      page += 1;
      return { Events: [], NextToken: page < 3 ? `t${page}` : undefined };
    });
    const controller = new AbortController();

    // Act
    await collectChanges(context({ cloudTrailLimiter: limiter, signal: controller.signal }), input, { now: LATER });

    // Assess
    expect(log).toEqual(['acquire', 'call', 'acquire', 'call', 'acquire', 'call']);
    expect(signals.every((s) => s === controller.signal)).toBe(true);
  });

  it('reports access denied as missing evidence with a fix, and no findings', async () => {
    // Prepare
    const denied = Object.assign(new Error('User is not authorized to perform: cloudtrail:LookupEvents'), {
      name: 'AccessDeniedException',
    });
    cloudTrail.on(LookupEventsCommand).rejects(denied);

    // Act
    const result = await collectChanges(context(), input, { now: LATER });

    // Assess
    expect(result.findings).toBeNull();
    expect(result.missing).toHaveLength(1);
    expect(result.missing[0]).toMatchObject({ source: 'changes', reason: 'access denied to cloudtrail:LookupEvents' });
    expect(result.missing[0]?.fix).toContain('cloudtrail:LookupEvents');
  });

  it('keeps what it read when a later page fails', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    cloudTrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [sgRevoke], NextToken: 't1' })
      .rejectsOnce(throttled);

    // Act
    const { findings, missing } = await collectChanges(context(), input, { now: LATER });

    // Assess
    expect(findings?.changes).toHaveLength(1);
    expect(findings?.truncated).toBe(true);
    expect(missing.map((m) => m.reason)).toEqual(['cloudtrail:LookupEvents was throttled and retries ran out']);
  });

  it('gives up without calling CloudTrail when the limiter wait is aborted', async () => {
    // Prepare
    const limiter: RateLimiter = {
      acquire: async () => {
        throw Object.assign(new Error('stopped'), { name: 'AbortError' });
      },
    };

    // Act
    const result = await collectChanges(context({ cloudTrailLimiter: limiter }), input, { now: LATER });

    // Assess
    expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(0);
    expect(result.findings).toBeNull();
    expect(result.missing[0]?.reason).toBe("cloudtrail:LookupEvents did not answer within this source's time budget");
  });

  it('notes that the last minutes may be incomplete when the window ends close to now', async () => {
    // Prepare
    resolvesPages({ events: [sgRevoke] });

    // Act
    const result = await collectChanges(context(), input, { now: () => new Date('2026-03-01T11:05:00Z') });

    // Assess
    expect(result.findings?.changes).toHaveLength(1);
    expect(result.missing.map((m) => m.reason)).toEqual([
      'CloudTrail delivers events about 5 minutes after the call (not guaranteed), so the last minutes may be incomplete',
    ]);
  });

  it('sorts changes oldest first', async () => {
    // Prepare: CloudTrail answers newest first.
    resolvesPages({
      events: [
        trailEvent({ name: 'CreateStage', source: 'apigateway.amazonaws.com', time: '2026-03-01T10:40:00Z' }),
        trailEvent({ name: 'DeleteStage', source: 'apigateway.amazonaws.com', time: '2026-03-01T09:10:00Z' }),
        trailEvent({ name: 'UpdateStage', source: 'apigateway.amazonaws.com', time: '2026-03-01T10:20:00Z' }),
      ],
    });

    // Act
    const { findings } = await collectChanges(context(), input, { now: LATER });

    // Assess
    expect(findings?.changes.map((c) => c.eventName)).toEqual(['DeleteStage', 'UpdateStage', 'CreateStage']);
  });
});
