import type { FailingApi } from '../../core/scan/failing-api.ts';
import { pct, utcTime } from '../../core/view/format-values.ts';

/** The scan as a terminal table, most 5xx first, with the command that diagnoses each line. */
export function renderScanText(apis: readonly FailingApi[], scope: { places: number; sinceMinutes: number }): string {
  const where = `${scope.places} region${scope.places === 1 ? '' : 's'}`;
  if (apis.length === 0) return `No REST or HTTP API stage returned 5xx in the last ${scope.sinceMinutes} minutes (${where} scanned).`;
  const rows = apis.map((a) => [
    a.severity,
    String(a.errors5xx),
    pct(a.rate, 1),
    a.onset ? `${utcTime(a.onset)} UTC` : '-',
    `${a.name} ${a.stage}`,
    `${a.type === 'rest' ? 'REST' : 'HTTP'} ${a.id || '?'}`,
    a.region + (a.account ? ` (${a.account})` : ''),
  ]);
  const header = ['severity', '5xx', 'rate', 'onset', 'api', 'type id', 'region'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const first = apis[0] as FailingApi;
  return [
    `${apis.length} API stage${apis.length === 1 ? '' : 's'} returned 5xx in the last ${scope.sinceMinutes} minutes (${where} scanned):`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `Diagnose one: diagnose-502 ${first.id || first.name} ${first.stage} --region ${first.region}`,
  ].join('\n');
}
