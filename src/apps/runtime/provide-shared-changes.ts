/**
 * Swaps the diagnosis machine's CloudTrail collector for the shared one (share-cloudtrail-lookups)
 * on logic that already has its AWS actors, with the same budget, clients and account-wide rate
 * limiter provideAwsActors uses. Until provideAwsActors shares lookups itself, this is how the
 * PagerDuty path (and its tests and benchmark) get shared lookups.
 */
import { fromPromise } from 'xstate';
import { getSharedRateLimiter } from '../../adapters/aws/rate-limiter.ts';
import { CLOUDTRAIL_CALLS_PER_SECOND, DEFAULT_BUDGETS, type AwsActorDeps } from '../../adapters/aws/provide-aws-actors.ts';
import { collectChanges } from '../../adapters/aws/collect-changes.ts';
import type { ChangesFindings, CollectorInput, CollectorResult } from '../../core/evidence/types.ts';
import { withBudget } from '../../adapters/aws/with-budget.ts';
import type { DiagnosisLogic } from './diagnosis-service.ts';
import { sharedChangesCollector, type ChangesCollector } from '../../adapters/aws/share-cloudtrail-lookups.ts';

export function provideSharedChanges(
  logic: DiagnosisLogic,
  deps: Pick<AwsActorDeps, 'clientsFor' | 'budgets'>,
  shared: ChangesCollector = sharedChangesCollector(collectChanges),
): DiagnosisLogic {
  const budgeted = withBudget('changes', shared, deps.budgets?.changes ?? DEFAULT_BUDGETS.changes);
  return logic.provide({
    actors: {
      collectChanges: fromPromise<CollectorResult<ChangesFindings>, CollectorInput>(({ input, signal }) =>
        budgeted(
          {
            clients: deps.clientsFor({ apiId: input.api.id, region: input.api.region }),
            signal,
            cloudTrailLimiter: getSharedRateLimiter(`cloudtrail:${input.api.accountId ?? 'default'}:${input.api.region}`, CLOUDTRAIL_CALLS_PER_SECOND),
          },
          input,
        ),
      ),
    },
  });
}
