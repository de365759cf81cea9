/**
 * Whether a failed Web API call may work if tried again later: Slack or the network was down,
 * slow or rate-limiting. A refusal about the request itself (`not_in_channel`, `invalid_auth`,
 * `channel_not_found`…) answers the same every time, so retrying it only repeats the refusal.
 *
 * @example
 * isTransientSlackError(await client.chat.postMessage(args).catch((e) => e)); // true for an HTTP 503
 */
const TRANSIENT_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export function isTransientSlackError(error: unknown): boolean {
  const { code, data } = (error ?? {}) as { code?: unknown; data?: { error?: unknown } };
  switch (code) {
    case 'slack_webapi_request_error':
    case 'slack_webapi_http_error':
    case 'slack_webapi_rate_limited_error':
      return true;
    case 'slack_webapi_platform_error':
      return typeof data?.error === 'string' && TRANSIENT_PLATFORM_ERRORS.has(data.error);
    default:
      // Not an error from the Web API client (a timeout, a reset socket): assume Slack was unreachable.
      return true;
  }
}
