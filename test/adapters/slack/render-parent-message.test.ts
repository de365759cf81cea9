import { describe, expect, it } from 'vitest';
import { renderParentMessage, statusLine } from '../../../src/adapters/slack/index.ts';
import { caseView, viewOf } from './view-builders.ts';

const allText = (blocks: unknown[]) => JSON.stringify(blocks);

describe('renderParentMessage', () => {
  it('names the API, stage, region and who asked', () => {
    // Prepare
    const view = caseView('timeout');

    // Act
    const message = renderParentMessage(view);

    // Assess
    const text = allText(message.blocks);
    expect(text).toContain('*shop-api* (`a1b2c3d4e5`)');
    expect(text).toContain('stage `prod`');
    expect(text).toContain('`us-east-1`');
    expect(text).toContain('Asked by <@U123ABC>');
    expect(text).toContain('<!date^1795341660^{date_short_pretty} {time}|2026-11-22 10:01 UTC>');
  });

  it('moves the status line with the phase', () => {
    const timeout = caseView('timeout');
    const confidence = Math.round(timeout.report!.verdict.confidence * 100);

    expect(statusLine(viewOf(null, { phase: 'collecting' }))).toBe('Collecting evidence…');
    expect(statusLine({ ...timeout, phase: 'verdict' })).toBe(`Suspected cause: timeout (${confidence} %)`);
    expect(statusLine({ ...timeout, phase: 'resolved' })).toBe('Verified fixed');
    expect(statusLine({ ...timeout, phase: 'failed', error: { name: 'E', code: 'E_AWS', message: 'AccessDenied: cloudwatch:GetMetricData' } })).toBe(
      'AccessDenied: cloudwatch:GetMetricData',
    );
    expect(renderParentMessage({ ...timeout, phase: 'resolved' }).text).toContain('Verified fixed');
    expect(allText(renderParentMessage({ ...timeout, phase: 'verdict' }).blocks)).toContain(`*Status:* Suspected cause: timeout (${confidence} %)`);
  });

  it('shows the id alone while the API is not resolved yet', () => {
    const message = renderParentMessage(viewOf(null));
    expect(allText(message.blocks)).toContain('`a1b2c3d4e5`');
    expect(message.text).toContain('Collecting evidence…');
  });

  it('does not mention someone who is not a Slack user', () => {
    const message = renderParentMessage(caseView('timeout', { requestedBy: 'PagerDuty' }));
    expect(allText(message.blocks)).toContain('Asked by PagerDuty');
    expect(allText(message.blocks)).not.toContain('<@PagerDuty>');
  });

  it('lists the PagerDuty incidents, linked, with a cap', () => {
    // Prepare
    const incidents = [
      { id: 'P1', number: 42, title: 'checkout <502> & errors', url: 'https://example.pagerduty.com/incidents/P1', status: 'triggered' },
      ...Array.from({ length: 12 }, (_, i) => ({ id: `Q${i}`, title: `incident ${i}` })),
    ];

    // Act
    const text = allText(renderParentMessage(caseView('network', { incidents })).blocks);

    // Assess
    expect(text).toContain('<https://example.pagerduty.com/incidents/P1|#42 checkout &lt;502&gt; &amp; errors> · triggered');
    expect(text).toContain('incident 8');
    expect(text).not.toContain('incident 9');
    expect(text).toContain('and 3 more incidents');
  });

  it('heads CloudWatch alarms as such, and says recovered only once every alarm is back to OK', () => {
    // Prepare
    const alarm = (name: string, resolved: boolean) => ({
      id: `alarm:123456789012:us-east-1:${name}`,
      title: name,
      url: `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/${name}`,
      status: resolved ? 'OK · recovered 10:40 UTC' : 'ALARM since 10:25 UTC',
      source: 'cloudwatch' as const,
      resolved,
    });

    // Act
    const firing = allText(renderParentMessage(caseView('timeout', { incidents: [alarm('orders-5xx', true), alarm('orders-5xx-rate', false)] })).blocks);
    const recovered = allText(renderParentMessage(caseView('timeout', { incidents: [alarm('orders-5xx', true), alarm('orders-5xx-rate', true)] })).blocks);
    const paged = allText(renderParentMessage(caseView('timeout', { incidents: [{ id: 'P1', title: 'checkout', status: 'resolved' }] })).blocks);

    // Assess
    expect(firing).toContain('*CloudWatch alarms*');
    expect(firing).toContain('orders-5xx-rate> · ALARM since 10:25 UTC');
    expect(firing).not.toContain('recovered)');
    expect(recovered).toContain('*CloudWatch alarms* · :white_check_mark: all back to OK (recovered)');
    expect(paged).toContain('*PagerDuty*');
    expect(paged).not.toContain('CloudWatch');
  });
});
