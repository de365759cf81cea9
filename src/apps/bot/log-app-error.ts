/**
 * Bolt's global error handler: logs every error that escaped a listener under a category an
 * operator can act on (Slack refused a call, rate limited, network, authorization, our own bug).
 */
import type { Logger } from 'pino';

export type ErrorCategory = 'slack_api' | 'rate_limited' | 'network' | 'authorization' | 'respond' | 'bot';

export function categorize(error: unknown): ErrorCategory {
  const code = (error as { code?: unknown }).code;
  const original = (error as { original?: { code?: unknown } }).original;
  const inner = typeof original?.code === 'string' ? original.code : undefined;
  switch (inner ?? code) {
    case 'slack_webapi_platform_error':
      return 'slack_api';
    case 'slack_webapi_rate_limited_error':
      return 'rate_limited';
    case 'slack_webapi_request_error':
    case 'slack_webapi_http_error':
      return 'network';
    case 'slack_bolt_authorization_error':
      return 'authorization';
    case 'slack_bolt_respond_error':
      return 'respond';
    default:
      return 'bot';
  }
}

export function logAppError(logger: Logger, error: unknown): void {
  const category = categorize(error);
  const slackError = (error as { data?: { error?: unknown } }).data?.error;
  logger.error({ err: error, category, ...(slackError ? { slackError } : {}) }, `unhandled ${category} error in a Slack listener`);
}
