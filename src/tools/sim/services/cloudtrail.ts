import { materializeTrailEvents, type SimTrailEvent } from '../cloudtrail-events.ts';
import { decodePageToken, encodePageToken, fingerprint } from '../page-token.ts';
import { AwsFault, epochMs, num, str, type JsonOperation, type SimService } from '../sim-protocol.ts';

/**
 * CloudTrail (AWS JSON 1.1): LookupEvents over the scenarios' event history, with its real
 * limits: one lookup attribute, at most 50 results a page, and 2 calls per second per account
 * and region (ThrottlingException beyond that).
 */

const MAX_RESULTS = 50;
const NINETY_DAYS = 90 * 86_400_000;

type Matcher = (e: SimTrailEvent) => boolean;

function attributeMatcher(key: string, value: string): Matcher {
  switch (key) {
    case 'EventId':
      return (e) => e.eventId === value;
    case 'EventName':
      return (e) => e.eventName === value;
    case 'ReadOnly':
      return (e) => String(e.readOnly) === value;
    case 'Username':
      return (e) => e.username === value;
    case 'ResourceType':
      return (e) => e.resources.some((r) => r.type === value);
    case 'ResourceName':
      return (e) => e.resources.some((r) => r.name === value);
    case 'EventSource':
      return (e) => e.eventSource === value;
    case 'AccessKeyId':
      return (e) => e.accessKeyId === value;
    default:
      throw new AwsFault('InvalidLookupAttributesException', `Invalid attribute key: ${key}`);
  }
}

const lookupEvents: JsonOperation = (input, ctx) => {
  ctx.authorize('cloudtrail:LookupEvents');
  if (!ctx.state.cloudTrailBucket(ctx.account, ctx.req.region).tryTake()) throw new AwsFault('ThrottlingException', 'Rate exceeded');

  const attributes = (input.LookupAttributes ?? []) as Array<{ AttributeKey?: string; AttributeValue?: string }>;
  if (attributes.length > 1) throw new AwsFault('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  const attribute = attributes[0];
  if (attribute && (!attribute.AttributeKey || attribute.AttributeValue === undefined))
    throw new AwsFault('InvalidLookupAttributesException', 'A lookup attribute needs AttributeKey and AttributeValue.');
  const matcher: Matcher = attribute ? attributeMatcher(attribute.AttributeKey as string, attribute.AttributeValue as string) : () => true;

  const maxResults = num(input, 'MaxResults') ?? MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS)
    throw new AwsFault('InvalidMaxResultsException', `MaxResults must be between 1 and ${MAX_RESULTS}.`);
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight')
    throw new AwsFault('InvalidEventCategoryException', 'EventCategory must be insight.');

  const token = str(input, 'NextToken');
  const print = fingerprint(['trail', attributes, input.StartTime ?? null, input.EndTime ?? null, input.EventCategory ?? null]);
  const cursor = token === undefined ? undefined : decodePageToken(token, print);
  if (token !== undefined && !cursor) throw new AwsFault('InvalidNextTokenException', 'Invalid NextToken.');
  const anchorMs = cursor?.anchorMs ?? ctx.now.getTime();
  const start = epochMs(input, 'StartTime') ?? anchorMs - NINETY_DAYS;
  const end = epochMs(input, 'EndTime') ?? anchorMs;
  if (start > end) throw new AwsFault('InvalidTimeRangeException', 'Start time must be before end time.');

  // This simulator has no Insights events; management events only.
  const all =
    input.EventCategory === 'insight' ? [] : materializeTrailEvents(ctx.visible, anchorMs).filter((e) => e.time >= start && e.time <= end && matcher(e));
  const index = cursor?.index ?? 0;
  const page = all.slice(index, index + maxResults);
  return {
    Events: page.map((e) => ({
      EventId: e.eventId,
      EventName: e.eventName,
      ReadOnly: String(e.readOnly),
      AccessKeyId: e.accessKeyId,
      EventTime: e.time / 1000,
      EventSource: e.eventSource,
      Username: e.username,
      Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
      CloudTrailEvent: e.cloudTrailEvent,
    })),
    ...(index + maxResults < all.length ? { NextToken: encodePageToken({ anchorMs, index: index + maxResults, fingerprint: print }) } : {}),
  };
};

export const cloudTrailService: SimService = {
  name: 'cloudtrail',
  protocol: 'json',
  jsonVersion: '1.1',
  operations: { LookupEvents: lookupEvents },
};
