import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, getNextSnapshot, initialTransition, transition, waitFor } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { diagnosisMachine } from '../../machines/diagnosis.machine.ts';
import type { CollectorInput, DiagnosisEvent, ResolveApiInput, ResolveApiOutput, VerifyFixInput } from '../../machines/diagnosis-types.ts';
import type { ChangesFindings, CollectorResult, Evidence } from '../../src/core/evidence/types.ts';
import type { FixVerification } from '../../src/core/diagnosis/types.ts';
import { CASES, WINDOW } from '../fixtures/evidence-builders.ts';

const input = { ref: { apiId: 'a1b2c3d4e5', stage: 'prod', region: 'us-east-1' }, sinceMinutes: 60 };
type Case = keyof typeof CASES;

/** The machine with fake actors that answer from one evidence fixture, counting their runs. */
function fakeMachine(kind: Case, options: { verified?: boolean; gate?: Promise<void> } = {}) {
  const { api, evidence } = CASES[kind]();
  const runs = { resolveApi: 0, collectMetrics: 0, collectLogs: 0, collectChanges: 0, collectConfig: 0, verifyFix: 0 };
  const from = <K extends 'metrics' | 'logs' | 'changes' | 'config'>(key: K, name: keyof typeof runs) =>
    fromPromise<CollectorResult<NonNullable<Evidence[K]>>, CollectorInput>(async () => {
      runs[name]++;
      await options.gate;
      return { findings: evidence[key] as NonNullable<Evidence[K]>, missing: [] };
    });
  const machine = diagnosisMachine.provide({
    actors: {
      resolveApi: fromPromise<ResolveApiOutput, ResolveApiInput>(async () => {
        runs.resolveApi++;
        return { api, window: WINDOW };
      }),
      collectMetrics: from('metrics', 'collectMetrics'),
      collectLogs: from('logs', 'collectLogs'),
      collectChanges: from('changes', 'collectChanges'),
      collectConfig: from('config', 'collectConfig'),
      verifyFix: fromPromise<FixVerification, VerifyFixInput>(async () => {
        runs.verifyFix++;
        return {
          at: '2026-11-22T10:30:00Z',
          by: 'U2',
          verified: options.verified ?? true,
          errors5xxSinceFix: 0,
          requestsSinceFix: 900,
          baselineRate: 0,
          summary: 'no 5xx in the last 5 minutes',
        };
      }),
    },
  });
  return { machine, runs };
}

const settled = (s: { matches: (v: never) => boolean; status: string }) => s.status === 'done' || (s.matches as (v: string) => boolean)('verdict');

describe('diagnosis machine', () => {
  it.each(Object.keys(CASES) as Case[])('walks from resolving to verdict.%s', async (kind) => {
    const { machine, runs } = fakeMachine(kind);
    const actor = createActor(machine, { input }).start();
    const snap = await waitFor(actor, settled);
    expect(snap.value).toEqual({ verdict: kind });
    expect(snap.context.verdict?.cause).toBe(kind);
    expect(runs).toMatchObject({ resolveApi: 1, collectMetrics: 1, collectLogs: 1, collectChanges: 1, collectConfig: 1 });
  });

  it('records a collector failure as missing evidence and still reaches a verdict', async () => {
    const { machine } = fakeMachine('permission');
    const broken = machine.provide({
      actors: {
        collectChanges: fromPromise<CollectorResult<ChangesFindings>, CollectorInput>(async () => {
          throw new Error('socket hang up');
        }),
      },
    });
    const snap = await waitFor(createActor(broken, { input }).start(), settled);
    expect(snap.context.verdict?.cause).toBe('permission');
    expect(snap.context.evidence.missing).toEqual([{ source: 'changes', reason: 'the changes collector failed unexpectedly: socket hang up' }]);
  });

  it('ends in failed with a plain error when the API cannot be resolved', async () => {
    const { machine } = fakeMachine('timeout');
    const err = Object.assign(new Error('No REST or HTTP API with id a1b2c3d4e5'), { name: 'ApiNotFoundError', code: 'api_not_found' });
    const failing = machine.provide({
      actors: {
        resolveApi: fromPromise<ResolveApiOutput, ResolveApiInput>(async () => {
          throw err;
        }),
      },
    });
    const snap = await waitFor(createActor(failing, { input }).start(), (s) => s.status === 'done');
    expect(snap.value).toBe('failed');
    expect(snap.context.error).toEqual({ name: 'ApiNotFoundError', code: 'api_not_found', message: 'No REST or HTTP API with id a1b2c3d4e5' });
  });

  it('takes a checklist answer once and ignores a second press on the same step', async () => {
    const { machine } = fakeMachine('backend-error');
    const actor = createActor(machine, { input }).start();
    await waitFor(actor, settled);
    const press: DiagnosisEvent = { type: 'STEP_ANSWERED', step: 'direct-call', answer: 'fails-directly', by: 'U1', at: '2026-11-22T10:05:00Z' };
    actor.send(press);
    actor.send({ ...press, answer: 'works-directly', by: 'U2' });
    const snap = actor.getSnapshot();
    expect(snap.context.steps).toEqual([{ step: 'direct-call', answer: 'fails-directly', by: 'U1', at: '2026-11-22T10:05:00Z' }]);
    expect(snap.context.timeline.map((t) => t.what)).toEqual(['checklist direct-call: fails-directly']);
  });

  it('moves to the next hypothesis when the leader is ruled out', async () => {
    const { machine } = fakeMachine('network');
    const actor = createActor(machine, { input }).start();
    await waitFor(actor, settled);
    actor.send({ type: 'REJECT_HYPOTHESIS', cause: 'network', by: 'U1', at: '2026-11-22T10:06:00Z' });
    const snap = actor.getSnapshot();
    expect(snap.context.rejected).toEqual(['network']);
    expect(snap.value).not.toEqual({ verdict: 'network' });
  });

  it('closes the incident when the fix is verified, and weighs again when it is not', async () => {
    const ok = fakeMachine('timeout', { verified: true });
    const a = createActor(ok.machine, { input }).start();
    await waitFor(a, settled);
    a.send({ type: 'VERIFY_FIX', by: 'U2', at: '2026-11-22T10:30:00Z' });
    expect((await waitFor(a, (s) => s.status === 'done')).value).toBe('resolved');

    const notYet = fakeMachine('timeout', { verified: false });
    const b = createActor(notYet.machine, { input }).start();
    await waitFor(b, settled);
    b.send({ type: 'VERIFY_FIX', by: 'U2', at: '2026-11-22T10:30:00Z' });
    const snap = await waitFor(b, (s) => s.context.verification !== undefined && s.matches('verdict'));
    expect(snap.value).toEqual({ verdict: 'timeout' });
    expect(snap.context.timeline.at(-1)?.what).toMatch(/not verified/);
  });

  it('refuses a re-check or fix verification repeated within the window, and takes one after it', async () => {
    const { machine, runs } = fakeMachine('timeout', { verified: false });
    const actor = createActor(machine, { input }).start();
    await waitFor(actor, settled);
    actor.send({ type: 'RECHECK', by: 'U1', at: '2026-11-22T10:10:00Z' });
    const first = await waitFor(actor, (s) => s.context.runs === 2 && s.matches('verdict'));
    expect(first.context.timeline.at(-1)).toMatchObject({ kind: 'recheck-asked', by: 'U1' });

    // Assess: the guard, not the wording of the timeline, decides.
    expect(first.can({ type: 'RECHECK', by: 'U2', at: '2026-11-22T10:10:20Z' })).toBe(false);
    expect(first.can({ type: 'RECHECK', by: 'U2', at: '2026-11-22T10:10:31Z' })).toBe(true);
    expect(first.can({ type: 'VERIFY_FIX', by: 'U2', at: '2026-11-22T10:10:20Z' })).toBe(true);

    actor.send({ type: 'VERIFY_FIX', by: 'U2', at: '2026-11-22T10:20:00Z' });
    const checked = await waitFor(actor, (s) => s.context.verification !== undefined && s.matches('verdict'));
    expect(checked.context.timeline.slice(-2).map((t) => t.kind)).toEqual(['fix-verification-asked', 'fix-checked']);
    expect(checked.can({ type: 'VERIFY_FIX', by: 'U1', at: '2026-11-22T10:20:05Z' })).toBe(false);
    expect(runs.verifyFix).toBe(1);
  });

  it('re-collects every source on RECHECK', async () => {
    const { machine, runs } = fakeMachine('format');
    const actor = createActor(machine, { input }).start();
    await waitFor(actor, settled);
    actor.send({ type: 'RECHECK', by: 'U1', at: '2026-11-22T10:10:00Z' });
    const snap = await waitFor(actor, (s) => s.context.runs === 2 && s.matches('verdict'));
    expect(runs.collectLogs).toBe(2);
    expect(snap.context.verdict?.cause).toBe('format');
  });

  it('resumes from a persisted snapshot, re-running only the collectors still in flight', async () => {
    // Prepare: persist while collectors are blocked, as a process would be killed mid-collection.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = fakeMachine('permission', { gate });
    const actor = createActor(first.machine, { input }).start();
    await waitFor(actor, (s) => s.matches('collecting'));
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    actor.stop();
    release();

    // Act
    const second = fakeMachine('permission');
    const restored = createActor(second.machine, { input, snapshot: persisted }).start();
    const snap = await waitFor(restored, settled);

    // Assess
    expect(snap.context.verdict?.cause).toBe('permission');
    expect(second.runs.resolveApi).toBe(0);
    expect(second.runs.collectMetrics).toBe(1);
  });

  it('resumes a settled diagnosis and accepts the buttons pressed after the restart', async () => {
    const { machine } = fakeMachine('backend-error');
    const actor = createActor(machine, { input }).start();
    await waitFor(actor, settled);
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    const restored = createActor(machine, { input, snapshot: persisted }).start();
    restored.send({ type: 'STEP_ANSWERED', step: 'direct-call', answer: 'fails-directly', by: 'U1', at: '2026-11-22T10:05:00Z' });
    expect(restored.getSnapshot().context.steps).toHaveLength(1);
    expect(restored.getSnapshot().value).toEqual({ verdict: 'backend-error' });
  });
});

describe('diagnosis machine as a pure transition function', () => {
  const done = (id: string, output: unknown) => ({ type: `xstate.done.actor.${id}`, output }) as unknown as DiagnosisEvent;

  it('starts by resolving the API and queues no work itself', () => {
    const [snap, actions] = initialTransition(diagnosisMachine, input);
    expect(snap.value).toBe('resolving');
    expect(actions.map((a) => a.type)).toEqual(['xstate.spawnChild']);
  });

  it('reaches every verdict state through its evidence, found by path search', () => {
    // Each case's API carries the case name, so the collectors answer with that case's evidence.
    const cases = (Object.keys(CASES) as Case[]).map((kind) => {
      const { api, evidence } = CASES[kind]();
      return { kind, api: { ...api, name: kind }, evidence };
    });
    const stepEvents: DiagnosisEvent[] = [
      { type: 'STEP_ANSWERED', step: 'direct-call', answer: 'fails-directly', by: 'U1', at: '2026-11-22T10:05:00Z' },
      { type: 'REJECT_HYPOTHESIS', cause: 'network', by: 'U1', at: '2026-11-22T10:06:00Z' },
      { type: 'VERIFY_FIX', by: 'U2', at: '2026-11-22T10:30:00Z' },
      done('verifyFix', { at: '2026-11-22T10:30:00Z', verified: true, errors5xxSinceFix: 0, requestsSinceFix: 10, baselineRate: 0, summary: 'ok' }),
    ];
    const paths = getShortestPaths(diagnosisMachine, {
      input,
      events: (snapshot) => {
        const current = cases.find((c) => c.kind === snapshot.context.api?.name);
        if (!current) return cases.map((c) => done('resolveApi', { api: c.api, window: WINDOW }));
        const collected = (['collectMetrics', 'collectLogs', 'collectChanges', 'collectConfig', 'collectFunctionLogs'] as const).map((id, i) =>
          done(id, { findings: current.evidence[(['metrics', 'logs', 'changes', 'config', 'functionLogs'] as const)[i]!] ?? null, missing: [] }),
        );
        return [...collected, ...stepEvents];
      },
      serializeState: (s) =>
        JSON.stringify([s.value, s.context.api?.name ?? null, s.context.verdict?.cause ?? null, s.context.steps.length, s.context.rejected]),
      limit: 20_000,
    });
    const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));
    for (const cause of ['timeout', 'network', 'permission', 'format', 'backend-error', 'none', 'inconclusive']) {
      expect(reached, `verdict.${cause}`).toContain(JSON.stringify({ verdict: cause }));
    }
    expect(reached).toContain(JSON.stringify('resolved'));
    // Ruling out the network cause in the network incident must land on another verdict.
    const afterReject = paths.filter((p) => p.state.context.api?.name === 'network' && p.state.context.rejected.includes('network'));
    expect(afterReject.length).toBeGreaterThan(0);
    for (const p of afterReject) expect(p.state.value).not.toEqual({ verdict: 'network' });
  });

  it('does not leave the verdict for a stale step answer', () => {
    const { api, evidence } = CASES.timeout();
    let snap = initialTransition(diagnosisMachine, input)[0];
    snap = getNextSnapshot(diagnosisMachine, snap, done('resolveApi', { api, window: WINDOW }));
    for (const [id, key] of [
      ['collectMetrics', 'metrics'],
      ['collectLogs', 'logs'],
      ['collectChanges', 'changes'],
      ['collectConfig', 'config'],
      ['collectFunctionLogs', 'functionLogs'],
    ] as const) {
      snap = getNextSnapshot(diagnosisMachine, snap, done(id, { findings: evidence[key] ?? null, missing: [] }));
    }
    expect(snap.value).toEqual({ verdict: 'timeout' });
    // mapping-templates is not applicable to a proxy integration: pressing it changes nothing.
    const [after, actions] = transition(diagnosisMachine, snap, {
      type: 'STEP_ANSWERED',
      step: 'mapping-templates',
      answer: 'templates-ok',
      by: 'U1',
      at: '2026-11-22T10:05:00Z',
    });
    expect(after.context.steps).toHaveLength(0);
    expect(actions).toHaveLength(0);
  });
});
