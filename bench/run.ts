/**
 * `npm run bench`: prints every benchmark's figures next to its target. The machine is shared and
 * noisy, so compare figures from one run (the ratios) rather than across runs.
 */
import { benchDiagnosis } from './diagnosis-bench.ts';
import { benchLambda } from './lambda-bench.ts';
import { benchPagerDutyStorm } from './pagerduty-storm-bench.ts';
import { benchScan } from './scan-bench.ts';
import { benchSlack } from './slack-bench.ts';

const only = process.argv[2];
const want = (name: string) => !only || only === name;
const ms = (n: number) => `${Math.round(n)} ms`;

if (want('diagnosis')) {
  const d = await benchDiagnosis();
  console.log(`diagnosis (${d.scenario}, REST + Lambda, ${d.latencyMs} ms injected per AWS call, median of ${d.runs})`);
  console.log(
    `  collectors at once:        ${ms(d.concurrent.medianMs)} (${d.concurrent.roundTrips} latencies, ${d.concurrent.chained} chained round trips), ${d.concurrent.calls} AWS calls, verdict ${d.concurrent.cause}`,
  );
  console.log(
    `  collectors one at a time:  ${ms(d.oneAtATime.medianMs)} (${d.oneAtATime.roundTrips} latencies, ${d.oneAtATime.chained} chained round trips), ${d.oneAtATime.calls} AWS calls, verdict ${d.oneAtATime.cause}`,
  );
  console.log(`  speed-up ${(d.oneAtATime.medianMs / d.concurrent.medianMs).toFixed(2)}x · target: about 4 round trips (~0.5 s), at most ~15 AWS calls`);
}
if (want('slack')) {
  const s = await benchSlack();
  console.log(`slack (${s.n} signed /diagnose-502 commands against the simulated account)`);
  console.log(`  command → HTTP 200:        p50 ${s.ackP50.toFixed(1)} ms · p99 ${s.ackP99.toFixed(1)} ms · target p99 < 100 ms`);
  console.log(`  command → verdict posted:  p50 ${ms(s.verdictP50)} · p99 ${ms(s.verdictP99)}`);
}
if (want('lambda')) {
  const l = await benchLambda();
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;
  console.log('lambda (esbuild bundles, as packaged for serverless.yml)');
  console.log(
    `  ingress bundle ${mb(l.ingressBundleBytes)} (zip ${mb(l.ingressZipBytes)}) · worker bundle ${mb(l.workerBundleBytes)} (zip ${mb(l.workerZipBytes)}) · target ingress < 2 MB`,
  );
  console.log(`  ingress cold init ${ms(l.coldInitMs)} · first ack after cold start ${ms(l.coldFirstAckMs)} · target init < 300 ms`);
  console.log(`  warm ack p50 ${l.warmAckP50Ms.toFixed(1)} ms · p99 ${l.warmAckP99Ms.toFixed(1)} ms`);
}
if (want('pagerduty')) {
  const p = await benchPagerDutyStorm();
  console.log(`pagerduty storm (${p.incidents} signed incidents in 10 s across ${p.apis} APIs of one account, 100 ms per AWS call, CloudTrail at 2 calls/s)`);
  console.log(
    `  last verdict after ${ms(p.timeToLastVerdictMs)} · ${p.threads} threads · ${p.awsCalls} AWS calls · ${p.throttlingErrors} throttling errors · ${p.failedDiagnoses} failed diagnoses`,
  );
  console.log('  target: every thread has its verdict within 60 s, no failed diagnosis');
}
if (want('scan')) {
  const s = await benchScan();
  const ops = Object.entries(s.byOperation)
    .map(([op, n]) => `${op} ×${n}`)
    .join(', ');
  console.log(`scan (${s.apis} REST + HTTP APIs over ${s.regions} regions, ${s.failing} failing, ${s.latencyMs} ms per AWS call)`);
  console.log(`  one scan: ${s.roundTrips} round trips · ${s.calls} AWS calls (${ops}) · ${ms(s.elapsedMs)} · ${s.found} failing stages listed`);
  console.log('  target: at most 3 round trips and 10 AWS calls, whatever the number of APIs');
}
