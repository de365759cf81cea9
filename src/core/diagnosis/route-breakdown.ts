import type { Evidence, LogCategory } from '../evidence/types.ts';
import { LOG_SIGNALS } from './log-signals.ts';
import type { Cause } from './types.ts';

/** One failing route: its share of the 5xx and, when its failure lines say, its own cause. */
export interface RouteBreakdown {
  route: string;
  requests?: number;
  errors5xx: number;
  /** Fraction of all 5xx the logs tied to a route. */
  share: number;
  /** The cause most of this route's classified failures speak for. */
  cause?: Cause;
  /** Fraction of the route's classified failures that speak for `cause`. */
  causeShare: number;
  /** The route's classified failures per category. */
  classes: Partial<Record<LogCategory, number>>;
}

/** A route must carry at least this share of the 5xx to count as a failing route of its own. */
export const MIN_ROUTE_SHARE = 0.15;

/**
 * The failing routes, worst first, from the per-route counts the logs gave (access-log records, or
 * execution-log "Resource Path" lines joined to failures). Empty when no source told routes apart.
 */
export function routeBreakdown(evidence: Evidence): RouteBreakdown[] {
  const endpoints = (evidence.logs?.endpoints ?? []).filter((e) => e.errors5xx > 0);
  const total = endpoints.reduce((n, e) => n + e.errors5xx, 0);
  if (total === 0) return [];
  return endpoints
    .map((e) => {
      const byCause = new Map<Cause, number>();
      let classified = 0;
      for (const [category, count] of Object.entries(e.classes ?? {}) as [LogCategory, number][]) {
        const signal = LOG_SIGNALS[category];
        if (!signal || !count) continue;
        classified += count;
        byCause.set(signal.cause, (byCause.get(signal.cause) ?? 0) + count);
      }
      const [top] = [...byCause.entries()].sort((a, b) => b[1] - a[1]);
      return {
        route: `${e.method} ${e.resource}`,
        requests: e.requests,
        errors5xx: e.errors5xx,
        share: e.errors5xx / total,
        ...(top ? { cause: top[0] } : {}),
        causeShare: top && classified > 0 ? top[1] / classified : 0,
        classes: { ...e.classes },
      };
    })
    .sort((a, b) => b.errors5xx - a.errors5xx || a.route.localeCompare(b.route));
}

/**
 * A mixed incident: at least two routes, each carrying a real share of the 5xx, failing for
 * different causes. Returns those routes (largest share first), or [] when the incident is one story.
 */
export function mixedRoutes(routes: RouteBreakdown[]): RouteBreakdown[] {
  const significant = routes.filter((r) => r.share >= MIN_ROUTE_SHARE && r.cause && r.causeShare >= 0.6 && r.errors5xx >= 3);
  const causes = new Set(significant.map((r) => r.cause));
  return causes.size >= 2 ? significant : [];
}
