import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { toChangeEvent } from '../../core/evidence/changes/to-change-event.ts';
import type { CollectorContext } from './collector.ts';
import { describeAwsFailure } from './describe-aws-failure.ts';
import type { ChangeEvent, ChangesFindings, CollectorInput, CollectorResult, MissingEvidence } from '../../core/evidence/types.ts';

export interface CollectChangesOptions {
  /** Pages of 50 events to read at most; the newest come first. */
  maxPages?: number;
  /** Current time; injectable so tests can check the "recent window" note. */
  now?: () => Date;
}

const ACTION = 'cloudtrail:LookupEvents';
const PAGE_SIZE = 50;
const DEFAULT_MAX_PAGES = 6;
// A change made shortly before the window can be the cause, so look back further than the window.
const LOOKBACK_MS = 2 * 60 * 60 * 1000;
const RECENT_MS = 15 * 60 * 1000;
const HISTORY_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * Reads the account's recent write events from CloudTrail and keeps those that can break an API
 * Gateway integration: security groups, NACLs, routes, load balancers, VPC links, Lambda
 * permissions, code and configuration, and API deployments, stages and integrations.
 *
 * One LookupEvents filter per call is all CloudTrail allows, so the call asks for write events
 * only (the fewest pages); which of them matter, and how each reads, is decided in core
 * (src/core/evidence/changes/: toChangeEvent and one describer per kind of change).
 *
 * @example
 * const { findings, missing } = await collectChanges({ clients, signal, cloudTrailLimiter }, { api, window });
 */
export async function collectChanges(
  ctx: CollectorContext,
  input: CollectorInput,
  options: CollectChangesOptions = {},
): Promise<CollectorResult<ChangesFindings>> {
  const maxPages = Math.max(1, options.maxPages ?? DEFAULT_MAX_PAGES);
  const nowMs = (options.now?.() ?? new Date()).getTime();
  const startMs = Date.parse(input.window.start);
  const endMs = Date.parse(input.window.end);
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) {
    return {
      findings: null,
      missing: [{ source: 'changes', reason: `the diagnosis window ${input.window.start} – ${input.window.end} is not a valid time range` }],
    };
  }
  const lookedAt = { start: new Date(startMs - LOOKBACK_MS).toISOString(), end: new Date(endMs).toISOString() };
  const missing: MissingEvidence[] = [];

  const changes = new Map<string, ChangeEvent>();
  let pages = 0;
  let truncated = false;
  let hitPageBound = false;
  let nextToken: string | undefined;
  try {
    do {
      if (pages >= maxPages) {
        truncated = true;
        hitPageBound = true;
        break;
      }
      await ctx.cloudTrailLimiter?.acquire(ctx.signal);
      const page = await ctx.clients.cloudTrail.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
          StartTime: new Date(lookedAt.start),
          EndTime: new Date(lookedAt.end),
          MaxResults: PAGE_SIZE,
          NextToken: nextToken,
        }),
        { abortSignal: ctx.signal },
      );
      pages += 1;
      for (const event of page.Events ?? []) {
        const change = toChangeEvent(event, input.api);
        if (change) changes.set(event.EventId ?? `${pages}:${changes.size}`, change);
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  } catch (error) {
    const failure = describeAwsFailure('changes', ACTION, error);
    if (pages === 0) return { findings: null, missing: [failure] };
    // Later pages hold older events; what was read so far is still worth showing.
    truncated = true;
    missing.push(failure);
  }

  if (hitPageBound) {
    missing.push({
      source: 'changes',
      reason: `CloudTrail holds more write events between ${lookedAt.start} and ${lookedAt.end} than the ${pages * PAGE_SIZE} read (newest first), so the oldest changes of that range may be missing`,
      fix: 'narrow the diagnosis window, or look the older events up in the CloudTrail console',
    });
  }
  if (nowMs - endMs < RECENT_MS) {
    missing.push({
      source: 'changes',
      reason: 'CloudTrail delivers events about 5 minutes after the call (not guaranteed), so the last minutes may be incomplete',
      fix: 'run the diagnosis again in a few minutes to see the latest changes',
    });
  }
  if (startMs - LOOKBACK_MS < nowMs - HISTORY_MS) {
    missing.push({
      source: 'changes',
      reason: 'CloudTrail event history covers only the last 90 days; older changes cannot be looked up',
    });
  }

  // CloudTrail answers newest first; people read a timeline oldest first.
  const timeline = [...changes.values()].reverse().sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return { findings: { lookedAt, pages, truncated, changes: timeline }, missing };
}
