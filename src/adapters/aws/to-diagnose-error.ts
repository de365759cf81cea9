import { AccessDeniedError, DiagnoseError, NoCredentialsError } from '../../core/errors/diagnose-error.ts';
import { errorName } from './describe-aws-failure.ts';

/** Which call failed, for the operator-facing message. */
export interface FailedCall {
  /** SDK operation, e.g. `GetRestApi`. */
  operation: string;
  /** IAM action the operation needs, e.g. `apigateway:GET`. */
  action: string;
  /** ARN or path the action was attempted on. */
  resource: string;
}

export function isNotFound(error: unknown): boolean {
  return /NotFound/.test(errorName(error));
}

/**
 * Turns an SDK failure while resolving the API into a DiagnoseError that says what to do. Aborts
 * pass through untouched: the caller asked for them.
 */
export function toDiagnoseError(error: unknown, call: FailedCall, signal?: AbortSignal): unknown {
  if (signal?.aborted || error instanceof DiagnoseError) return error;
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new NoCredentialsError(
      'No AWS credentials found. Configure them the way the AWS SDK looks for them: set AWS_PROFILE to a ' +
        'profile from `aws configure` or `aws configure sso` (then `aws sso login`), export ' +
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an IAM role is attached.',
      { cause: error },
    );
  }
  if (/ExpiredToken|InvalidClientTokenId|UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch/i.test(name)) {
    return new NoCredentialsError(
      `AWS rejected the credentials (${name}) when calling ${call.operation}. Refresh them (for SSO: ` +
        '`aws sso login`) or point AWS_PROFILE at a profile with valid keys.',
      { cause: error },
    );
  }
  if (/AccessDenied|Unauthorized|Forbidden/i.test(name)) {
    return new AccessDeniedError(
      `Access denied: ${call.operation} needs ${call.action} on ${call.resource}. Allow ${call.action} ` +
        'for the identity diagnose-502 runs as (it only reads).',
      { cause: error },
    );
  }
  return new DiagnoseError('aws_unavailable', `${call.operation} failed (${name}: ${message}). Try again shortly.`, {
    cause: error,
  });
}
