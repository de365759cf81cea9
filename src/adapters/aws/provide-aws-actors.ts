/**
 * Supplies the diagnosis machine's actors with the real AWS-backed implementations. This is the
 * one place where the pure machine meets I/O; everything it wires is passed in, so the same code
 * runs in the CLI, the Slack bot, on Lambda and against the simulated account.
 */
import { fromPromise } from 'xstate';
import { diagnosisMachine } from '../../../machines/diagnosis.machine.ts';
import type { ResolveApiInput, ResolveApiOutput, VerifyFixInput } from '../../../machines/diagnosis-types.ts';
import type { ApiDescriptor } from '../../core/api/api-descriptor.ts';
import type { ApiRef } from '../../core/api/api-ref.ts';
import type { AwsClients } from './aws-clients.ts';
import { describeApi } from './describe-api.ts';
import { getSharedRateLimiter } from './rate-limiter.ts';
import { collectChanges } from './collect-changes.ts';
import { collectConfig } from './collect-config.ts';
import { collectFunctionLogs } from './collect-function-logs.ts';
import { collectLogs } from './collect-logs.ts';
import { collectMetrics } from './collect-metrics.ts';
import type { Collector, CollectorContext } from './collector.ts';
import type { ChangesFindings, CollectorInput, CollectorResult, EvidenceSource } from '../../core/evidence/types.ts';
import { withBudget } from './with-budget.ts';
import { sharedChangesCollector } from './share-cloudtrail-lookups.ts';
import { computeWindow } from '../../core/diagnosis/compute-window.ts';
import type { FixVerification } from '../../core/diagnosis/types.ts';
import { verifyFix } from './verify-fix.ts';

/** CloudTrail LookupEvents: 2 calls per second per account and region. */
export const CLOUDTRAIL_CALLS_PER_SECOND = 2;

export interface AwsActorDeps {
  /** Clients for the API's region (and account, when diagnosing across accounts). */
  clientsFor(ref: Pick<ApiRef, 'apiId' | 'region'>): AwsClients;
  now?: () => Date;
  /** Per-source time budgets in milliseconds. */
  budgets?: Partial<Record<EvidenceSource, number>>;
  /** Run the collectors one after another instead of at once; only benchmarks want this. */
  oneAtATime?: boolean;
  /**
   * The CloudTrail collector. By default one shared cache per provided machine; tests pass their
   * own to read its stats, and the storm benchmark passes plain collectChanges to compare.
   */
  changes?: Collector<ChangesFindings>;
}

export const DEFAULT_BUDGETS: Record<EvidenceSource, number> = { metrics: 8_000, logs: 12_000, changes: 12_000, config: 8_000 };

export function provideAwsActors(deps: AwsActorDeps) {
  const now = deps.now ?? (() => new Date());
  const budgets = { ...DEFAULT_BUDGETS, ...deps.budgets };
  const contextFor = (api: ApiDescriptor, signal: AbortSignal): CollectorContext => ({
    clients: deps.clientsFor({ apiId: api.id, region: api.region }),
    signal,
    // Shared per account and region, so concurrent diagnoses stay within CloudTrail's quota together.
    cloudTrailLimiter: getSharedRateLimiter(`cloudtrail:${api.accountId ?? 'default'}:${api.region}`, CLOUDTRAIL_CALLS_PER_SECOND),
  });
  // One cache per provided machine: concurrent diagnoses of one account share LookupEvents pages.
  const changes = deps.changes ?? sharedChangesCollector(collectChanges);
  let queue: Promise<unknown> = Promise.resolve();
  const actor = <T>(source: EvidenceSource, collector: Collector<T>, budgetMs = budgets[source]) => {
    const budgeted = withBudget(source, collector, budgetMs);
    return fromPromise<CollectorResult<T>, CollectorInput>(({ input, signal }) => {
      const run = () => budgeted(contextFor(input.api, signal), input);
      if (!deps.oneAtATime) return run();
      const next = queue.then(run, run);
      queue = next;
      return next;
    });
  };

  return diagnosisMachine.provide({
    actors: {
      resolveApi: fromPromise<ResolveApiOutput, ResolveApiInput>(async ({ input, signal }) => {
        const api = await describeApi(deps.clientsFor(input.ref), input.ref, signal);
        return { api, window: computeWindow(now(), input.sinceMinutes) };
      }),
      collectMetrics: actor('metrics', collectMetrics),
      collectLogs: actor('logs', collectLogs),
      collectChanges: actor('changes', changes),
      collectConfig: actor('config', collectConfig),
      // One page per function, started with the others: it adds calls, not a round trip.
      collectFunctionLogs: actor('logs', collectFunctionLogs, budgets.config),
      verifyFix: fromPromise<FixVerification, VerifyFixInput>(({ input, signal }) => verifyFix(contextFor(input.api, signal), input)),
    },
  });
}
