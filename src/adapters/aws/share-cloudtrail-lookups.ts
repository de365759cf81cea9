/**
 * Shares CloudTrail lookups between diagnoses of one account. During an alert storm every API's
 * diagnosis reads the same account-wide write events (LookupEvents has no per-API filter that
 * would help, and allows 2 calls per second per account and region), so the first diagnosis
 * fetches them and the others reuse its pages.
 *
 * The wrapper hands the real collector a CloudTrail client that serves pages from a shared,
 * short-lived lookup and trims them to each caller's own time range; everything per API,
 * `relatedToApi` included, is still computed by the collector itself, once per API.
 */
import { LookupEventsCommand, type CloudTrailClient, type Event as TrailEvent, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import type { RateLimiter } from './rate-limiter.ts';
import type { CollectorContext } from './collector.ts';
import type { ChangesFindings, CollectorInput, CollectorResult } from '../../core/evidence/types.ts';

export type ChangesCollector = (ctx: CollectorContext, input: CollectorInput) => Promise<CollectorResult<ChangesFindings>>;

export interface ShareLookupsOptions {
  /** How long a lookup keeps serving later diagnoses. Default 60 s. */
  ttlMs?: number;
  /**
   * How far past a shared lookup's end a later caller's range may reach and still use it. CloudTrail
   * delivers events minutes late, so the newest minutes are incomplete for everyone anyway (the
   * collector says so). Default 2 minutes.
   */
  toleranceMs?: number;
  now?: () => number;
}

export interface ShareLookupsStats {
  /** LookupEvents calls actually sent. */
  callsSent: number;
  /** Pages handed to collectors, from a call or from the shared cache. */
  pagesServed: number;
}

interface Page {
  events: TrailEvent[];
  nextToken?: string;
}

interface SharedLookup {
  scope: string;
  startMs: number;
  endMs: number;
  createdAt: number;
  input: LookupEventsCommandInput;
  client: CloudTrailClient;
  limiter?: RateLimiter;
  pages: Array<Promise<Page>>;
  failed: boolean;
}

const TOKEN_PREFIX = 'shared-page:';

/**
 * Wraps the changes collector so concurrent and back-to-back diagnoses of one account and region
 * share their LookupEvents calls.
 *
 * @example
 * const collectChangesShared = sharedChangesCollector(collectChanges);
 * // in provideAwsActors: collectChanges: actor('changes', collectChangesShared)
 */
export function sharedChangesCollector(collect: ChangesCollector, options: ShareLookupsOptions = {}): ChangesCollector & { stats: ShareLookupsStats } {
  const ttlMs = options.ttlMs ?? 60_000;
  const toleranceMs = options.toleranceMs ?? 120_000;
  const now = options.now ?? (() => Date.now());
  const stats: ShareLookupsStats = { callsSent: 0, pagesServed: 0 };
  let lookups: SharedLookup[] = [];
  const clientIds = new WeakMap<object, number>();
  let nextClientId = 1;

  const scopeOf = (ctx: CollectorContext, input: CollectorInput, request: LookupEventsCommandInput): string => {
    // Same account and region, same data; without a known account, the client (one per account) decides.
    let account = input.api.accountId;
    if (!account) {
      const client = ctx.clients.cloudTrail as object;
      if (!clientIds.has(client)) clientIds.set(client, nextClientId++);
      account = `client-${clientIds.get(client)}`;
    }
    return JSON.stringify([account, ctx.clients.region, request.LookupAttributes ?? [], request.MaxResults ?? null, request.EventCategory ?? null]);
  };

  const lookupFor = (ctx: CollectorContext, scope: string, request: LookupEventsCommandInput, startMs: number, endMs: number): SharedLookup => {
    const t = now();
    lookups = lookups.filter((l) => !l.failed && t - l.createdAt <= ttlMs);
    const usable = lookups.find((l) => l.scope === scope && l.startMs <= startMs && endMs <= l.endMs + toleranceMs);
    if (usable) return usable;
    const fresh: SharedLookup = {
      scope,
      startMs,
      endMs,
      createdAt: t,
      input: { ...request, NextToken: undefined },
      client: ctx.clients.cloudTrail,
      ...(ctx.cloudTrailLimiter ? { limiter: ctx.cloudTrailLimiter } : {}),
      pages: [],
      failed: false,
    };
    lookups.push(fresh);
    return fresh;
  };

  const pageOf = (lookup: SharedLookup, index: number): Promise<Page> => {
    const known = lookup.pages[index];
    if (known) return known;
    const page = (async (): Promise<Page> => {
      const token = index === 0 ? undefined : (await pageOf(lookup, index - 1)).nextToken;
      if (index > 0 && !token) return { events: [] };
      // Not tied to any one caller's signal: others may be waiting for the same page.
      await lookup.limiter?.acquire();
      stats.callsSent += 1;
      const out = await lookup.client.send(
        new LookupEventsCommand({ ...lookup.input, StartTime: new Date(lookup.startMs), EndTime: new Date(lookup.endMs), NextToken: token }),
      );
      return { events: out.Events ?? [], ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
    })();
    page.catch(() => {
      // A failed lookup is not reused; the next diagnosis tries again.
      lookup.failed = true;
    });
    lookup.pages[index] = page;
    return page;
  };

  const wrapped: ChangesCollector = async (ctx, input) => {
    let lookup: SharedLookup | undefined;
    const replay = {
      async send(command: LookupEventsCommand, sendOptions?: { abortSignal?: AbortSignal }) {
        const request = command.input;
        const startMs = request.StartTime ? new Date(request.StartTime).getTime() : NaN;
        const endMs = request.EndTime ? new Date(request.EndTime).getTime() : NaN;
        // Only bounded lookups can be shared; anything else goes straight to CloudTrail.
        if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) {
          await ctx.cloudTrailLimiter?.acquire(sendOptions?.abortSignal);
          stats.callsSent += 1;
          return ctx.clients.cloudTrail.send(command, sendOptions);
        }
        lookup ??= lookupFor(ctx, scopeOf(ctx, input, request), request, startMs, endMs);
        const index = request.NextToken?.startsWith(TOKEN_PREFIX) ? Number(request.NextToken.slice(TOKEN_PREFIX.length)) : 0;
        const page = await abortable(pageOf(lookup, index), sendOptions?.abortSignal);
        stats.pagesServed += 1;
        const events = page.events.filter((e) => {
          const t = e.EventTime ? new Date(e.EventTime).getTime() : NaN;
          return !Number.isFinite(t) || (t >= startMs && t <= endMs);
        });
        return { Events: events, ...(page.nextToken ? { NextToken: `${TOKEN_PREFIX}${index + 1}` } : {}), $metadata: {} };
      },
    };
    // The wrapper paces real calls itself (pageOf), so the collector must not also wait per page.
    const { cloudTrailLimiter: _paced, ...rest } = ctx;
    return collect({ ...rest, clients: { ...ctx.clients, cloudTrail: replay as unknown as CloudTrailClient } }, input);
  };
  return Object.assign(wrapped, { stats });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function abortError(signal: AbortSignal): Error {
  const error = new Error('stopped while waiting for a shared CloudTrail lookup', { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}
