/**
 * Turns weighed hypotheses into a verdict. Honest by construction: no 5xx means `none`, weak or
 * tied evidence means `inconclusive`, and missing sources that matter lower the confidence.
 */
import type { Evidence, EvidenceSource } from '../evidence/types.ts';
import type { Cause, Hypothesis, Verdict } from './types.ts';

/** Below this score no cause is named. */
export const MIN_SCORE = 0.45;
/** The leader must beat the runner-up by this much to be named alone. */
export const MIN_MARGIN = 0.1;

/** Evidence read from AWS is never proof: even a perfect match leaves room for doubt. */
const MAX_CONFIDENCE = 0.97;

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

export function decideVerdict(hypotheses: Hypothesis[], evidence: Evidence): Verdict {
  const quiet = noFailures(evidence);
  if (quiet) return quiet;

  const missingSources = new Set(evidence.missing.filter((m) => isFullyMissing(evidence, m.source)).map((m) => m.source));
  const ranked = hypotheses.filter((h) => !h.rejected).sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  if (!best || best.score < MIN_SCORE) {
    const lead = best && best.score > 0 ? ` The strongest lead is ${best.cause} (score ${best.score.toFixed(2)}).` : '';
    const gaps = missingSources.size > 0 ? ` Missing: ${[...missingSources].join(', ')}.` : '';
    return {
      cause: 'inconclusive',
      confidence: 0,
      summary: `The evidence does not single out a cause.${lead}${gaps}`,
    };
  }
  if (second && best.score - second.score < MIN_MARGIN) {
    return {
      cause: 'inconclusive',
      confidence: 0,
      summary: `Two causes fit about equally well: ${best.cause} (${best.score.toFixed(2)}) and ${second.cause} (${second.score.toFixed(2)}). Work through the checklist to tell them apart.`,
    };
  }
  const gaps = RELIES_ON[best.cause].filter((s) => missingSources.has(s));
  const margin = second ? best.score - second.score : best.score;
  const confidence = best.score * 0.85 ** gaps.length * (0.75 + 0.25 * Math.min(1, margin / 0.4));
  const decisive = best.evidence
    .slice(0, 2)
    .map((e) => e.summary)
    .join('; ');
  const caveat = gaps.length > 0 ? ` (without ${gaps.join(' or ')} evidence)` : '';
  return {
    cause: best.cause,
    confidence: Math.round(Math.min(MAX_CONFIDENCE, confidence) * 100) / 100,
    summary: `${CAUSE_NAMES[best.cause]}${caveat}: ${decisive}.`,
  };
}

/** `none` needs positive evidence of quiet: metrics that were read and show no 5xx. */
function noFailures(evidence: Evidence): Verdict | null {
  const metrics = evidence.metrics;
  if (!metrics) return null;
  const logFailures = (evidence.logs?.classes ?? []).reduce((n, c) => n + c.count, 0);
  if (metrics.totals.errors5xx > 0 || logFailures > 0) return null;
  const emptySeries = metrics.totals.requests === 0;
  return {
    cause: 'none',
    confidence: emptySeries ? 0.5 : 0.95,
    summary: emptySeries
      ? 'No requests and no 5xx were recorded in the window: either the API is idle or its metrics are not where we looked.'
      : `No 5xx in the window: ${metrics.totals.requests} requests, all answered without a server error.`,
  };
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
