/**
 * The fault suite's quick run inside `npm test` (issue 11): the real bot, in a child process, against
 * the local Slack Web API and the simulated AWS account, with every fault family injected: Slack
 * 429/5xx bursts and an outage, AWS throttling and denials, SIGKILL and restart on the same store,
 * duplicate and out-of-order deliveries, hostile inputs, and unusable state databases. The counts
 * are measured by the suite (what the stand-ins served, what the bot stored and posted); every
 * family must have been met, so a run that injected nothing cannot pass.
 */
import { describe, expect, it } from 'vitest';
import { QUICK_RUN, runFaults, summaryLine } from '../../../src/tools/faults/run-faults.ts';

const FAMILIES = ['slack-bursts', 'slack-outage', 'aws-faults', 'kill-restart', 'duplicates', 'double-press', 'hostile-inputs', 'state-db'];

describe('fault suite, quick run', () => {
  it('loses no diagnosis, opens no duplicate thread, lets no raw mention or unauthorized start through', async () => {
    // Act
    const lines: string[] = [];
    const started = Date.now();
    const report = await runFaults({
      ...QUICK_RUN,
      log: (line) => lines.push(`${((Date.now() - started) / 1000).toFixed(1)} s ${line}`),
    });

    // Assess
    const injected = Object.fromEntries(report.sections.map((s) => [s.name, s.injected]));
    expect(report.failures, lines.join('\n')).toEqual([]);
    for (const family of FAMILIES) expect(injected[family], `${family} injected nothing:\n${lines.join('\n')}`).toBeGreaterThan(0);
    // Each evidence source was denied to the bot in turn, and it met every denial.
    expect(Object.keys(report.deniedCalls).sort()).toEqual(['FilterLogEvents', 'GetFunctionConfiguration', 'GetMetricData', 'GetPolicy', 'LookupEvents']);
    expect(summaryLine(report), lines.join('\n')).toBe(
      `faults: ${report.injected} injected · diagnoses lost 0 · duplicate threads 0 · raw mentions 0 · unauthorized starts 0`,
    );
  }, 240_000);
});
