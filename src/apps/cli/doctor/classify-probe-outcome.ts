import { errorName } from '../../../adapters/aws/describe-aws-failure.ts';

/**
 * What one probe's answer says about its permission. A "not found" answer comes after IAM has
 * allowed the call, so it counts as allowed; anything else unexpected (throttling, a network
 * failure, a validation error that may come before IAM) leaves the question open.
 */
export type ProbeStatus = 'allowed' | 'denied' | 'no-credentials' | 'unknown';

const NOT_FOUND = /^(NotFoundException|ResourceNotFoundException|TargetGroupNotFound(Exception)?|LoadBalancerNotFound(Exception)?)$/;
const DENIED = /AccessDenied|Unauthorized|Forbidden/i;
const NO_CREDENTIALS = /CredentialsProviderError|ExpiredToken|InvalidClientTokenId|UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch/i;

export function classifyProbeOutcome(error: unknown): { status: ProbeStatus; detail?: string } {
  if (error === undefined) return { status: 'allowed' };
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (NOT_FOUND.test(name)) return { status: 'allowed' };
  if (DENIED.test(name)) return { status: 'denied', detail: message };
  if (NO_CREDENTIALS.test(name) || /Could not load credentials/i.test(message)) return { status: 'no-credentials', detail: `${name}: ${message}` };
  return { status: 'unknown', detail: `${name}: ${message}` };
}
