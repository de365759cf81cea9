import { beforeAll, describe, expect, it } from 'vitest';
import { renderTextReport } from '../../../src/apps/cli/render-text-report.ts';
import { loadRunbook } from '../../../src/adapters/config/load-runbook.ts';
import type { Runbook } from '../../../src/core/runbook/runbook-schema.ts';
import { healthyReport, inconclusiveReport, networkReport, SAMPLE_ONSET_INDEX, timeoutReport } from '../../helpers/sample-report.ts';

let runbook: Runbook;
beforeAll(async () => {
  runbook = await loadRunbook();
});

const linesOf = (text: string) => text.split('\n');
const sectionOf = (text: string, title: string) => {
  const lines = linesOf(text);
  const start = lines.indexOf(title);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && /^[A-Z][A-Z ]+/.test(l));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
};

describe('renderTextReport', () => {
  it('opens with the API, its type, stage, region and the window in UTC', () => {
    const text = renderTextReport(timeoutReport(), runbook);
    const [first, second] = linesOf(text);

    expect(first).toContain('orders-api (a1b2c3d4e5)');
    expect(first).toContain('REST API');
    expect(first).toContain('stage prod');
    expect(first).toContain('eu-west-1');
    expect(second).toContain('2026-03-04 10:00 → 10:30 UTC (30 min)');
  });

  it('states the verdict with its confidence and summary', () => {
    const text = renderTextReport(timeoutReport(), runbook);

    const verdict = linesOf(text).find((l) => l.startsWith('VERDICT'));
    expect(verdict).toMatch(/^VERDICT\s+TIMEOUT 87 % confidence — Integration latency sits at the 29 s timeout/);
  });

  it('lists hypotheses best first with scores, source-tagged evidence for and against, and what would confirm them', () => {
    const hypotheses = sectionOf(renderTextReport(timeoutReport(), runbook), 'HYPOTHESES');

    expect(hypotheses.indexOf('1. timeout')).toBeLessThan(hypotheses.indexOf('2. backend-error'));
    expect(hypotheses).toMatch(/1\. timeout\s+0\.87/);
    expect(hypotheses).toContain('+ [logs] 41 log lines: integration timeout');
    expect(hypotheses).toContain('− [changes] no deployment of the function before the onset');
    expect(hypotheses).toContain('? to confirm: call the function directly and time it');
    expect(hypotheses).not.toContain('network');
  });

  it('draws the 5xx sparkline with the onset marked under the onset minute', () => {
    const lines = linesOf(renderTextReport(timeoutReport(), runbook));

    const spark = lines.findIndex((l) => l.includes('5xx/min'));
    expect(spark).toBeGreaterThan(0);
    const line = lines[spark]!;
    const marker = lines[spark + 1]!;
    const firstBlock = line.search(/[▁▂▃▄▅▆▇█]/);
    expect(line.slice(firstBlock, firstBlock + 30)).toBe(`${'▁'.repeat(SAMPLE_ONSET_INDEX)}${'█'.repeat(30 - SAMPLE_ONSET_INDEX)}`);
    expect(marker.indexOf('^ onset')).toBe(firstBlock + SAMPLE_ONSET_INDEX);
  });

  it('summarises metrics, logs, changes and config', () => {
    const evidence = sectionOf(renderTextReport(timeoutReport(), runbook), 'EVIDENCE');

    expect(evidence).toContain('requests 3,000 · 5xx 720 (24.0 %) · severity critical');
    expect(evidence).toContain('onset 10:12 UTC');
    expect(evidence).toContain('integration latency avg 9,400 ms · p99 29,000 ms · max 29,001 ms · timeout 29,000 ms');
    expect(evidence).toContain('at the timeout in 17 of 18 minutes with 5xx (94 %)');
    expect(evidence).toContain('lambda checkout-fn: 3,000 invocations · 0 errors · 0 throttles');
    expect(evidence).toMatch(/integration-timeout\s+41\s+10:12–10:29 UTC/);
    expect(evidence).toContain('“Execution failed due to a timeout error”');
    expect(evidence).toContain('status mix  500: 3 · 502: 0 · 504: 41');
    expect(evidence).toMatch(/POST \/checkout\s+44 5xx of 800 \(5\.5 %\)/);
    expect(evidence).toMatch(/▶ 10:05 UTC\s+7 min before onset · alice · UpdateFunctionConfiguration on checkout-fn/);
    expect(evidence).toContain('[related]');
    expect(evidence).toContain('lambda checkout-fn timeout 60 s');
    expect(evidence).toContain('risk: function timeout 60 s exceeds integration timeout 29 s');
  });

  it('shows VPC link health and unhealthy targets for a network verdict', () => {
    const text = renderTextReport(networkReport(), runbook);

    expect(text).toContain('HTTP API');
    expect(text).toContain('targets 0 healthy / 3 unhealthy');
    expect(text).toContain('target 10.0.1.5:80 unhealthy (Target.FailedHealthChecks)');
    expect(text).toContain('FIX — API Gateway cannot reach the backend');
  });

  it('renders the fix, verification and traps of the verdict cause with placeholders filled', () => {
    const text = renderTextReport(timeoutReport(), runbook);
    const fix = sectionOf(text, 'FIX — The integration timed out');

    // Commands stay on one line so they can be copied.
    expect(fix).toContain('`aws lambda update-function-configuration --region eu-west-1 --function-name checkout-fn --timeout 28`');
    expect(fix).toContain('CHANGE: set the function timeout');
    expect(sectionOf(text, 'HOW TO VERIFY')).toContain('Name=ApiName,Value=orders-api Name=Stage,Value=prod');
    expect(sectionOf(text, 'HOW TO VERIFY')).toContain('"Method completed with status: 200"');
    expect(sectionOf(text, 'AVOID')).toContain('Raising the Lambda timeout above the integration timeout');
    expect(text).not.toMatch(/\{(apiId|apiName|stage|region|functionName|accountId)\}/);
  });

  it('lists missing evidence with reasons and fixes', () => {
    const report = timeoutReport();
    report.evidence.logs = null;
    report.evidence.missing = [{ source: 'logs', reason: 'access denied to logs:StartQuery', fix: 'allow logs:StartQuery' }];

    const text = renderTextReport(report, runbook);

    const missing = sectionOf(text, 'MISSING EVIDENCE');
    expect(missing).toContain('- logs: access denied to logs:StartQuery');
    expect(missing).toContain('fix: allow logs:StartQuery');
    expect(sectionOf(text, 'EVIDENCE')).toContain('logs  not available: access denied to logs:StartQuery');
  });

  it('puts pending manual steps first, with the runbook how-to and the answers to choose from', () => {
    const steps = sectionOf(renderTextReport(timeoutReport(), runbook), 'NEXT STEPS');
    const lines = linesOf(steps);

    expect(lines[0]).toBe('  [ ] Call the backend directly, bypassing API Gateway (manual)');
    expect(steps).toContain('--function-name checkout-fn');
    expect(steps).toContain('works-directly (The backend answers correctly and quickly when called directly)');
    expect(steps).toContain('[x] Read the execution logs for the failing requests (automatic) — 720 integration-timeout lines');
    expect(steps).toContain('[-] Check mapping templates and method responses (manual) — not applicable');
  });

  it('keeps a healthy report short: no hypotheses, no fix, guidance for persistent complaints', () => {
    const text = renderTextReport(healthyReport(), runbook);

    expect(linesOf(text).find((l) => l.startsWith('VERDICT'))).toMatch(/NONE 95 % confidence — No 5xx above the baseline/);
    expect(text).toContain('requests 3,000 · 5xx 0 (0.0 %)');
    expect(text).toContain('IF CLIENTS STILL REPORT ERRORS');
    expect(text).toContain('Check that a1b2c3d4e5 in eu-west-1 is really the API');
    expect(text).not.toContain('HYPOTHESES');
    expect(text).not.toContain('FIX —');
    expect(linesOf(text).length).toBeLessThan(30);
  });

  it('says honestly what is missing and names the top candidates when inconclusive', () => {
    const text = renderTextReport(inconclusiveReport(), runbook);

    expect(linesOf(text).find((l) => l.startsWith('VERDICT'))).toMatch(/INCONCLUSIVE 31 % confidence/);
    // What is missing comes before the candidates: it is the reason there is no verdict.
    expect(text.indexOf('MISSING EVIDENCE')).toBeLessThan(text.indexOf('TOP CANDIDATES'));
    const missing = sectionOf(text, 'MISSING EVIDENCE');
    expect(missing).toContain('logs: execution logging is OFF for stage prod');
    expect(missing).toContain('changes: access denied to cloudtrail:LookupEvents');
    expect(missing).toContain('config: lambda:GetPolicy failed');
    const candidates = sectionOf(text, 'TOP CANDIDATES');
    expect(candidates).toMatch(/1\. timeout\s+0\.31/);
    expect(candidates).toMatch(/2\. backend-error\s+0\.28/);
    expect(sectionOf(text, 'TO GET FURTHER')).toContain('--rest-api-id a1b2c3d4e5 --stage-name prod');
  });

  it('adds ANSI colour only when asked', () => {
    const plain = renderTextReport(timeoutReport(), runbook);
    const coloured = renderTextReport(timeoutReport(), runbook, { color: true });

    expect(plain).not.toMatch(/\x1b\[/);
    expect(coloured).toMatch(/\x1b\[1m/);
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toContain('VERDICT  TIMEOUT 87 % confidence');
  });

  it('wraps prose at the requested width but never breaks a command', () => {
    const text = renderTextReport(timeoutReport(), runbook, { width: 60 });

    const prose = ['NEXT STEPS', 'FIX — The integration timed out', 'HOW TO VERIFY', 'AVOID'].flatMap((t) => linesOf(sectionOf(text, t)));
    expect(prose.length).toBeGreaterThan(20);
    for (const line of prose.filter((l) => !l.includes('`'))) expect(line.length).toBeLessThanOrEqual(60);
    expect(text).toContain('`aws lambda update-function-configuration --region eu-west-1 --function-name checkout-fn --timeout 28`');
  });

  it('copes with absent sources, empty lists and no checklist', () => {
    const report = timeoutReport({ checklist: [], hypotheses: [] });
    report.evidence = { missing: [] };

    const text = renderTextReport(report, runbook);

    expect(text).toContain('VERDICT  TIMEOUT');
    expect(text).toContain('metrics  not available');
    expect(text).toContain('config  not available');
    expect(text).not.toContain('NEXT STEPS');
    expect(text).not.toContain('HYPOTHESES');
    expect(text).toContain('FIX — The integration timed out');
  });

  it('copes with findings that have nothing in them', () => {
    const report = timeoutReport();
    report.evidence.metrics!.perMinute = [];
    report.evidence.metrics!.lambda = [];
    report.evidence.metrics!.onset = undefined;
    report.evidence.logs!.classes = [];
    report.evidence.logs!.statusMix = {};
    report.evidence.logs!.endpoints = undefined;
    report.evidence.changes!.changes = [];
    report.evidence.config!.integrations = [];

    const text = renderTextReport(report, runbook);

    expect(text).not.toContain('5xx/min');
    expect(text).toContain('no failure lines found');
    expect(text).toContain('status mix  500: 0 · 502: 0 · 504: 0');
    expect(text).toContain('no changes to the API, its functions or its network in this period');
  });

  it('marks hypotheses ruled out in the checklist', () => {
    const report = timeoutReport();
    report.hypotheses = report.hypotheses.map((h) => (h.cause === 'backend-error' ? { ...h, rejected: true } : h));

    expect(renderTextReport(report, runbook)).toMatch(/2\. backend-error.*\(ruled out in the checklist\)/);
  });

  it('reports a fix verification when there is one', () => {
    const report = timeoutReport({
      verification: {
        at: '2026-03-04T10:40:00.000Z',
        verified: true,
        errors5xxSinceFix: 0,
        requestsSinceFix: 900,
        baselineRate: 0,
        summary: '5xx back to baseline',
      },
    });

    const section = sectionOf(renderTextReport(report, runbook), 'FIX VERIFICATION');

    expect(section).toContain('verified — 5xx back to baseline (0 5xx of 900 requests since 10:40 UTC; baseline 0.0 %)');
  });

  it('squeezes a long window into the width by summing neighbouring minutes', () => {
    const report = timeoutReport();
    const metrics = report.evidence.metrics!;
    metrics.perMinute = Array.from({ length: 240 }, (_, i) => ({
      t: new Date(Date.parse('2026-03-04T06:30:00.000Z') + i * 60_000).toISOString(),
      requests: 100,
      errors5xx: i >= 222 ? 40 : 0,
    }));

    const lines = linesOf(renderTextReport(report, runbook, { width: 80 }));
    const spark = lines.find((l) => /5xx\/\d+min/.test(l))!;

    expect(spark).toBeDefined();
    expect(spark.length).toBeLessThanOrEqual(80);
    const marker = lines[lines.indexOf(spark) + 1]!;
    expect(spark[marker.indexOf('^')]).toMatch(/[▂▃▄▅▆▇█]/);
  });
});
