/**
 * What a person asked the bot in a diagnosis thread, read with fixed rules (no model): the same
 * words always mean the same question, and anything the rules do not recognise gets the help
 * answer rather than a guess. Pure; the Slack listener strips nothing but passes the raw text.
 */
import { CAUSES, type Cause } from '../diagnosis/types.ts';
import type { LogCategory } from '../evidence/types.ts';

export type FollowupIntent =
  /** "why not timeout?": why the verdict is not this cause (or, without one, why the verdict). */
  | { kind: 'why-not'; cause?: Cause }
  /** "what changed before the onset?" */
  | { kind: 'changes' }
  /** "which routes fail?" */
  | { kind: 'routes' }
  /** "show the log samples for POST /orders" or "…for integration-timeout". */
  | { kind: 'samples'; route?: string; category?: LogCategory }
  /** "since 3h": collect again over a longer window. */
  | { kind: 'rerun'; sinceMinutes: number }
  /** "what should I do next?" */
  | { kind: 'next' }
  | { kind: 'help' }
  /** A re-run window outside what the collectors accept. */
  | { kind: 'bad-window'; asked: string }
  | { kind: 'unknown' };

/** The same bounds as the CLI's --since. */
export const MIN_WINDOW_MINUTES = 5;
export const MAX_WINDOW_MINUTES = 24 * 60;

const CAUSE_WORDS: ReadonlyArray<readonly [Cause, RegExp]> = [
  ['backend-error', /\b(backend[- ]?errors?|function errors?|lambda errors?|exceptions?|crash(?:es|ed)?|backend)\b/],
  ['timeout', /\b(time ?outs?|timed out|504s?|slow(?:ness)?|latency)\b/],
  ['network', /\b(network(?:ing)?|vpc(?: ?link)?|security groups?|sg|nacl|connection|connectivity|load balancer|nlb|alb|tls|ssl)\b/],
  ['permission', /\b(permissions?|iam|access denied|invoke permission|resource policy|unauthori[sz]ed)\b/],
  ['format', /\b(format|malformed|proxy response|bad response|response shape)\b/],
];

const CATEGORY_WORDS: ReadonlyArray<readonly [LogCategory, RegExp]> = [
  ['integration-timeout', /\b(integration[- ]timeouts?|gateway timeouts?)\b/],
  ['function-timeout', /\b(function[- ]timeouts?|lambda timeouts?|task timed out)\b/],
  ['malformed-proxy-response', /\b(malformed(?:[- ]proxy[- ]response)?|proxy responses?)\b/],
  ['lambda-throttle', /\b(throttl(?:e|es|ed|ing)|lambda[- ]throttles?)\b/],
  ['mapping-template', /\b(mapping[- ]templates?|templates?)\b/],
  ['function-error', /\b(function[- ]errors?|lambda errors?|exceptions?)\b/],
  ['permission', /\b(permissions?|access denied)\b/],
  ['network', /\b(network|connection)\b/],
  ['tls', /\b(tls|ssl|certificates?)\b/],
  ['other-5xx', /\b(other[- ]5xx|other)\b/],
];

const HTTP_METHODS = 'GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY';

/**
 * @example
 * matchFollowupIntent('<@U0DIAGBOT> why not timeout?'); // { kind: 'why-not', cause: 'timeout' }
 * matchFollowupIntent('re-run since 3h');              // { kind: 'rerun', sinceMinutes: 180 }
 */
export function matchFollowupIntent(raw: string): FollowupIntent {
  const text = normalise(raw);
  if (text === '' || /^(help|\?|what can (you|i) (do|ask)|commands?|usage)\b/.test(text)) return { kind: 'help' };

  const window = windowAsked(text);
  if (window) return window;

  if (/\bwhy\b/.test(text)) {
    // "why network and not timeout": the cause after "not" is the one asked about.
    const after = /\b(?:not|isn'?t it|rather than|instead of|over)\b(.*)$/.exec(text);
    const cause = causeIn(after ? (after[1] ?? '') : '') ?? (after ? undefined : causeIn(text));
    return cause ? { kind: 'why-not', cause } : { kind: 'why-not' };
  }
  if (/\b(samples?|log lines?|show (me )?(the )?logs?|raw logs?|examples?|log entries)\b/.test(text)) {
    const route = routeIn(raw);
    const category = categoryIn(text);
    return { kind: 'samples', ...(route ? { route } : {}), ...(category ? { category } : {}) };
  }
  if (/\b(routes?|endpoints?|paths?|resources?)\b/.test(text) && /\b(which|what|fail|failing|worst|broken|affected|erroring)\b/.test(text)) {
    return { kind: 'routes' };
  }
  if (/\b(what|anything|who|any)\b.*\b(chang(e|ed|es)|deploy(ed|ment|s)?)\b|\bchanges?\b|\bdeploy(ment|s)?\b|\bcloudtrail\b/.test(text)) {
    return { kind: 'changes' };
  }
  if (/\b(next|what (should|do|can) (i|we) do|how (do|can|should) (i|we) fix|fix it|what now|runbook|remediat)/.test(text)) {
    return { kind: 'next' };
  }
  return { kind: 'unknown' };
}

/** The question with mentions removed, lower case, single spaces. */
function normalise(raw: string): string {
  return raw
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .toLowerCase()
    .replace(/[“”"]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "since 3h", "rerun with 90m", "look back 2 hours", "last 6 hours". */
function windowAsked(text: string): FollowupIntent | null {
  const rerun = /\b(re-?run|re-?check|again|look back|go back|longer window|wider window|widen)\b/.test(text);
  const match = /\b(?:since|last|past|over|back|with|window(?: of)?|for)\s+(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)\b/.exec(text);
  if (!match) return rerun && /\b(re-?run|re-?check)\b/.test(text) ? { kind: 'bad-window', asked: 'no window' } : null;
  const value = Number(match[1]);
  const unit = match[2] ?? 'm';
  const minutes = Math.round(unit.startsWith('d') ? value * 1440 : unit.startsWith('h') ? value * 60 : value);
  if (!/\bsince\b/.test(text) && !rerun) return null;
  const asked = `${match[1]}${unit}`;
  if (!Number.isFinite(minutes) || minutes < MIN_WINDOW_MINUTES || minutes > MAX_WINDOW_MINUTES) return { kind: 'bad-window', asked };
  return { kind: 'rerun', sinceMinutes: minutes };
}

function causeIn(text: string): Cause | undefined {
  const direct = CAUSES.find((c) => new RegExp(`\\b${c}\\b`).test(text));
  if (direct) return direct;
  return CAUSE_WORDS.find(([, pattern]) => pattern.test(text))?.[0];
}

function categoryIn(text: string): LogCategory | undefined {
  return CATEGORY_WORDS.find(([, pattern]) => pattern.test(text))?.[0];
}

/** "POST /orders/{id}" or a bare "/orders", as written (case kept). */
function routeIn(raw: string): string | undefined {
  const withMethod = new RegExp(`\\b(${HTTP_METHODS})\\s+(/[^\\s?,;]*)`, 'i').exec(raw);
  if (withMethod) return `${(withMethod[1] ?? '').toUpperCase()} ${withMethod[2]}`;
  const path = /(?:^|\s)(\/[^\s?,;]*)/.exec(raw.replace(/<[^>]*>/g, ' '));
  return path?.[1];
}
