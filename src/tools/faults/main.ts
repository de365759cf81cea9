/**
 * `npm run faults`: the whole fault suite (a 30 s Slack outage, 50 diagnoses under SIGKILL, 200
 * hostile inputs); `-- --quick` is the short run that `npm test` also makes. Exits 1 unless every
 * count is zero. FAULTS_VERBOSE=1 also lists every thread and the text around any raw mention.
 */
import { FULL_RUN, QUICK_RUN, runFaults, summaryLine } from './run-faults.ts';

const options = process.argv.includes('--quick') ? QUICK_RUN : FULL_RUN;
const started = performance.now();
const report = await runFaults({ ...options, log: (line) => process.stdout.write(`${line}\n`) });
for (const failure of report.failures) process.stdout.write(`failed: ${failure}\n`);
process.stdout.write(`(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
process.stdout.write(`${summaryLine(report)}\n`);
const clean = report.lost + report.duplicateThreads + report.rawMentions + report.unauthorizedStarts + report.failures.length === 0;
process.exitCode = clean ? 0 : 1;
