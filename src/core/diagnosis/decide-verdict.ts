/**
 * Turns weighed hypotheses into a verdict. Honest by construction: no 5xx means `none`, weak or
 * tied evidence means `inconclusive`, and missing sources that matter lower the confidence.
 */
import type { ApiDescriptor } from '../api/api-descriptor.ts';
import type { Evidence, EvidenceSource } from '../evidence/types.ts';
import { buildWhere } from './build-where.ts';
import { calibrateConfidence, MAX_CONFIDENCE } from './calibrate-confidence.ts';
import { mixedRoutes, routeBreakdown } from './route-breakdown.ts';
import type { Cause, Hypothesis, Verdict, VerdictWhere } from './types.ts';

/** Below this score no cause is named. */
export const MIN_SCORE = 0.45;
/** The leader must beat the runner-up by this much to be named alone. */
export const MIN_MARGIN = 0.1;

/** Which sources each cause leans on; when one is missing, the verdict is less certain. */
const RELIES_ON: Record<Cause, EvidenceSource[]> = {
  timeout: ['metrics', 'logs', 'config'],
  network: ['logs', 'config', 'changes'],
  permission: ['logs', 'config', 'changes'],
  format: ['logs', 'changes'],
  'backend-error': ['logs', 'metrics'],
};

const CAUSE_NAMES: Record<Cause, string> = {
  timeout: 'Integration timeout',
  network: 'Network path to the backend',
  permission: 'API Gateway may not invoke the backend',
  format: 'Malformed integration response',
  'backend-error': 'The backend itself fails',
};

export function decideVerdict(hypotheses: Hypothesis[], evidence: Evidence, api?: ApiDescriptor): Verdict {
  const routes = routeBreakdown(evidence);
  const quiet = noFailures(evidence);
  if (quiet) return { ...quiet, where: buildWhere(api, evidence, 'none', []) };

  const missingSources = new Set(evidence.missing.filter((m) => isFullyMissing(evidence, m.source)).map((m) => m.source));
  const ranked = hypotheses.filter((h) => !h.rejected).sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  const mixed = mixedRoutes(routes).filter((r) => ranked.some((h) => h.cause === r.cause && h.score >= MIN_SCORE));
  if (mixed.length >= 2 && new Set(mixed.map((r) => r.cause)).size >= 2 && separateBackends(api, mixed))
    return mixedVerdict(mixed, ranked, evidence, api, routes, missingSources);
  if (!best || best.score < MIN_SCORE) {
    const lead = best && best.score > 0 ? ` The strongest lead is ${best.cause} (score ${best.score.toFixed(2)}).` : '';
    const gaps = missingSources.size > 0 ? ` Missing: ${[...missingSources].join(', ')}.` : '';
    return {
      cause: 'inconclusive',
      confidence: 0,
      summary: `The evidence does not single out a cause.${lead}${gaps}`,
      where: buildWhere(api, evidence, 'inconclusive', routes),
    };
  }
  if (second && best.score - second.score < MIN_MARGIN) {
    return {
      cause: 'inconclusive',
      confidence: 0,
      summary: `Two causes fit about equally well: ${best.cause} (${best.score.toFixed(2)}) and ${second.cause} (${second.score.toFixed(2)}). Work through the checklist to tell them apart.`,
      where: buildWhere(api, evidence, 'inconclusive', routes),
    };
  }
  const gaps = RELIES_ON[best.cause].filter((s) => missingSources.has(s));
  const margin = second ? best.score - second.score : best.score;
  const confidence = calibrated(best.score, gaps.length, margin);
  const decisive = best.evidence
    .filter((e) => e.weight > 0)
    .slice(0, 2)
    .map((e) => e.summary)
    .join('; ');
  const caveat = gaps.length > 0 ? ` (without ${gaps.join(' or ')} evidence)` : '';
  const standing = new Set<Cause>(ranked.filter((h) => h.score >= MIN_SCORE).map((h) => h.cause));
  const where = buildWhere(api, evidence, best.cause, routes, standing);
  return {
    cause: best.cause,
    confidence,
    summary: `${causeName(best)}${caveat}${describeWhere(where)}: ${decisive}.`,
    where,
  };
}

/**
 * Routes that fail differently behind one backend (the same function, VPC link or host) are one
 * incident with several symptoms, as a timeout and a refused connection at the same unhealthy
 * targets are: only routes behind different backends make a mixed incident. Without the API's
 * description the routes are taken to be separate.
 */
function separateBackends(api: ApiDescriptor | undefined, routes: { route: string }[]): boolean {
  if (!api) return true;
  const keys = routes.map((r) => {
    const integration = api.integrations.find((i) => i.route === r.route);
    if (!integration) return `route:${r.route}`;
    if (integration.lambdaArn) return `lambda:${integration.lambdaArn}`;
    if (integration.vpcLinkId) return `vpc:${integration.vpcLinkId}:${integration.loadBalancerArn ?? ''}`;
    return `uri:${hostOf(integration.uri) ?? r.route}`;
  });
  return new Set(keys).size >= 2;
}

function hostOf(uri: string | undefined): string | undefined {
  return uri ? /^[a-z]+:\/\/([^/:]+)/i.exec(uri)?.[1] : undefined;
}

/** A function that runs out of its own time is a timeout too, but not the integration's. */
function causeName(best: Hypothesis): string {
  const own = best.cause === 'timeout' && best.evidence.some((e) => /the function timed out|own log: \d+ invocations? timed out|own timeouts/.test(e.summary));
  return own ? 'Function timeout' : CAUSE_NAMES[best.cause];
}

/**
 * Score, missing sources and margin to a raw confidence, then to how often such a verdict is right
 * (calibrateConfidence, fitted on the benchmark); never above MAX_CONFIDENCE.
 */
function calibrated(score: number, gaps: number, margin: number): number {
  const raw = score * 0.85 ** gaps * (0.75 + 0.25 * Math.min(1, margin / 0.4));
  return calibrateConfidence(Math.min(MAX_CONFIDENCE, raw), gaps);
}

/**
 * Routes failing for different causes at once: the verdict names the cause behind most of the 5xx
 * and the summary tells each route's own story, rather than averaging them into one weak verdict.
 */
function mixedVerdict(
  mixed: ReturnType<typeof routeBreakdown>,
  ranked: Hypothesis[],
  evidence: Evidence,
  api: ApiDescriptor | undefined,
  routes: ReturnType<typeof routeBreakdown>,
  missingSources: Set<string>,
): Verdict {
  const lead = mixed[0]!;
  const cause = lead.cause!;
  const hypothesis = ranked.find((h) => h.cause === cause)!;
  const gaps = RELIES_ON[cause].filter((s) => missingSources.has(s));
  // The lead route's own evidence is unambiguous; the doubt is how much of the incident it explains.
  const confidence = calibrated(hypothesis.score * (0.7 + 0.3 * lead.share), gaps.length, 0.4);
  const where = buildWhere(api, evidence, cause, routes);
  const stories = mixed.map((r) => `${r.route} ${CAUSE_VERBS[r.cause!]} (${percent(r.share)} of the 5xx)`).join('; ');
  return {
    cause,
    confidence,
    summary: `Mixed incident, ${mixed.length} routes failing for different causes: ${stories}. Most of the 5xx: ${CAUSE_NAMES[cause].toLowerCase()}${describeWhere({ ...where, routes: [] })}.`,
    where,
  };
}

const CAUSE_VERBS: Record<Cause, string> = {
  timeout: 'times out',
  network: 'cannot reach its backend',
  permission: 'may not invoke its function',
  format: 'gets malformed responses',
  'backend-error': 'fails in its backend',
};

/** " on GET /orders (96 % of the 5xx), Lambda orders-fn:live, after UpdateAlias by alice 4 min before the onset" */
function describeWhere(where: VerdictWhere): string {
  const parts: string[] = [];
  const [top] = where.routes;
  // A route inferred from the configuration (no log counted it) is named without a share.
  const inferred = top?.evidence?.[0]?.source === 'config';
  if (top) parts.push(inferred ? `on ${top.route}` : `on ${top.route} (${percent(top.share)} of the 5xx)`);
  const b = where.backend;
  if (b?.kind === 'lambda') parts.push(`function ${b.functionName}${b.qualifier ? `:${b.qualifier}` : ''}`);
  if (b?.kind === 'vpc-link') {
    const targets = b.unhealthyTargets?.length ? `, ${b.unhealthyTargets.length} unhealthy ${b.unhealthyTargets.length === 1 ? 'target' : 'targets'}` : '';
    parts.push(`VPC link ${b.vpcLinkId} (${b.version})${targets}`);
  }
  if (b?.kind === 'http') parts.push(`backend ${b.uri}`);
  const c = where.change;
  if (c) {
    const when =
      c.minutesBeforeOnset === undefined ? '' : c.minutesBeforeOnset >= 0 ? ` ${Math.round(c.minutesBeforeOnset)} min before the onset` : ' at the onset';
    parts.push(`after ${c.eventName} by ${c.who}${when}`);
  }
  return parts.length > 0 ? ` ${parts.join(', ')}` : '';
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** `none` needs positive evidence of quiet: metrics that were read and show no 5xx. */
function noFailures(evidence: Evidence): Verdict | null {
  const metrics = evidence.metrics;
  if (!metrics) return null;
  const logFailures = (evidence.logs?.classes ?? []).reduce((n, c) => n + c.count, 0);
  if (metrics.totals.errors5xx > 0 || logFailures > 0) return usualBackground(evidence);
  const emptySeries = metrics.totals.requests === 0;
  if (emptySeries) {
    return {
      cause: 'none',
      confidence: 0.5,
      summary: 'No requests and no 5xx were recorded in the window: either the API is idle or its metrics are not where we looked.',
    };
  }
  return {
    cause: 'none',
    confidence: 0.95,
    summary: `No 5xx in the window: ${metrics.totals.requests} requests, all answered without a server error.${clientErrorSpike(evidence)}`,
  };
}

/** Right in 11 of 11 such verdicts on the benchmark, smoothed as calibrateConfidence's fit is: 12 / 13. */
const BACKGROUND_CONFIDENCE = 0.92;

/**
 * A busy API always has a few 5xx. With no rise above the baseline and a rate well under 1 %,
 * they are background, not an incident.
 */
function usualBackground(evidence: Evidence): Verdict | null {
  const metrics = evidence.metrics!;
  const { totals, baseline } = metrics;
  if (metrics.onset || totals.requests < 1000 || totals.rate > 0.005 || totals.rate > 2 * baseline.rate + 0.001) return null;
  return {
    cause: 'none',
    confidence: BACKGROUND_CONFIDENCE,
    summary: `No 5xx incident: ${totals.errors5xx} 5xx in ${totals.requests} requests (${(totals.rate * 100).toFixed(2)} %), no rise above the usual ${(baseline.rate * 100).toFixed(2)} %.${clientErrorSpike(evidence)}`,
  };
}

/**
 * A 4xx rise is not a 5xx incident, but it is what the person asking is probably looking at: say how
 * big it is, that 4xx come from API Gateway's own checks (WAF, mutual TLS, authorizers, resource
 * policies, throttling) or the backend, and name the change before it.
 */
function clientErrorSpike(evidence: Evidence): string {
  const metrics = evidence.metrics!;
  const client = metrics.clientErrors;
  if (!client || client.errors4xx === 0) return '';
  const rate = client.errors4xx / Math.max(1, metrics.totals.requests);
  const before = client.baseline4xx / Math.max(1, metrics.baseline.requests);
  const rose = client.onset !== undefined || (client.errors4xx >= 5 && rate >= 2 * before + 0.01);
  if (!rose) return ` ${client.errors4xx} 4xx, no more than usual.`;
  const since = client.onset ? ` from ${client.onset.slice(11, 16)} UTC` : '';
  const change = buildWhere(undefined, evidence, 'none', []).change;
  const after = change
    ? ` It began ${change.minutesBeforeOnset !== undefined ? `${Math.round(Math.max(0, change.minutesBeforeOnset))} min ` : ''}after ${change.eventName} by ${change.who}: ${change.detail}.`
    : '';
  return (
    ` But 4xx rose${since}: ${client.errors4xx} in the window, ${percent(rate)} of requests against ${percent(before)} before. ` +
    `4xx are refusals, not failures: a WAF rule (403), mutual TLS (403), an authorizer or resource policy (401/403), throttling (429) or the backend's own 4xx.${after}`
  );
}

/** A source counts as missing only when nothing at all came back from it. */
function isFullyMissing(evidence: Evidence, source: string): boolean {
  switch (source) {
    case 'metrics':
      return !evidence.metrics;
    case 'logs':
      return !evidence.logs;
    case 'changes':
      return !evidence.changes;
    case 'config':
      return !evidence.config;
    default:
      return false;
  }
}
