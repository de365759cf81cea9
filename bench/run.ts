/** `npm run bench`: prints every benchmark's figures. Targets are stated next to each figure. */
import { benchDiagnosis } from './diagnosis-bench.ts';

const d = await benchDiagnosis();
console.log(`diagnosis (${d.scenario}, REST + Lambda, ${d.latencyMs} ms injected per AWS call, median of ${d.runs})`);
console.log(`  collectors at once:        ${d.concurrent.medianMs} ms (${d.concurrent.roundTrips} round trips), ${d.concurrent.calls} AWS calls, verdict ${d.concurrent.cause}`);
console.log(`  collectors one at a time:  ${d.oneAtATime.medianMs} ms (${d.oneAtATime.roundTrips} round trips), ${d.oneAtATime.calls} AWS calls, verdict ${d.oneAtATime.cause}`);
console.log(`  speed-up: ${(d.oneAtATime.medianMs / d.concurrent.medianMs).toFixed(2)}x   targets: about 4 round trips (~0.5 s), at most ~15 AWS calls`);
