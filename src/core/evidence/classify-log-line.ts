import type { LogCategory } from './types.ts';

/**
 * Patterns in the order they are tried: the more specific reading of a line wins. A function that
 * times out is logged as a customer function error that mentions "Task timed out", so that check
 * comes first. Whatever else a customer function error says ("Rate exceeded" from DynamoDB, an
 * AccessDenied of its own) is the function's failure, so it is checked before throttling and
 * permission words.
 */
const RULES: readonly { category: LogCategory | 'status'; pattern: RegExp }[] = [
  { category: 'status', pattern: /Method completed with status: \d{3}/ },
  { category: 'function-timeout', pattern: /Task timed out after/i },
  { category: 'function-error', pattern: /customer function error/i },
  { category: 'integration-timeout', pattern: /Execution failed due to a timeout error|Endpoint request timed out|INTEGRATION_TIMEOUT/i },
  {
    category: 'permission',
    pattern: /Invalid permissions on Lambda function|not authorized to perform: lambda:InvokeFunction|doesn't have permissions? to (call|invoke)/i,
  },
  {
    category: 'malformed-proxy-response',
    pattern: /Malformed Lambda proxy response|MALFORMED_PROXY_RESPONSE|doesn't match the format that API Gateway expects/i,
  },
  { category: 'function-error', pattern: /Unhandled|Runtime\.\w+Error|"errorType"|Lambda function returned (an |the following )?error/i },
  { category: 'lambda-throttle', pattern: /Rate exceeded|status: 429|TooManyRequestsException|ConcurrentInvocationLimitExceeded/i },
  { category: 'tls', pattern: /does not match the certificate|SSLEngine|PKIX|SSL handshake|certificate (has )?expired/i },
  {
    category: 'network',
    pattern:
      /There was an internal error while executing your request|VPC ?link|Network Load Balancer|\bNLB\b|Network error communicating with endpoint|Connection (refused|reset)|UnknownHostException|Unable to connect/i,
  },
  { category: 'mapping-template', pattern: /Output mapping refers to an invalid method response|Unable to transform|Invalid mapping expression/i },
  // Looser timeout wording (access-log error messages) once the precise readings have had their turn.
  { category: 'integration-timeout', pattern: /\btimed out\b|\btimeout\b/i },
  // A failure line nothing above explains; still a failure, so it is counted as such.
  { category: 'other-5xx', pattern: /Execution failed|Lambda invocation failed|Lambda execution failed/i },
];

/**
 * Reads one API Gateway log line (an execution-log line, or the error text of an access-log record)
 * and says which failure it reports: a LogCategory, 'status' for the "Method completed with status"
 * line that ends every request, or null for a line that reports no failure.
 *
 * @example classifyLogLine('(3f1c) Execution failed due to a timeout error') // 'integration-timeout'
 */
export function classifyLogLine(message: string): LogCategory | 'status' | null {
  for (const rule of RULES) {
    if (rule.pattern.test(message)) return rule.category;
  }
  return null;
}

/** The status code of a "Method completed with status: NNN" line, when it is one. */
export function completedStatus(message: string): number | undefined {
  const match = /Method completed with status: (\d{3})/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Execution-log lines start with "(<request id>) "; that id ties a request's lines together. */
export function executionLogRequestId(message: string): string | undefined {
  const match = /^\(([A-Za-z0-9-]+)\)\s/.exec(message);
  return match?.[1];
}
