/**
 * The live plan end to end: with streaming, each run's steps are streamed into the thread as
 * task updates (chat.startStream / appendStream / stopStream) for the person who asked; when the
 * stand-in answers `unknown_method`, the bot falls back to one plan message edited in place and
 * stops trying to stream for the rest of the process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diagnoseAndRead, startBotHarness, textOf, type BotHarness } from '../../helpers/slack/bot-harness.ts';

const TIMEOUT_API = 'k7x2m9q4ta';
const NETWORK_API = 'n3w8v5l2kb';
const STREAM_METHODS = ['chat.startStream', 'chat.appendStream', 'chat.stopStream'];

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the live plan of a run', { timeout: 60_000 }, () => {
  it('streams each step with its figure to the person who asked, then stops the stream', async () => {
    // Prepare
    h = await startBotHarness();
    // Act
    const thread = await diagnoseAndRead(h, TIMEOUT_API);
    // Assess
    const streamed = thread.filter((m) => m.via === 'chat.startStream');
    expect(streamed).toHaveLength(1);
    const stream = streamed[0]!.stream!;
    expect(stream).toMatchObject({ state: 'stopped', recipientUserId: 'U0ALICE', recipientTeamId: 'T0LOCAL01', taskDisplayMode: 'plan' });
    expect(stream.planTitle).toBe('Diagnosing orders-api prod over the last 60 min');
    expect(stream.tasks.map((t) => [t.id, t.status])).toEqual([
      ['resolve', 'complete'],
      ['metrics', 'complete'],
      ['logs', 'complete'],
      ['changes', 'complete'],
      ['config', 'complete'],
      ['weigh', 'complete'],
    ]);
    expect(stream.tasks.find((t) => t.id === 'metrics')?.output).toMatch(/^[\d,]+ 5xx of [\d,]+ requests/);
    expect(stream.tasks.find((t) => t.id === 'weigh')?.output).toMatch(/^timeout/);
    expect(stream.appends).toBeGreaterThan(0);
    // The plan comes first in the thread, before the evidence and the verdict.
    expect(thread[0]?.via).toBe('chat.startStream');
    expect(thread.some((m) => m.text.startsWith('Verdict for'))).toBe(true);
    expect(h.slack.calls.filter((c) => STREAM_METHODS.includes(c.method)).every((c) => c.ok)).toBe(true);
  });

  it('falls back to a plan message edited in place on unknown_method, and remembers it for the process', async () => {
    // Prepare
    h = await startBotHarness({ slack: { unsupportedMethods: STREAM_METHODS } });
    // Act
    const first = await diagnoseAndRead(h, TIMEOUT_API);
    const second = await diagnoseAndRead(h, NETWORK_API);
    // Assess
    const tries = h.slack.calls.filter((c) => c.method === 'chat.startStream');
    expect(tries).toHaveLength(1);
    expect(tries[0]).toMatchObject({ ok: false, error: 'unknown_method' });
    for (const [thread, cause] of [
      [first, 'timeout'],
      [second, 'network'],
    ] as const) {
      const plan = thread.find((m) => m.text.includes('steps done'))!;
      expect(plan.via).toBe('chat.postMessage');
      expect(plan.text).toMatch(/Diagnosing .+ over the last 60 min: 6 of 6 steps done/);
      expect(plan.edits.length).toBeGreaterThan(0);
      expect(textOf(plan)).toMatch(new RegExp(`✅ Weigh the evidence · ${cause}`));
      expect(thread.some((m) => m.text.startsWith('Verdict for'))).toBe(true);
    }
    expect(h.slack.state.messages().some((m) => m.via === 'chat.startStream')).toBe(false);
  });
});
