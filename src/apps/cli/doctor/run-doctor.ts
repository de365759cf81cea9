/**
 * `diagnose-502 doctor --region R [--api-id X --stage S] [--role-arn ARN]`: calls every read action
 * the collectors need, as cheaply as AWS allows, and says which collector would come back
 * empty-handed for lack of which permission: before an incident, not during one.
 */
import { parseArgs } from 'node:util';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { apiIdSchema, regionSchema, stageSchema } from '../../../core/api/api-ref.ts';
import { createAwsClients, type AwsClients } from '../../../adapters/aws/aws-clients.ts';
import { EXIT, type CliIo } from '../run-cli.ts';
import { COLLECTOR_PERMISSIONS, type PermissionUser } from '../../../adapters/aws/iam/collector-permissions.ts';
import { classifyProbeOutcome, type ProbeStatus } from './classify-probe-outcome.ts';
import { doctorProbes, type DoctorTarget } from './doctor-probes.ts';

export const DOCTOR_USAGE = `Usage: diagnose-502 doctor [--region R] [--api-id X --stage S] [--role-arn ARN [--external-id ID]] [--json]

Checks that the AWS identity diagnose-502 runs as may call every read action the collectors use,
one cheap call each (a made-up name, one result, a five-minute window). Read-only.

  --region R        region to check (default: AWS_REGION or AWS_DEFAULT_REGION)
  --api-id X        aim the API and log checks at this API instead of made-up names
  --stage S         with --api-id: check its execution log group
  --role-arn ARN    check a cross-account role, assumed the way the bot assumes it
  --external-id ID  the external id the role's trust policy asks for
  --json            print the results as JSON

Exit codes: 0 all allowed, 5 something is denied, 4 no usable credentials, 1 could not tell, 2 bad arguments.`;

export interface DoctorCheck {
  user: PermissionUser;
  action: string;
  operation: string;
  status: ProbeStatus;
  detail?: string;
}

export interface DoctorReport {
  region: string;
  identity?: string;
  checks: DoctorCheck[];
}

const USER_LABELS: Record<PermissionUser, string> = {
  api: 'API lookup',
  metrics: 'metrics',
  logs: 'logs',
  changes: 'changes',
  config: 'config',
  discovery: 'scan and names',
};

const PROBE_TIMEOUT_MS = 10_000;

export async function runDoctor(argv: string[], io: CliIo): Promise<number> {
  let options: DoctorOptions | 'help';
  try {
    options = parseDoctorArgs(argv, io.env);
  } catch (error) {
    io.stderr(`diagnose-502 doctor: ${(error as Error).message}\n\n${DOCTOR_USAGE}\n`);
    return EXIT.usage;
  }
  if (options === 'help') {
    io.stdout(`${DOCTOR_USAGE}\n`);
    return EXIT.ok;
  }
  const { target, roleArn, externalId, json } = options;
  const credentials = roleArn
    ? fromTemporaryCredentials({
        params: { RoleArn: roleArn, RoleSessionName: 'diagnose-502-doctor', ...(externalId ? { ExternalId: externalId } : {}) },
        clientConfig: { region: target.region },
      })
    : undefined;
  const clients = createAwsClients({ region: target.region, ...(credentials ? { credentials } : {}), maxAttempts: 2, requestTimeoutMs: 5_000 });
  const sts = new STSClient({ region: target.region, ...(credentials ? { credentials } : {}) });
  try {
    let identity: string | undefined;
    try {
      identity = (await sts.send(new GetCallerIdentityCommand({}))).Arn;
    } catch (error) {
      const outcome = classifyProbeOutcome(error);
      if (outcome.status === 'no-credentials' || (roleArn && outcome.status === 'denied')) {
        io.stderr(`diagnose-502 doctor: ${roleArn ? `cannot assume ${roleArn}` : 'no usable AWS credentials'} (${outcome.detail ?? 'denied'})\n`);
        return EXIT.noCredentials;
      }
      // Anything else: carry on, the probes will tell.
    }
    const report: DoctorReport = { region: target.region, ...(identity ? { identity } : {}), checks: await runProbes(clients, target) };
    if (report.checks.some((c) => c.status === 'no-credentials')) {
      io.stderr(`diagnose-502 doctor: no usable AWS credentials (${report.checks.find((c) => c.status === 'no-credentials')?.detail})\n`);
      return EXIT.noCredentials;
    }
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctorReport(report));
    if (report.checks.some((c) => c.status === 'denied')) return EXIT.accessDenied;
    if (report.checks.some((c) => c.status === 'unknown')) return EXIT.failed;
    return EXIT.ok;
  } finally {
    sts.destroy();
    for (const client of Object.values(clients)) if (typeof client === 'object') client.destroy();
  }
}

async function runProbes(clients: AwsClients, target: DoctorTarget): Promise<DoctorCheck[]> {
  return Promise.all(
    doctorProbes(target).map(async (probe): Promise<DoctorCheck> => {
      const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
      const error = await probe.call(clients, signal).then(
        () => undefined,
        (e: unknown) => e ?? new Error('rejected without a reason'),
      );
      const outcome = classifyProbeOutcome(error);
      return { user: probe.user, action: probe.action, operation: probe.operation, ...outcome };
    }),
  );
}

/** The human report: one line per check, then what to allow, collector by collector. */
export function renderDoctorReport(report: DoctorReport): string {
  const lines = [`diagnose-502 doctor: read permissions in ${report.region}${report.identity ? ` for ${report.identity}` : ''}`, ''];
  const width = Math.max(...report.checks.map((c) => c.action.length));
  const opWidth = Math.max(...report.checks.map((c) => c.operation.length));
  for (const check of report.checks) {
    const mark = check.status === 'allowed' ? 'ok' : check.status === 'denied' ? 'DENIED' : 'could not tell';
    lines.push(`  ${USER_LABELS[check.user].padEnd(11)} ${check.action.padEnd(width)}  ${check.operation.padEnd(opWidth)}  ${mark}`);
  }
  const denied = report.checks.filter((c) => c.status === 'denied');
  const unknown = report.checks.filter((c) => c.status === 'unknown');
  lines.push('');
  if (denied.length === 0 && unknown.length === 0) {
    lines.push('Every collector has the permissions it needs.');
  }
  if (denied.length > 0) {
    lines.push('Missing permissions (the diagnosis will report these sources as missing):');
    const byUser = new Map<PermissionUser, Set<string>>();
    for (const c of denied) byUser.set(c.user, (byUser.get(c.user) ?? new Set()).add(c.action));
    for (const [user, actions] of byUser) {
      for (const action of actions) {
        const why = COLLECTOR_PERMISSIONS.find((p) => p.user === user && p.action === action)?.why;
        lines.push(`  ${USER_LABELS[user]}: ${action}${why ? ` (to ${why})` : ''}`);
      }
    }
    lines.push('Allow them for this identity: `npm run iam-policy` prints the whole read-only policy.');
  }
  if (unknown.length > 0) {
    lines.push('Could not tell (try again; these are not permission answers):');
    for (const c of unknown) lines.push(`  ${c.operation}: ${c.detail ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}

interface DoctorOptions {
  target: DoctorTarget;
  roleArn?: string;
  externalId?: string;
  json: boolean;
}

function parseDoctorArgs(argv: string[], env: NodeJS.ProcessEnv): DoctorOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      region: { type: 'string' },
      'api-id': { type: 'string' },
      stage: { type: 'string' },
      'role-arn': { type: 'string' },
      'external-id': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  // The CLI may pass the subcommand name along; anything else positional is a mistake.
  const extra = positionals.filter((p) => p !== 'doctor');
  if (extra.length > 0) throw new Error(`unexpected argument ${JSON.stringify(extra[0])}`);
  const region = values.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (!region) throw new Error('no region: pass --region or set AWS_REGION');
  if (!regionSchema.safeParse(region).success) throw new Error(`region ${JSON.stringify(region)}: a region looks like eu-west-1`);
  const apiId = values['api-id'];
  if (apiId !== undefined && !apiIdSchema.safeParse(apiId).success)
    throw new Error(`--api-id ${JSON.stringify(apiId)}: an API id is 10 lowercase letters or digits`);
  if (values.stage !== undefined && apiId === undefined) throw new Error('--stage needs --api-id');
  if (values.stage !== undefined && !stageSchema.safeParse(values.stage).success)
    throw new Error(`--stage ${JSON.stringify(values.stage)} is not a stage name`);
  const roleArn = values['role-arn'];
  if (roleArn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(roleArn))
    throw new Error('--role-arn looks like arn:aws:iam::123456789012:role/diagnose-502-read');
  if (values['external-id'] !== undefined && roleArn === undefined) throw new Error('--external-id needs --role-arn');
  return {
    target: { region, ...(apiId ? { apiId } : {}), ...(values.stage ? { stage: values.stage } : {}) },
    ...(roleArn ? { roleArn } : {}),
    ...(values['external-id'] ? { externalId: values['external-id'] } : {}),
    json: values.json ?? false,
  };
}
