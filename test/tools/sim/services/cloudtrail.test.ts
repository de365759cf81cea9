import { LookupEventsCommand, type LookupEventsCommandInput, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedAws, type SimulatedAws } from '../../../../src/tools/sim/start-simulated-aws.ts';
import { fixedNow, NOW, rejection, simConfig } from '../sim-test-clients.ts';

function simClients(endpoint: string, accessKeyId = 'sim') {
  const config = simConfig(endpoint, accessKeyId);
  return {
    cloudTrail: new CloudTrailClient(config),
  };
}
type SimClients = ReturnType<typeof simClients>;
const destroyClients = (clients: SimClients) => {
  for (const c of Object.values(clients)) c.destroy();
};

let sim: SimulatedAws;
let aws: SimClients;
// The shared account holds every scenario's events; these keys show one incident alone.
let network: SimClients;
let permission: SimClients;

beforeAll(async () => {
  // A generous quota here; the quota itself is tested on a server of its own.
  sim = await startSimulatedAws({ now: fixedNow, cloudTrailCallsPerSecond: 1000, log: () => {} });
  aws = simClients(sim.url);
  network = simClients(sim.url, 'network-behind-timeout');
  permission = simClients(sim.url, 'permission');
});

afterAll(async () => {
  for (const clients of [aws, network, permission]) destroyClients(clients);
  await sim.close();
});

const since = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const lookup = (input: LookupEventsCommandInput, clients = aws) => clients.cloudTrail.send(new LookupEventsCommand(input));

describe('LookupEvents', () => {
  it('finds the security-group change with a ReadOnly=false lookup, skipping read-only noise', async () => {
    // Act
    const out = await lookup({ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }], StartTime: since(60), EndTime: NOW }, network);

    // Assess
    const events = out.Events ?? [];
    expect(events.every((e) => e.ReadOnly === 'false')).toBe(true);
    const revoke = events.find((e) => e.EventName === 'RevokeSecurityGroupIngress');
    expect(revoke?.Username).toBe('maria.kowalski');
    expect(revoke?.EventSource).toBe('ec2.amazonaws.com');
    expect(revoke?.Resources).toEqual([{ ResourceType: 'AWS::EC2::SecurityGroup', ResourceName: 'sg-0c4f5e6a7b8c9d0e1' }]);
    const minutesAgo = (NOW.getTime() - (revoke?.EventTime?.getTime() ?? 0)) / 60_000;
    expect(minutesAgo).toBeGreaterThan(31);
    expect(minutesAgo).toBeLessThanOrEqual(32);
    const record = JSON.parse(revoke?.CloudTrailEvent ?? '{}');
    expect(record.eventName).toBe('RevokeSecurityGroupIngress');
    expect(record.userIdentity).toMatchObject({ type: 'IAMUser', userName: 'maria.kowalski', accountId: '123456789012' });
    expect(record.requestParameters.groupId).toBe('sg-0c4f5e6a7b8c9d0e1');
    expect(record.requestParameters.ipPermissions.items[0]).toMatchObject({ ipProtocol: 'tcp', fromPort: 8443, toPort: 8443 });
    expect(record.awsRegion).toBe('us-east-1');
    expect(record.readOnly).toBe(false);
    // Newest first, like CloudTrail.
    const times = events.map((e) => e.EventTime?.getTime() ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('looks up by resource name and by event source, with assumed-role identities', async () => {
    // Act
    const bySg = await lookup({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'sg-0c4f5e6a7b8c9d0e1' }], StartTime: since(120) });
    const lambdaChanges = await lookup(
      { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'lambda.amazonaws.com' }], StartTime: since(60) },
      permission,
    );

    // Assess
    expect(bySg.Events?.map((e) => e.EventName)).toEqual(['RevokeSecurityGroupIngress']);
    const remove = lambdaChanges.Events?.find((e) => e.EventName === 'RemovePermission20150331v2');
    expect(remove?.Username).toBe('ci-run-8841');
    const record = JSON.parse(remove?.CloudTrailEvent ?? '{}');
    expect(record.userIdentity.type).toBe('AssumedRole');
    expect(record.userIdentity.arn).toBe('arn:aws:sts::123456789012:assumed-role/terraform-ci/ci-run-8841');
    expect(record.requestParameters).toEqual({ functionName: 'payments-handler', statementId: 'apigw-payments-prod' });
    expect(lambdaChanges.Events?.some((e) => e.ReadOnly === 'true')).toBe(true);
  });

  it('pages with NextToken, 50 events at most', async () => {
    // Act
    const first = await lookup({ StartTime: since(180) });
    const second = await lookup({ StartTime: since(180), NextToken: first.NextToken });

    // Assess
    expect(first.Events).toHaveLength(50);
    expect(first.NextToken).toBeDefined();
    const ids = new Set([...(first.Events ?? []), ...(second.Events ?? [])].map((e) => e.EventId));
    expect(ids.size).toBe(50 + (second.Events?.length ?? 0));
    expect(second.Events?.[0]?.EventTime?.getTime()).toBeLessThanOrEqual(first.Events?.[49]?.EventTime?.getTime() ?? 0);
  });

  it('enforces one lookup attribute and MaxResults <= 50', async () => {
    const two = await rejection(
      lookup({
        LookupAttributes: [
          { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
          { AttributeKey: 'EventSource', AttributeValue: 'ec2.amazonaws.com' },
        ],
      }),
    );
    expect(two.name).toBe('InvalidLookupAttributesException');
    expect((await rejection(lookup({ MaxResults: 51 }))).name).toBe('InvalidMaxResultsException');
  });

  it('shows one scenario alone when the access key id names it', async () => {
    // Prepare
    const scoped = simClients(sim.url, 'timeout');

    // Act
    const out = await lookup({ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }], StartTime: since(180) }, scoped);
    destroyClients(scoped);

    // Assess
    expect(out.Events?.map((e) => e.EventName).sort()).toEqual(['PutBucketPolicy', 'UpdateFunctionConfiguration20150331v2']);
  });
});

describe('LookupEvents quota and permissions', () => {
  it('throttles the third call within one second (2 calls/s per account and region)', async () => {
    // Prepare
    const quotaSim = await startSimulatedAws({ now: fixedNow, log: () => {} });
    const clients = simClients(quotaSim.url);

    // Act
    const results = await Promise.allSettled([lookup({ MaxResults: 1 }, clients), lookup({ MaxResults: 1 }, clients), lookup({ MaxResults: 1 }, clients)]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const afterRefill = await lookup({ MaxResults: 1 }, clients);
    destroyClients(clients);
    await quotaSim.close();

    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const throttled = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((throttled.reason as Error).name).toBe('ThrottlingException');
    expect((throttled.reason as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
    expect(afterRefill.Events).toHaveLength(1);
  });

  it('answers AccessDeniedException when the scenario denies cloudtrail:LookupEvents', async () => {
    // Prepare
    const scoped = simClients(sim.url, 'cloudtrail-denied');

    // Act
    const denied = await rejection(lookup({ StartTime: since(60) }, scoped));
    const others = await lookup({ StartTime: since(60), MaxResults: 1 });
    destroyClients(scoped);

    // Assess
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('is not authorized to perform: cloudtrail:LookupEvents');
    // With every scenario visible, one scenario's denial does not hide the whole account.
    expect(others.Events).toHaveLength(1);
  });
});
