/**
 * COLLECTOR_PERMISSIONS must match the code: every AWS SDK command the diagnosis sends is listed
 * with its IAM action, and nothing listed is unused. Read from the sources, so a new collector
 * call without a permission entry fails here rather than as AccessDenied in someone's incident.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildReadOnlyPolicy } from '../../../../src/adapters/aws/iam/build-read-only-policy.ts';
import { COLLECTOR_PERMISSIONS, collectorActions } from '../../../../src/adapters/aws/iam/collector-permissions.ts';
import { runIamPolicy } from '../../../../src/apps/cli/run-iam-policy.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
// The bot's own infrastructure (state, queue, secrets), the simulator and the doctor (which
// probes COLLECTOR_PERMISSIONS itself) are not collectors.
const NOT_COLLECTORS = [
  'src/tools/',
  'src/apps/lambda/',
  'src/apps/cli/doctor/',
  'src/adapters/store/',
  'src/adapters/jobs/',
  'src/adapters/config/load-ssm-secrets.ts',
  'src/adapters/pagerduty/dynamodb-pagerduty-store.ts',
];

const CLIENT_NAMES: Record<string, string> = {
  '@aws-sdk/client-api-gateway': 'APIGateway',
  '@aws-sdk/client-apigatewayv2': 'ApiGatewayV2',
  '@aws-sdk/client-cloudwatch': 'CloudWatch',
  '@aws-sdk/client-cloudwatch-logs': 'CloudWatchLogs',
  '@aws-sdk/client-cloudtrail': 'CloudTrail',
  '@aws-sdk/client-lambda': 'Lambda',
  '@aws-sdk/client-elastic-load-balancing-v2': 'ElasticLoadBalancingV2',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** `Client.Operation` for every `new XCommand(` in the diagnosis code, with the file it is in. */
function commandsSent(): Array<{ operation: string; file: string }> {
  const found: Array<{ operation: string; file: string }> = [];
  for (const path of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'machines'))]) {
    const file = relative(ROOT, path);
    if (NOT_COLLECTORS.some((d) => file.startsWith(d))) continue;
    const text = readFileSync(path, 'utf8');
    const locals = new Map<string, string>();
    for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
      for (const part of (m[1] ?? '').split(',')) {
        const [original = '', alias] = part
          .replace(/\btype\s+/, '')
          .trim()
          .split(/\s+as\s+/);
        if (!original.endsWith('Command')) continue;
        const client = CLIENT_NAMES[m[2] ?? ''] ?? `UNLISTED(${m[2]})`;
        locals.set((alias ?? original).trim(), `${client}.${original.trim().replace(/Command$/, '')}`);
      }
    }
    for (const m of text.matchAll(/new\s+([A-Za-z0-9]+Command)\s*\(/g)) {
      const operation = locals.get(m[1] ?? '');
      if (operation) found.push({ operation, file });
    }
  }
  return found;
}

describe('COLLECTOR_PERMISSIONS', () => {
  const listed = new Set(COLLECTOR_PERMISSIONS.flatMap((p) => p.operations.map((o) => o.replace(/ \(.*\)$/, ''))));

  it('names every SDK command the diagnosis sends', () => {
    const sent = commandsSent();
    expect(sent.length).toBeGreaterThan(10);
    const unlisted = sent.filter((s) => !listed.has(s.operation)).map((s) => `${s.operation} in ${s.file}`);
    expect(unlisted).toEqual([]);
  });

  it('lists no operation the code does not send', () => {
    const sent = new Set(commandsSent().map((s) => s.operation));
    expect([...listed].filter((o) => !sent.has(o))).toEqual([]);
  });

  it('grants reads only', () => {
    for (const action of collectorActions()) expect(action).toMatch(/^[a-z0-9-]+:(Get|Describe|Filter|Lookup|GET$)/);
  });
});

describe('buildReadOnlyPolicy', () => {
  it('scopes API Gateway, Lambda and Logs to their resource types and fills account and region', () => {
    const policy = buildReadOnlyPolicy({ partition: 'aws', region: 'eu-west-1', account: '123456789012' });
    const resourcesOf = (action: string) => policy.Statement.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);
    expect(resourcesOf('apigateway:GET')).toEqual([
      'arn:aws:apigateway:eu-west-1::/apis',
      'arn:aws:apigateway:eu-west-1::/apis/*',
      'arn:aws:apigateway:eu-west-1::/domainnames/*',
      'arn:aws:apigateway:eu-west-1::/restapis',
      'arn:aws:apigateway:eu-west-1::/restapis/*',
      'arn:aws:apigateway:eu-west-1::/vpclinks/*',
    ]);
    expect(resourcesOf('lambda:GetPolicy')).toEqual(['arn:aws:lambda:eu-west-1:123456789012:function:*']);
    expect(resourcesOf('logs:FilterLogEvents')).toEqual(['arn:aws:logs:eu-west-1:123456789012:log-group:*']);
    expect(resourcesOf('cloudtrail:LookupEvents')).toEqual(['*']);
    expect(policy.Statement.flatMap((s) => s.Action).sort()).toEqual(collectorActions());
    expect(new Set(policy.Statement.map((s) => s.Sid)).size).toBe(policy.Statement.length);
  });
});

describe('runIamPolicy', () => {
  const io = () => {
    let out = '';
    let err = '';
    return {
      stdout: (t: string) => {
        out += t;
      },
      stderr: (t: string) => {
        err += t;
      },
      out: () => out,
      err: () => err,
    };
  };

  it('prints the policy as JSON', async () => {
    const cap = io();
    expect(await runIamPolicy(['--account', '123456789012', '--region', 'eu-west-1'], cap)).toBe(0);
    const policy = JSON.parse(cap.out()) as ReturnType<typeof buildReadOnlyPolicy>;
    expect(policy.Version).toBe('2012-10-17');
    expect(policy).toEqual(buildReadOnlyPolicy({ partition: 'aws', region: 'eu-west-1', account: '123456789012' }));
  });

  it('refuses a malformed account id', async () => {
    const cap = io();
    expect(await runIamPolicy(['--account', '12345'], cap)).toBe(2);
    expect(cap.err()).toContain('12-digit');
  });
});
