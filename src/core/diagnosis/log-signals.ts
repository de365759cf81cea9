import type { LogCategory } from '../evidence/types.ts';
import type { Cause } from './types.ts';

/** Which cause each log category speaks for, and how strongly a matching line alone counts. */
export const LOG_SIGNALS: Record<LogCategory, { cause: Cause; base: number; label: string } | null> = {
  'integration-timeout': { cause: 'timeout', base: 0.5, label: 'integration timeout ("Execution failed due to a timeout error")' },
  'function-timeout': { cause: 'timeout', base: 0.5, label: 'the function timed out ("Task timed out")' },
  permission: { cause: 'permission', base: 0.65, label: 'API Gateway may not invoke the function ("Invalid permissions on Lambda function")' },
  'malformed-proxy-response': { cause: 'format', base: 0.65, label: 'the function returned a malformed proxy response' },
  'mapping-template': { cause: 'format', base: 0.5, label: 'a mapping template or method response is broken' },
  'function-error': { cause: 'backend-error', base: 0.55, label: 'the function raised an error ("customer function error")' },
  'lambda-throttle': { cause: 'backend-error', base: 0.45, label: 'Lambda throttled the invocations' },
  network: { cause: 'network', base: 0.55, label: 'API Gateway could not reach the private integration ("internal error while executing your request")' },
  tls: { cause: 'network', base: 0.5, label: 'the TLS handshake with the backend failed' },
  'other-5xx': null,
};
