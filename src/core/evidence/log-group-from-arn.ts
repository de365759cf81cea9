/**
 * The CloudWatch Logs group named by an access-log destination ARN
 * (`arn:aws:logs:<region>:<account>:log-group:<name>`, sometimes with a trailing `:*`).
 * Undefined for any other destination, e.g. a Kinesis Data Firehose stream.
 */
export function logGroupFromArn(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(arn.trim());
  return match?.[1] || undefined;
}
