/**
 * The bot configuration file (DIAGNOSE502_CONFIG) for the simulated account: each scenario's API
 * mapped to its region, a PagerDuty service per scenario and the CloudWatch alarms routed to the
 * sandbox channel, so a simulated page or alarm opens its thread exactly where a configured team
 * would see it.
 */
import { stringify } from 'yaml';
import type { Scenario } from '../sim/scenario-schema.ts';
import { pagerDutyId } from './build-pagerduty-incident.ts';

export interface ScenarioSummary {
  id: string;
  title: string;
  description?: string;
  apiId: string;
  apiName: string;
  apiType: string;
  stage: string;
  region: string;
  expectedCause: string;
  /** The PagerDuty service whose incidents are about this API. */
  pagerDutyServiceId: string;
}

export function summarizeScenario(scenario: Scenario): ScenarioSummary {
  return {
    id: scenario.id,
    title: scenario.title,
    ...(scenario.description ? { description: scenario.description } : {}),
    apiId: scenario.api.id,
    apiName: scenario.api.name,
    apiType: scenario.api.type,
    stage: scenario.metrics.stage ?? scenario.api.stages[0]?.name ?? 'prod',
    region: scenario.region,
    expectedCause: scenario.expectedCause,
    pagerDutyServiceId: pagerDutyId('P', scenario.id),
  };
}

export function sandboxBotConfig(scenarios: ScenarioSummary[], pagerDutyChannel: string): string {
  const config = {
    apis: Object.fromEntries(scenarios.map((s) => [s.apiId, { region: s.region }])),
    pagerduty: {
      channel: pagerDutyChannel,
      services: Object.fromEntries(scenarios.map((s) => [s.pagerDutyServiceId, { apiId: s.apiId, stage: s.stage, region: s.region }])),
      // Alarms name REST APIs by name (the ApiName dimension); this maps them back to ids.
      apiNames: Object.fromEntries(scenarios.filter((s) => s.apiType === 'rest').map((s) => [s.apiName, s.apiId])),
    },
    // Simulated CloudWatch alarms (POST /alarms/event) open their threads in the same channel.
    alarms: { channel: pagerDutyChannel },
  };
  return `# Written by the sandbox for its simulated account; regenerated on every start.\n${stringify(config)}`;
}
