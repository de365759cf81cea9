import type { Collector } from './collector.ts';
import type { CollectorResult, EvidenceSource, MissingEvidence } from '../../core/evidence/types.ts';

/** After aborting, how long a collector may take to hand back what it had already found. */
const GRACE_MS = 750;

/**
 * Gives a collector its own time budget. When the budget runs out the collector's AWS calls are
 * aborted; what it found so far is kept (marked as cut short), and if it cannot even say that in
 * time the source is recorded as missing. One slow service never holds up the verdict.
 */
export function withBudget<T>(source: EvidenceSource, collector: Collector<T>, budgetMs: number): Collector<T> {
  return async (ctx, input) => {
    const budget = new AbortController();
    const signal = ctx.signal ? AbortSignal.any([ctx.signal, budget.signal]) : budget.signal;
    const cutShort: MissingEvidence = {
      source,
      reason: `${source} did not finish within its ${Math.round(budgetMs / 1000)} s budget`,
      fix: 'run the diagnosis again; if it keeps happening, check the AWS service health for the region',
    };
    const work = collector({ ...ctx, signal }, input);
    const timers: NodeJS.Timeout[] = [];
    const after = <R>(ms: number, value: () => R) => new Promise<R>((resolve) => timers.push(setTimeout(() => resolve(value()), ms)));
    try {
      const first = await Promise.race([work, after(budgetMs, () => 'expired' as const)]);
      if (first !== 'expired') return first;
      budget.abort(new Error(`${source} budget of ${budgetMs} ms ran out`));
      const late = await Promise.race([work.catch(() => null), after(GRACE_MS, () => null)]);
      if (late) return { findings: late.findings, missing: [...late.missing, cutShort] } satisfies CollectorResult<T>;
      return { findings: null, missing: [cutShort] };
    } finally {
      for (const t of timers) clearTimeout(t);
    }
  };
}
