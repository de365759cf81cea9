/**
 * Round trips counted from the calls themselves, not from the clock: a call that starts after an
 * earlier one has answered waited for it (or for something after it), so it opens the next round
 * trip. Unlike elapsed time / injected latency, this does not grow when the simulator, which
 * shares the process, spends CPU building its answers.
 */
import type { SimCall } from '../src/tools/sim/start-simulated-aws.ts';

/** The longest chain of calls where each started after the previous one had answered. */
export function countRoundTrips(calls: readonly SimCall[]): number {
  const spans = calls.map((c) => ({ start: Date.parse(c.at), end: Date.parse(c.at) + c.durationMs })).sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  spans.forEach((span, i) => {
    let before = 0;
    // 1 ms of slack: `at` is rounded to the millisecond.
    for (let j = 0; j < i; j++) if (spans[j]!.end <= span.start + 1) before = Math.max(before, depth[j]!);
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}
