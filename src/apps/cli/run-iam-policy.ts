/**
 * `npm run iam-policy [-- --account 123456789012 --region eu-west-1 --partition aws]`: prints the
 * read-only policy to attach to the role diagnose-502 assumes in an account it diagnoses.
 */
import { parseArgs } from 'node:util';
import { regionSchema } from '../../core/api/api-ref.ts';
import type { CliIo } from './run-cli.ts';
import { ANY_SCOPE, buildReadOnlyPolicy } from '../../adapters/aws/iam/build-read-only-policy.ts';

export const IAM_POLICY_USAGE = `Usage: npm run iam-policy -- [--account ID] [--region REGION] [--partition aws|aws-cn|aws-us-gov]

Prints the read-only IAM policy diagnose-502 needs, as JSON. Attach it to the role the bot
assumes in each account it diagnoses (see docs/deploy.md). Without options it covers any
account and region.`;

const IAM_POLICY_OPTIONS = {
  account: { type: 'string' },
  region: { type: 'string' },
  partition: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runIamPolicy(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof IAM_POLICY_OPTIONS; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: IAM_POLICY_OPTIONS, strict: true }));
  } catch (error) {
    io.stderr(`iam-policy: ${(error as Error).message}\n\n${IAM_POLICY_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${IAM_POLICY_USAGE}\n`);
    return 0;
  }
  const problems: string[] = [];
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) problems.push('--account is a 12-digit account id');
  if (values.region !== undefined && !regionSchema.safeParse(values.region).success) problems.push('--region looks like eu-west-1');
  if (values.partition !== undefined && !/^aws(-cn|-us-gov|-iso[a-z]?)?$/.test(values.partition)) problems.push('--partition is aws, aws-cn or aws-us-gov');
  if (problems.length > 0) {
    io.stderr(`iam-policy: ${problems.join('; ')}\n`);
    return 2;
  }
  const policy = buildReadOnlyPolicy({
    partition: values.partition ?? ANY_SCOPE.partition,
    region: values.region ?? ANY_SCOPE.region,
    account: values.account ?? ANY_SCOPE.account,
  });
  io.stdout(`${JSON.stringify(policy, null, 2)}\n`);
  return 0;
}
