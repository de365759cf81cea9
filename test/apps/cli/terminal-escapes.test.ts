/**
 * Log lines, API names and change summaries come from AWS and may hold terminal control
 * sequences (OSC 8 hyperlinks, CSI cursor moves, a bell): the CLI prints none of them (issue 11,
 * finding 12). Newlines stay; our own colours stay.
 */
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../../../src/adapters/config/load-runbook.ts';
import { renderTextReport } from '../../../src/apps/cli/render-text-report.ts';
import { stripTerminalControls } from '../../../src/core/view/strip-terminal-controls.ts';
import { timeoutReport } from '../../helpers/sample-report.ts';

const OSC8 = '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007';
const CSI = '\u001b[2J\u001b[1;1H';
const C1 = '\u009b31m';

function hostileReport() {
  const report = timeoutReport();
  const logs = report.evidence.logs!;
  const classes = logs.classes.map((c) => ({ ...c, samples: c.samples.map((s) => ({ ...s, message: `${OSC8} ${CSI}${s.message}${C1}\u0007` })) }));
  return { ...report, api: { ...report.api, name: `orders${CSI}api` }, evidence: { ...report.evidence, logs: { ...logs, classes } } };
}

describe('CLI output and terminal control sequences', () => {
  it('prints no control character from AWS data, without colour', async () => {
    const text = renderTextReport(hostileReport(), await loadRunbook(), { color: false });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('ordersapi');
  });

  it('keeps only its own colour codes when colour is on', async () => {
    const text = renderTextReport(hostileReport(), await loadRunbook(), { color: true });
    expect(text).not.toContain('\u001b]');
    expect(text).not.toContain('\u0007');
    expect(text).not.toContain('\u001b[2J');
    expect(text).not.toContain('\u009b');
  });

  it('stripTerminalControls keeps newlines and tabs become spaces', () => {
    expect(stripTerminalControls(`a\nb\tc${CSI}d${OSC8}e\r`)).toBe('a\nb cdclicke');
  });
});
