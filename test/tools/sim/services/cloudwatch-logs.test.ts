import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  StartQueryCommand,
  type FilterLogEventsCommandInput,
  type FilterLogEventsCommandOutput,
  CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { NOW, rejection, simConfig, useSimulator } from '../sim-test-clients.ts';

function simClients(endpoint: string, accessKeyId = 'sim') {
  const config = simConfig(endpoint, accessKeyId);
  return {
    logs: new CloudWatchLogsClient(config),
  };
}
const world = useSimulator((endpoint) => simClients(endpoint));

const HOUR_AGO = NOW.getTime() - 3_600_000;
const TIMEOUT_GROUP = 'API-Gateway-Execution-Logs_k7x2m9q4ta/prod';

async function allPages(input: FilterLogEventsCommandInput): Promise<FilterLogEventsCommandOutput[]> {
  const pages: FilterLogEventsCommandOutput[] = [];
  let nextToken: string | undefined;
  do {
    const page = await world.aws.logs.send(new FilterLogEventsCommand({ ...input, nextToken }));
    pages.push(page);
    nextToken = page.nextToken;
  } while (nextToken && pages.length < 100);
  return pages;
}

describe('FilterLogEvents', () => {
  it('ORs quoted phrases and pages through slices, some of them empty but with a nextToken', async () => {
    // Act
    const pages = await allPages({
      logGroupName: TIMEOUT_GROUP,
      startTime: HOUR_AGO,
      endTime: NOW.getTime(),
      filterPattern: '?"Execution failed due to a timeout error" ?"Method completed with status: 504"',
    });

    // Assess: the incident starts 18 minutes ago, so the first two 15-minute slices find nothing.
    expect(pages[0]?.events).toEqual([]);
    expect(pages[0]?.nextToken).toBeDefined();
    expect(pages[1]?.events).toEqual([]);
    expect(pages.at(-1)?.nextToken).toBeUndefined();
    const events = pages.flatMap((p) => p.events ?? []);
    const timeouts = events.filter((e) => e.message?.endsWith('Execution failed due to a timeout error'));
    const completed504 = events.filter((e) => e.message?.endsWith('Method completed with status: 504'));
    expect(timeouts.length).toBeGreaterThan(100);
    expect(timeouts.length).toBeLessThanOrEqual(140);
    expect(completed504.length).toBe(timeouts.length);
    expect(timeouts.length + completed504.length).toBe(events.length);
    for (const e of events) {
      expect(e.message).toMatch(/^\([0-9a-f-]{36}\) /);
      expect(e.timestamp).toBeLessThanOrEqual(NOW.getTime());
      expect(e.timestamp).toBeGreaterThanOrEqual(NOW.getTime() - 19 * 60_000);
      expect(e.ingestionTime).toBeGreaterThanOrEqual(e.timestamp ?? 0);
      expect(e.eventId).toMatch(/^\d{56}$/);
      expect(e.logStreamName).toMatch(/^[0-9a-f]{32}$/);
    }
    const times = events.map((e) => e.timestamp ?? 0);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('honours limit, and a later page continues where the token says', async () => {
    // Act
    const first = await world.aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: TIMEOUT_GROUP, startTime: HOUR_AGO, filterPattern: '"status: 200"', limit: 5 }),
    );
    const second = await world.aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: TIMEOUT_GROUP, startTime: HOUR_AGO, filterPattern: '"status: 200"', limit: 5, nextToken: first.nextToken }),
    );

    // Assess
    expect(first.events).toHaveLength(5);
    expect(second.events).toHaveLength(5);
    expect(second.events?.[0]?.timestamp).toBeGreaterThanOrEqual(first.events?.[4]?.timestamp ?? Infinity);
    expect(new Set([...(first.events ?? []), ...(second.events ?? [])].map((e) => e.eventId)).size).toBe(10);
  });

  it('ANDs bare terms and quoted phrases', async () => {
    // Act
    const pages = await allPages({
      logGroupName: 'API-Gateway-Execution-Logs_b4e7r2x9le/prod',
      startTime: HOUR_AGO,
      filterPattern: '"customer function error" currency',
    });

    // Assess
    const events = pages.flatMap((p) => p.events ?? []);
    expect(events.length).toBeGreaterThan(100);
    expect(
      events.every((e) =>
        e.message?.includes(
          "Lambda execution failed with status 200 due to customer function error: Cannot read properties of undefined (reading 'currency'). Lambda request id: ",
        ),
      ),
    ).toBe(true);
  });

  it('answers ResourceNotFoundException for a group that does not exist, as when logging is off', async () => {
    const error = await rejection(world.aws.logs.send(new FilterLogEventsCommand({ logGroupName: 'API-Gateway-Execution-Logs_l5g0f2f7oi/prod' })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.message).toBe('The specified log group does not exist.');
  });

  it('rejects a token from another query and a malformed pattern', async () => {
    const first = await world.aws.logs.send(new FilterLogEventsCommand({ logGroupName: TIMEOUT_GROUP, startTime: HOUR_AGO, limit: 1 }));
    const reused = await rejection(
      world.aws.logs.send(new FilterLogEventsCommand({ logGroupName: TIMEOUT_GROUP, startTime: HOUR_AGO, filterPattern: 'x', nextToken: first.nextToken })),
    );
    expect(reused.name).toBe('InvalidParameterException');
    const pattern = await rejection(world.aws.logs.send(new FilterLogEventsCommand({ logGroupName: TIMEOUT_GROUP, filterPattern: '{ $.status >= }' })));
    expect(pattern.name).toBe('InvalidParameterException');
  });
});

describe('the rest of CloudWatch Logs', () => {
  it('answers Logs Insights as an operation it does not implement: diagnose-502 never runs a query', async () => {
    const error = await rejection(
      world.aws.logs.send(
        new StartQueryCommand({
          logGroupName: TIMEOUT_GROUP,
          startTime: Math.floor(HOUR_AGO / 1000),
          endTime: Math.floor(NOW.getTime() / 1000),
          queryString: 'fields @message | limit 1',
        }),
      ),
    );
    expect(error.name).toBe('UnknownOperationException');
    expect(error.message).toContain('the simulated account does not implement it');
  });

  it('lists log groups by prefix', async () => {
    const out = await world.aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'API-Gateway-Execution-Logs_' }));
    const names = out.logGroups?.map((g) => g.logGroupName) ?? [];
    expect(names).toContain(TIMEOUT_GROUP);
    // Logging OFF means API Gateway never created the group.
    expect(names).not.toContain('API-Gateway-Execution-Logs_l5g0f2f7oi/prod');
  });
});
