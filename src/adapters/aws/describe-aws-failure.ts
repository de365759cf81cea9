import type { EvidenceSource, MissingEvidence } from '../../core/evidence/types.ts';

/**
 * Turns an SDK failure into a missing-evidence record that says what went wrong and what the
 * operator can do about it. `action` is the IAM action that was called, e.g. `logs:FilterLogEvents`.
 */
export function describeAwsFailure(source: EvidenceSource, action: string, error: unknown): MissingEvidence {
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized|Forbidden/i.test(name)) {
    return {
      source,
      reason: `access denied to ${action}`,
      fix: `allow ${action} for the role diagnose-502 runs as (see \`npm run iam-policy\`)`,
    };
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|LimitExceeded/i.test(name)) {
    return {
      source,
      reason: `${action} was throttled and retries ran out`,
      fix: 'run the diagnosis again in a minute; other tools may be sharing this quota',
    };
  }
  if (name === 'AbortError' || /aborted|budget/i.test(message)) {
    return {
      source,
      reason: `${action} did not answer within this source's time budget`,
      fix: 'run the diagnosis again; if it keeps happening, check AWS service health for the region',
    };
  }
  if (/CredentialsProviderError|ExpiredToken|InvalidClientTokenId|UnrecognizedClient/i.test(name)) {
    return {
      source,
      reason: `no valid AWS credentials for ${action} (${name})`,
      fix: 'configure credentials the AWS SDK can find (AWS_PROFILE, environment variables or a role)',
    };
  }
  return { source, reason: `${action} failed: ${name}: ${message}` };
}

export function errorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
    if (typeof e.Code === 'string') return e.Code;
    if (typeof e.code === 'string') return e.code;
  }
  return error instanceof Error ? error.name : 'Error';
}
