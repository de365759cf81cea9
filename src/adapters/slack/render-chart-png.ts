/**
 * The incident chart as a PNG, rendered server-side by resvg (a native binary shipped inside the
 * npm package) with the bundled DejaVu Sans, so it works on a machine without any system fonts.
 */
import { renderAsync } from '@resvg/resvg-js';
import type { DiagnosisReport } from '../../core/diagnosis/types.ts';
import { chartFontFiles } from './chart-font-files.ts';
import { CHART_FONT_FAMILY, renderChartSvg, type ChartOptions } from './render-chart-svg.ts';

/**
 * Renders the chart of a report (1000×500 unless told otherwise) as PNG bytes.
 *
 * @example
 * await client.filesUploadV2({ channel_id, thread_ts, file: await renderChartPng(report), filename: 'chart.png' });
 */
export async function renderChartPng(report: DiagnosisReport, opts: ChartOptions = {}): Promise<Buffer> {
  const svg = renderChartSvg(report, opts);
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles: chartFontFiles(), defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
    fitTo: { mode: 'original' },
    background: '#ffffff',
    logLevel: 'off',
  });
  return image.asPng();
}
