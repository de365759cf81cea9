import { describe, expect, it } from 'vitest';
import type { LogCategory } from '../../../src/core/evidence/types.ts';
import { needsAttachment, renderEvidenceMessage, renderEvidenceText } from '../../../src/adapters/slack/index.ts';
import { validateBlocks } from '../../../src/tools/block-kit-check/validate-blocks.ts';
import { change, changes, evidence, logClass, logs, metrics, restApi, vpcLinkConfig } from '../../fixtures/evidence-builders.ts';
import { caseView, reportFor, viewOf } from './view-builders.ts';

const sectionTexts = (blocks: unknown[]) =>
  (blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');

const bullets = (text: string) => text.split('\n').filter((line) => line.startsWith('• ')).length;
const hiddenCount = (text: string, noun: string) => Number(new RegExp(`_and (\\d+) more ${noun}_`).exec(text)?.[1] ?? 0);

describe('renderEvidenceMessage', () => {
  it('shows every source: metrics with sparkline and onset, logs, changes, config', () => {
    // Prepare
    const view = caseView('network');

    // Act
    const [metricsText = '', logsText = '', changesText = '', configText = ''] = sectionTexts(renderEvidenceMessage(view).fallbackBlocks ?? []);

    // Assess
    expect(metricsText).toContain('5xx *1,000* of 12,000 requests');
    expect(metricsText).toContain('Onset *09:40 UTC*');
    expect(metricsText).toMatch(/```5xx\/min 09:00 ▁+█+ 09:59\n +\^ onset 09:40```/);
    expect(metricsText).toContain('At the timeout in 20 of 20 minutes with 5xx');
    expect(logsText).toContain('*integration-timeout* ×320');
    expect(logsText).toContain('*network* ×80');
    expect(logsText).toContain('`(req-3) Execution failed due to configuration error: There was an internal error while executing your request`');
    expect(logsText).toContain('Status mix: 500: 80 · 502: 0 · 504: 320');
    expect(changesText).toContain('*09:30 UTC* · 10 min before onset · *alice* · RevokeSecurityGroupIngress on sg-0orders');
    expect(configText).toContain('targets 0 healthy / 3 unhealthy ❌');
    expect(configText).toContain('target `i-bad0:443` unhealthy (Target.FailedHealthChecks)');
  });

  it('shows the invoke permission', () => {
    const configText = sectionTexts(renderEvidenceMessage(caseView('permission')).blocks)[3];
    expect(configText).toContain('invoke permission ❌ missing');
    expect(configText).toContain('no statement allows apigateway.amazonaws.com for this API');
  });

  it('lists the missing evidence with reasons and fixes', () => {
    // Prepare
    const ev = evidence({
      metrics: metrics(),
      logs: null,
      missing: [{ source: 'logs', reason: 'execution logging is OFF for stage prod', fix: 'set the stage logging level to ERROR' }],
    });
    const view = viewOf(reportFor(restApi(), ev));

    // Act
    const texts = sectionTexts(renderEvidenceMessage(view).blocks);

    // Assess
    expect(texts[1]).toContain('not available: execution logging is OFF for stage prod');
    expect(texts.at(-1)).toContain('*🚫 Missing evidence*');
    expect(texts.at(-1)).toContain('*logs*: execution logging is OFF for stage prod');
    expect(texts.at(-1)).toContain('_fix:_ set the stage logging level to ERROR');
  });

  it('escapes text from AWS so it cannot break the message', () => {
    const ev = evidence({ metrics: metrics(), logs: logs([logClass('other-5xx', 3, '<html> a & b `tick`')]) });
    const logsText = sectionTexts(renderEvidenceMessage(viewOf(reportFor(restApi(), ev))).blocks)[1];
    expect(logsText).toContain('`&lt;html&gt; a &amp; b ˋtickˋ`');
  });

  it('cuts 500 log classes and 500 changes, stays valid, and asks for the attachment', () => {
    // Prepare
    const categories: LogCategory[] = ['integration-timeout', 'network', 'permission', 'function-error', 'other-5xx'];
    const classes = Array.from({ length: 500 }, (_, i) => logClass(categories[i % categories.length]!, 1000 - i, `line ${i} ${'x'.repeat(400)}`));
    const many = Array.from({ length: 500 }, (_, i) =>
      change({
        kind: 'security-group',
        eventName: 'AuthorizeSecurityGroupIngress',
        who: `user${i}`,
        summary: `change number ${i} ${'y'.repeat(300)}`,
        relatedToApi: i === 499,
      }),
    );
    const ev = evidence({ metrics: metrics(), logs: logs(classes), changes: changes(many), config: vpcLinkConfig(400, 0) });
    const view = viewOf(reportFor(restApi(), ev));

    // Act
    const message = renderEvidenceMessage(view);
    const full = renderEvidenceText(view);

    // Assess
    expect(validateBlocks(message.blocks)).toEqual([]);
    expect(validateBlocks(message.fallbackBlocks)).toEqual([]);
    const [, logsText = '', changesText = '', configText = ''] = sectionTexts(message.fallbackBlocks ?? []);
    // Every item is either shown or counted in the "and N more" line.
    expect(bullets(logsText) + hiddenCount(logsText, 'classes')).toBe(500);
    expect(bullets(changesText) + hiddenCount(changesText, 'changes')).toBe(500);
    expect(bullets(changesText)).toBeGreaterThan(0);
    expect(hiddenCount(logsText, 'classes')).toBeGreaterThan(400);
    expect(changesText).toContain('user499'); // the related change always makes the cut
    expect(configText).toContain('and 395 more unhealthy targets');
    expect(JSON.stringify(message.blocks)).toContain('the full evidence is attached as a file');
    expect(needsAttachment(view)).toBe(true);
    expect(full).toContain('line 499');
    expect(full).toContain('change number 0');
    expect(full).toContain('target i-bad399:443 unhealthy');
  });

  it('shows the changes as a table, related first, with the section form kept as the fallback', () => {
    // Prepare: an unrelated change before a related one, and a summary holding mrkdwn and HTML characters
    const ev = evidence({
      metrics: metrics(),
      changes: changes([
        change({
          kind: 'route',
          eventName: 'CreateRoute',
          who: 'bob',
          summary: 'CreateRoute on rtb-0other',
          relatedToApi: false,
          time: '2026-11-22T09:10:00Z',
        }),
        change({
          kind: 'security-group',
          eventName: 'RevokeSecurityGroupIngress',
          who: 'alice',
          summary: 'RevokeSecurityGroupIngress on sg-0orders: *tcp* 443 <from> 10.0.0.0/16 & more',
          relatedToApi: true,
          time: '2026-11-22T09:30:00Z',
        }),
      ]),
    });
    const view = viewOf(reportFor(restApi(), ev));

    // Act
    const message = renderEvidenceMessage(view);

    // Assess
    const blocks = message.blocks as Array<{ type: string; rows?: Array<Array<{ type: string; text: string }>> }>;
    const tables = blocks.filter((b) => b.type === 'table');
    expect(tables).toHaveLength(1);
    const rows = tables[0]!.rows!.map((row) => row.map((cell) => cell.text));
    expect(rows[0]).toEqual(['Time (UTC)', 'Before onset', 'Who', 'Change']);
    // Raw text cells show as written: no mrkdwn escaping in them.
    expect(rows[1]).toEqual(['09:30', '10 min', 'alice', '▶ RevokeSecurityGroupIngress on sg-0orders: *tcp* 443 <from> 10.0.0.0/16 & more (related)']);
    expect(rows[2]).toEqual(['09:10', '30 min', 'bob', 'CreateRoute on rtb-0other']);
    expect(tables[0]!.rows!.flat().every((cell) => cell.type === 'raw_text')).toBe(true);
    expect(sectionTexts(message.blocks).join('\n')).toContain('*🛠 Changes*  CloudTrail');
    expect(validateBlocks(message.blocks)).toEqual([]);
    const fallback = sectionTexts(message.fallbackBlocks ?? []).join('\n');
    expect(JSON.stringify(message.fallbackBlocks)).not.toContain('"table"');
    expect(fallback).toContain('*alice* · RevokeSecurityGroupIngress on sg-0orders: *tcp* 443 &lt;from&gt; 10.0.0.0/16 &amp; more');
  });

  it('has no table, and so no fallback, when there were no changes', () => {
    const message = renderEvidenceMessage(viewOf(reportFor(restApi(), evidence({ metrics: metrics(), changes: changes([]) }))));
    expect(JSON.stringify(message.blocks)).not.toContain('"table"');
    expect(message.fallbackBlocks).toBeUndefined();
  });

  it('needs no attachment when nothing was cut', () => {
    expect(needsAttachment(caseView('timeout'))).toBe(false);
  });

  it('says it is still collecting before the first report', () => {
    const message = renderEvidenceMessage(viewOf(null));
    expect(JSON.stringify(message.blocks)).toContain('Collecting evidence…');
    expect(needsAttachment(viewOf(null))).toBe(false);
    expect(renderEvidenceText(viewOf(null))).toContain('still being collected');
  });
});

describe('renderEvidenceText', () => {
  it('holds the per-minute series and every sample', () => {
    const text = renderEvidenceText(caseView('network'));
    expect(text).toContain('  09:40              200       50       28.7 s         29 s');
    expect(text).toContain('(req-2) Execution failed due to a timeout error');
    expect(text).toContain('2026-11-22 09:30 UTC (10 min before onset) alice: RevokeSecurityGroupIngress on sg-0orders');
    expect(text).not.toContain('`');
  });
});
