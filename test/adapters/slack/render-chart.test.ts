import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { chartFontFiles } from '../../../src/adapters/slack/chart-font-files.ts';
import { renderChartPng, renderChartSvg } from '../../../src/adapters/slack/index.ts';
import { CHART_FONT_FAMILY, changeLabel, niceScale } from '../../../src/adapters/slack/render-chart-svg.ts';
import { change, changes, evidence, restApi } from '../../fixtures/evidence-builders.ts';
import { caseReport, reportFor } from './view-builders.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which always comes first. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('renderChartSvg', () => {
  it('draws bars, latency lines, the timeout, the onset, the changes, axes and a legend', () => {
    // Prepare
    const report = caseReport('network');

    // Act
    const svg = renderChartSvg(report);

    // Assess
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1000" height="500"/);
    expect(svg.match(/<rect [^>]*fill="#d32f2f"/g)).toHaveLength(20 + 1); // 20 failing minutes + legend swatch
    expect(svg.match(/<polyline [^>]*stroke="#(ef6c00|6a1b9a)"/g)?.length).toBe(2); // p99 and max
    expect(svg).toContain('>integration timeout 29 s</text>');
    expect(svg).toContain('>onset 09:40</text>');
    expect(svg).toContain('>09:30 RevokeSecurityGroupIngress · alice</text>');
    for (const t of ['09:00', '09:10', '09:20', '09:30', '09:40', '09:50', '10:00']) expect(svg).toContain(`>${t}</text>`);
    for (const label of ['5xx per minute', 'latency p99', 'latency max', 'CloudTrail change', 'time (UTC)']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain(`font-family="${CHART_FONT_FAMILY}"`);
  });

  it('says so when there are no metrics, and escapes text', () => {
    const report = reportFor(restApi([], { name: 'a<b>&c' }), evidence({ missing: [{ source: 'metrics', reason: 'AccessDenied' }] }));
    const svg = renderChartSvg(report);
    expect(svg).toContain('No metrics available: AccessDenied');
    expect(svg).toContain('a&lt;b&gt;&amp;c / prod');
    expect(svg).not.toContain('<polyline');
  });

  it('counts changes outside the window instead of drawing them', () => {
    const ev = caseReport('timeout').evidence;
    const report = reportFor(restApi(), {
      ...ev,
      changes: changes([change({ kind: 'lambda-code', eventName: 'UpdateFunctionCode20150331v2', time: '2026-11-22T07:30:00.000Z' })]),
    });
    const svg = renderChartSvg(report);
    expect(svg).toContain('1 CloudTrail change outside this window not drawn');
    expect(svg).not.toContain('UpdateFunctionCode');
  });

  it('labels changes briefly', () => {
    expect(changeLabel({ time: '2026-11-22T09:37:00.000Z', eventName: 'RemovePermission20150331v2', who: 'alice' })).toBe('09:37 RemovePermission · alice');
    expect(changeLabel({ time: '2026-11-22T09:37:00.000Z', eventName: 'X', who: 'assumed-role/deploy-bot/session-1234' })).toBe('09:37 X · assumed-role/…');
  });

  it('picks nice axis steps', () => {
    expect(niceScale(57.5, 5)).toEqual({ max: 60, ticks: [0, 20, 40, 60] });
    expect(niceScale(0, 5).max).toBe(1);
  });
});

describe('renderChartPng', () => {
  it('returns a 1000×500 PNG', async () => {
    // Act
    const png = await renderChartPng(caseReport('timeout'));

    // Assess
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual({ width: 1000, height: 500 });
  });

  it('honours a custom size', async () => {
    const png = await renderChartPng(caseReport('permission'), { width: 800, height: 400 });
    expect(pngSize(png)).toEqual({ width: 800, height: 400 });
  });

  it('draws text with the bundled font and no system fonts', () => {
    // Prepare: only the title, rendered the way renderChartPng does.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" font-family="${CHART_FONT_FAMILY}"><text x="4" y="28" font-size="20">09:40 onset</text></svg>`;
    const render = (fontFiles: string[]) =>
      new Resvg(svg, { font: { loadSystemFonts: false, fontFiles, defaultFontFamily: CHART_FONT_FAMILY }, background: '#ffffff' }).render().pixels;

    // Act
    const withFont = render(chartFontFiles());
    const withoutFont = render([]);

    // Assess: some pixels are dark with the font, none without it.
    const dark = (pixels: Buffer) => pixels.filter((v, i) => i % 4 === 0 && v < 128).length;
    expect(dark(withFont)).toBeGreaterThan(50);
    expect(dark(withoutFont)).toBe(0);
  });
});
