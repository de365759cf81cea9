/**
 * Web API client options with bounded patience. The client's defaults retry a failing call 10
 * times over about 30 minutes and never time a request out, so in a Slack outage each job (and
 * the diagnosis lock it holds) would hang for half an hour while new ones pile up behind it. With
 * these a call gives up after `retries` more attempts, each capped at `timeoutMs`, with a backoff
 * doubling from 1 s up to 30 s between them. A 429 still waits for Retry-After first, as Slack
 * asks; that wait counts as one of the retries.
 */
import type { WebClientOptions } from '@slack/web-api';

export interface SlackPatience {
  retries: number;
  timeoutMs: number;
}

/** First wait before a retry; doubled each time up to MAX_BACKOFF_MS, randomised (up to x2) so restarts do not retry in step. */
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * @example
 * new WebClient(token, { ...slackClientOptions({ retries: 2, timeoutMs: 15_000 }), slackApiUrl });
 */
export function slackClientOptions(patience: SlackPatience): Pick<WebClientOptions, 'retryConfig' | 'timeout'> {
  return {
    retryConfig: { retries: patience.retries, factor: 2, minTimeout: MIN_BACKOFF_MS, maxTimeout: MAX_BACKOFF_MS, randomize: true },
    timeout: patience.timeoutMs,
  };
}
