import { compileFilterPattern, FilterPatternError } from '../filter-pattern.ts';
import { materializeLogEvents, type SimLogEvent } from '../log-events.ts';
import { decodePageToken, encodePageToken, fingerprint } from '../page-token.ts';
import { AwsFault, num, str, type JsonOperation, type SimContext, type SimService } from '../sim-protocol.ts';
import { logGroupArn, logGroupNameFromArn, type LogGroup } from '../sim-world.ts';

/**
 * CloudWatch Logs (AWS JSON 1.1): FilterLogEvents and DescribeLogGroups, the two calls diagnose-502
 * makes. Logs Insights (StartQuery and friends) is not simulated: the product never runs a query,
 * so the simulator answers it as an unknown operation rather than pretend.
 *
 * FilterLogEvents pages like the real service: each call searches one 15-minute slice of the
 * time range (or up to `limit` matches), so a page can be partial or empty while a nextToken
 * says there is more. Callers that stop at the first empty page miss events, as they would on AWS.
 */

const SLICE_MS = 15 * 60_000;
const MAX_LIMIT = 10_000;

function groupNotFound(): AwsFault {
  return new AwsFault('ResourceNotFoundException', 'The specified log group does not exist.');
}

function resolveGroup(ctx: SimContext, nameOrArn: string): LogGroup {
  const name = nameOrArn.startsWith('arn:') ? logGroupNameFromArn(nameOrArn) : nameOrArn;
  const group = ctx.world.logGroup(name, ctx.visible);
  if (!group) throw groupNotFound();
  return group;
}

function eventsOf(ctx: SimContext, group: LogGroup, anchorMs: number): SimLogEvent[] {
  return ctx.state.cachedLogEvents(group.name, anchorMs, () => materializeLogEvents(group, anchorMs));
}

const filterLogEvents: JsonOperation = (input, ctx) => {
  const nameOrArn = str(input, 'logGroupIdentifier') ?? str(input, 'logGroupName');
  if (!nameOrArn) throw new AwsFault('InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be specified.');
  const group = resolveGroup(ctx, nameOrArn);
  ctx.authorize('logs:FilterLogEvents', [group.scenario]);

  const limit = num(input, 'limit') ?? MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new AwsFault('InvalidParameterException', `limit must be between 1 and ${MAX_LIMIT}.`);
  const streamNames = Array.isArray(input.logStreamNames) ? (input.logStreamNames as string[]) : undefined;
  const streamPrefix = str(input, 'logStreamNamePrefix');
  if (streamNames && streamPrefix) throw new AwsFault('InvalidParameterException', 'logStreamNames and logStreamNamePrefix cannot both be specified.');
  const pattern = str(input, 'filterPattern');
  let matches: (message: string) => boolean;
  try {
    matches = compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError) throw new AwsFault('InvalidParameterException', `Invalid filter pattern: ${error.message}`);
    throw error;
  }

  const startTime = num(input, 'startTime');
  const endTime = num(input, 'endTime');
  const print = fingerprint([group.name, startTime, endTime, pattern ?? '', streamNames ?? null, streamPrefix ?? null]);
  const token = str(input, 'nextToken');
  const cursor = token === undefined ? undefined : decodePageToken(token, print);
  if (token !== undefined && !cursor) throw new AwsFault('InvalidParameterException', 'The specified nextToken is invalid.');
  const anchorMs = cursor?.anchorMs ?? ctx.now.getTime();

  const candidates = eventsOf(ctx, group, anchorMs).filter(
    (e) =>
      (startTime === undefined || e.timestamp >= startTime) &&
      (endTime === undefined || e.timestamp <= endTime) &&
      (!streamNames || streamNames.includes(e.logStreamName)) &&
      (!streamPrefix || e.logStreamName.startsWith(streamPrefix)),
  );
  let index = cursor?.index ?? 0;
  const page: SimLogEvent[] = [];
  const sliceOrigin = startTime ?? candidates[0]?.timestamp ?? 0;
  const first = candidates[index];
  if (first) {
    const sliceEnd = sliceOrigin + (Math.floor((first.timestamp - sliceOrigin) / SLICE_MS) + 1) * SLICE_MS;
    while (index < candidates.length && page.length < limit) {
      const e = candidates[index] as SimLogEvent;
      if (e.timestamp >= sliceEnd) break;
      if (matches(e.message)) page.push(e);
      index++;
    }
  }
  return {
    events: page.map((e) => ({
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
      eventId: e.eventId,
    })),
    searchedLogStreams: [],
    ...(index < candidates.length ? { nextToken: encodePageToken({ anchorMs, index, fingerprint: print }) } : {}),
  };
};

const describeLogGroups: JsonOperation = (input, ctx) => {
  ctx.authorize('logs:DescribeLogGroups');
  const prefix = str(input, 'logGroupNamePrefix');
  const pattern = str(input, 'logGroupNamePattern');
  const limit = num(input, 'limit') ?? 50;
  if (limit < 1 || limit > 50) throw new AwsFault('InvalidParameterException', 'limit must be between 1 and 50.');
  const all = ctx.world
    .logGroupsIn(ctx.visible)
    .filter((g) => (!prefix || g.name.startsWith(prefix)) && (!pattern || g.name.toLowerCase().includes(pattern.toLowerCase())));
  const print = fingerprint(['groups', prefix, pattern]);
  const token = str(input, 'nextToken');
  const cursor = token === undefined ? undefined : decodePageToken(token, print);
  if (token !== undefined && !cursor) throw new AwsFault('InvalidParameterException', 'The specified nextToken is invalid.');
  const index = cursor?.index ?? 0;
  const page = all.slice(index, index + limit);
  const createdAt = ctx.now.getTime() - 90 * 86_400_000;
  return {
    logGroups: page.map((g) => ({
      logGroupName: g.name,
      creationTime: createdAt,
      metricFilterCount: 0,
      arn: `${logGroupArn(g.scenario, g.name)}:*`,
      logGroupArn: logGroupArn(g.scenario, g.name),
      storedBytes: 0,
      logGroupClass: 'STANDARD',
    })),
    ...(index + limit < all.length ? { nextToken: encodePageToken({ anchorMs: 0, index: index + limit, fingerprint: print }) } : {}),
  };
};

export const cloudWatchLogsService: SimService = {
  name: 'logs',
  protocol: 'json',
  jsonVersion: '1.1',
  operations: {
    FilterLogEvents: filterLogEvents,
    DescribeLogGroups: describeLogGroups,
  },
};
