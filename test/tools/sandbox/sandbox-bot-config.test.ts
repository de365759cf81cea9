import { describe, expect, it } from 'vitest';
import { parseAccessConfig } from '../../../src/adapters/config/load-access-config.ts';
import { readPagerDutySettings } from '../../../src/adapters/config/read-pagerduty-settings.ts';
import { sandboxBotConfig, summarizeScenario } from '../../../src/tools/sandbox/sandbox-bot-config.ts';
import { loadScenarios } from '../../../src/tools/sim/load-scenarios.ts';
import { DEFAULT_SCENARIO_DIR } from '../../../src/tools/sim/start-simulated-aws.ts';

describe('sandboxBotConfig', () => {
  it('is a configuration the bot accepts, routing a PagerDuty service per scenario to the channel', async () => {
    // Prepare
    const scenarios = (await loadScenarios(DEFAULT_SCENARIO_DIR)).map(summarizeScenario);
    const timeout = scenarios.find((s) => s.id === 'timeout')!;

    // Act
    const config = parseAccessConfig(sandboxBotConfig(scenarios, 'C0INCIDENT'), 'sandbox config');
    const pagerDuty = readPagerDutySettings(config);

    // Assess
    expect(config.access).toBeUndefined();
    expect(config.apis?.[timeout.apiId]).toEqual({ region: 'us-east-1' });
    expect(pagerDuty.channel).toBe('C0INCIDENT');
    expect(config.alarms).toEqual({ channel: 'C0INCIDENT' });
    expect(pagerDuty.services[timeout.pagerDutyServiceId]).toEqual({ apiId: 'k7x2m9q4ta', stage: 'prod', region: 'us-east-1' });
    expect(pagerDuty.apiNames['orders-api']).toBe('k7x2m9q4ta');
    expect(new Set(scenarios.map((s) => s.pagerDutyServiceId)).size).toBe(scenarios.length);
    expect(timeout.pagerDutyServiceId).toMatch(/^P[0-9A-Z]{6}$/);
  });
});
