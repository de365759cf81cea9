import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIAGNOSIS_MACHINE_VERSION } from '../../../machines/diagnosis.machine.ts';
import type { DiagnosisContext, DiagnosisEvent } from '../../../machines/diagnosis-types.ts';
import { loadRunbook } from '../../../src/adapters/config/load-runbook.ts';
import type { StartDiagnosisRequest } from '../../../src/adapters/jobs/bot-job.ts';
import { DiagnosisService } from '../../../src/apps/runtime/diagnosis-service.ts';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../../../src/tools/slack-web-api/start-local-slack-web-api.ts';
import { MemoryStateStore } from '../../../src/adapters/store/memory-state-store.ts';
import type { StateStore } from '../../../src/adapters/store/state-store.ts';
import type { Evidence } from '../../../src/core/evidence/types.ts';
import { logClass, logs } from '../../fixtures/evidence-builders.ts';
import { fakeDiagnosisLogic, type FakeCase } from './fake-diagnosis-logic.ts';

const TOKEN = 'xoxb-runtime-test';
const logger = pino({ level: 'silent' });
const runbook = await loadRunbook();

let slack: LocalSlackWebApi;
let client: WebClient;
beforeEach(async () => {
  slack = await startLocalSlackWebApi({ tokens: [TOKEN], channelsWithoutBot: ['C0PRIVATE'] });
  client = new WebClient(TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
});
afterEach(async () => slack.close());

function service(store: StateStore, kind: FakeCase = 'backend-error', evidence?: Partial<Evidence>) {
  const fake = fakeDiagnosisLogic(kind, evidence ? { evidence } : {});
  return { svc: new DiagnosisService({ store, slack: client, logic: fake.logic, runbook, logger }), runs: fake.runs };
}

let n = 0;
function request(overrides: Partial<StartDiagnosisRequest> = {}): StartDiagnosisRequest {
  n += 1;
  return {
    ref: { apiId: 'a1b2c3d4e5', stage: 'prod', region: 'us-east-1' },
    channel: 'C0INCIDENT',
    requestedBy: 'U0ALICE',
    requestedAt: '2026-11-22T10:00:00.000Z',
    dedupKey: `test-${n}`,
    ...overrides,
  };
}

async function started(svc: DiagnosisService): Promise<string> {
  const outcome = await svc.start(request());
  if (outcome.status !== 'started') throw new Error(`not started: ${outcome.status}`);
  return outcome.diagnosisId;
}

const contextOf = async (store: StateStore, id: string) => ((await store.get(id))!.snapshot as { context: DiagnosisContext }).context;
const press = (step: 'direct-call' | 'tracing', answer: 'fails-directly' | 'fails-in-backend' | 'works-directly', by: string): DiagnosisEvent => ({
  type: 'STEP_ANSWERED',
  step,
  answer,
  by,
  at: '2026-11-22T10:05:00.000Z',
});

/** Lets every reader of one version wait for the others, so two "processes" surely collide. */
function collidingStore(inner: StateStore, readers: number): StateStore & { conflicts: number } {
  let waiting: Array<() => void> = [];
  let armed = true;
  const wrapper = Object.create(inner) as StateStore & { conflicts: number };
  wrapper.conflicts = 0;
  wrapper.get = async (id) => {
    const record = await inner.get(id);
    if (armed) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === readers) {
          armed = false;
          for (const wake of waiting) wake();
          waiting = [];
        }
      });
    }
    return record;
  };
  wrapper.update = async (id, version, patch) => {
    const result = await inner.update(id, version, patch);
    if (!result.ok && result.reason === 'conflict') wrapper.conflicts += 1;
    return result;
  };
  return wrapper;
}

describe('DiagnosisService', () => {
  it('runs a new diagnosis to its verdict and posts parent, plan, evidence, verdict, chart and both steps', async () => {
    // Prepare
    const store = new MemoryStateStore();
    const { svc, runs } = service(store);
    // Act
    const id = await started(svc);
    // Assess
    const record = (await store.get(id))!;
    expect(record).toMatchObject({ open: true, machineVersion: DIAGNOSIS_MACHINE_VERSION });
    expect(Object.keys(record.messages).sort()).toEqual(['chart:run-1', 'checklist:direct-call', 'checklist:tracing', 'evidence', 'plan:run-1', 'verdict']);
    expect(runs).toEqual({ resolveApi: 1, collectors: 4, verifyFix: 0 });
    const thread = slack.state.thread('C0INCIDENT', record.parentTs!);
    expect(thread.map((m) => m.ts)).toEqual(
      expect.arrayContaining([
        record.messages['evidence'],
        record.messages['verdict'],
        record.messages['checklist:direct-call'],
        record.messages['checklist:tracing'],
      ]),
    );
    expect(slack.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it('attaches the full evidence as a file when the message had to be shortened', async () => {
    // Prepare: more log classes, with longer samples, than the evidence message shows.
    const categories = [
      'function-error',
      'integration-timeout',
      'function-timeout',
      'permission',
      'malformed-proxy-response',
      'lambda-throttle',
      'network',
      'tls',
      'mapping-template',
      'other-5xx',
    ] as const;
    const many = logs(categories.map((c, i) => logClass(c, 100 - i, `(req-${i}) Execution failed: ${c} ${'detail '.repeat(60)}`)));
    const store = new MemoryStateStore();
    const { svc } = service(store, 'backend-error', { logs: many });
    // Act
    const id = await started(svc);
    // Assess
    const record = (await store.get(id))!;
    expect(record.messages['evidence-file:run-1']).toMatch(/^F/);
    const file = slack.state
      .thread('C0INCIDENT', record.parentTs!)
      .flatMap((m) => m.files)
      .find((f) => f.name.endsWith('.txt'));
    const text = file?.bytes?.toString('utf8') ?? '';
    for (const c of categories) expect(text).toContain(c);
    expect(JSON.stringify(slack.state.find('C0INCIDENT', record.messages['evidence']!)?.blocks)).toContain('attached as a file');
  });

  it('refuses a second start with the same dedup key', async () => {
    const store = new MemoryStateStore();
    const { svc, runs } = service(store);
    const req = request();
    const [a, b] = await Promise.all([svc.start(req), svc.start(req)]);
    expect([a.status, b.status].sort()).toEqual(['duplicate', 'started']);
    expect(runs.resolveApi).toBe(1);
    expect(slack.state.topLevel('C0INCIDENT')).toHaveLength(1);
  });

  it('tells the requester when it cannot post in the channel, and calls no AWS', async () => {
    const store = new MemoryStateStore();
    const { svc, runs } = service(store);
    const outcome = await svc.start(request({ channel: 'C0PRIVATE', responseUrl: slack.responseUrl('C0PRIVATE', 'U0ALICE') }));
    expect(outcome).toEqual({ status: 'not_posted', error: 'not_in_channel', transient: false });
    expect(runs.resolveApi).toBe(0);
    expect(slack.state.ephemeral('U0ALICE')[0]?.text).toMatch(/Invite me first/);
    expect(await store.listOpen()).toEqual([]);
  });

  it('keeps both presses when two processes apply them at the same time (compare-and-set, reload, retry)', async () => {
    // Prepare: one diagnosis, then two services ("processes") that share only the store.
    const memory = new MemoryStateStore();
    const id = await started(service(memory).svc);
    const store = collidingStore(memory, 2);
    const one = service(store).svc;
    const two = service(store).svc;
    // Act
    const [a, b] = await Promise.all([
      one.applyEvent(id, press('direct-call', 'fails-directly', 'U0ALICE')),
      two.applyEvent(id, press('tracing', 'fails-in-backend', 'U0BOB')),
    ]);
    // Assess
    expect([a.status, b.status]).toEqual(['applied', 'applied']);
    expect(store.conflicts).toBeGreaterThan(0);
    const steps = (await contextOf(memory, id)).steps.map((s) => `${s.step}:${s.by}`).sort();
    expect(steps).toEqual(['direct-call:U0ALICE', 'tracing:U0BOB']);
  });

  it('serializes presses inside one process and ignores a second answer to the same step', async () => {
    const store = new MemoryStateStore();
    const { svc } = service(store);
    const id = await started(svc);
    const [first, second] = await Promise.all([
      svc.applyEvent(id, press('direct-call', 'fails-directly', 'U0ALICE')),
      svc.applyEvent(id, press('direct-call', 'works-directly', 'U0BOB')),
    ]);
    expect(first.status).toBe('applied');
    expect(second).toEqual({ status: 'ignored', note: 'This step was already answered: <@U0ALICE> answered "fails-directly" at 2026-11-22T10:05:00.000Z.' });
    expect((await contextOf(store, id)).steps).toHaveLength(1);
  });

  it('joins a second "Re-check" pressed moments after the first instead of running twice', async () => {
    const store = new MemoryStateStore();
    const { svc, runs } = service(store);
    const id = await started(svc);
    const recheck = (by: string, at: string): DiagnosisEvent => ({ type: 'RECHECK', by, at });
    const [a, b] = await Promise.all([
      svc.applyEvent(id, recheck('U0ALICE', '2026-11-22T10:10:00.000Z')),
      svc.applyEvent(id, recheck('U0BOB', '2026-11-22T10:10:02.000Z')),
    ]);
    expect(a.status).toBe('applied');
    expect(b).toMatchObject({ status: 'ignored', note: expect.stringMatching(/<@U0ALICE> asked for a re-check moments before you/) });
    expect(runs.resolveApi).toBe(2);
    // A second chart for the second run of the evidence.
    expect(Object.keys((await store.get(id))!.messages)).toEqual(expect.arrayContaining(['chart:run-1', 'chart:run-2']));
    // Much later, a re-check runs again.
    expect((await svc.applyEvent(id, recheck('U0BOB', '2026-11-22T10:20:00.000Z'))).status).toBe('applied');
    expect(runs.resolveApi).toBe(3);
  });

  it('does not re-send messages whose content did not change', async () => {
    const store = new MemoryStateStore();
    const { svc } = service(store);
    const id = await started(svc);
    const calls = slack.calls.length;
    // Resuming a settled diagnosis saves it again (a new version, so new button values) and
    // re-renders every message, but none of them shows anything new.
    await svc.resume(id);
    expect((await store.get(id))!.version).toBeGreaterThan(1);
    expect(slack.calls.slice(calls)).toEqual([]);
  });

  it('closes diagnoses written by another machine version at start-up, with a note in the thread', async () => {
    const store = new MemoryStateStore();
    const { svc } = service(store);
    const id = await started(svc);
    const record = (await store.get(id))!;
    await store.update(id, record.version, { machineVersion: 0 });
    expect(await svc.findResumable()).toEqual([]);
    expect((await store.get(id))!.open).toBe(false);
    expect(slack.state.thread('C0INCIDENT', record.parentTs!).at(-1)?.text).toMatch(/bot was upgraded/);
  });

  // Issue 11, finding 5: a machine-version bump posted a note into every old thread, however old.
  it('leaves dormant diagnoses alone at start-up: no resume, and no upgrade note in their threads', async () => {
    // Prepare
    let t = Date.parse('2026-11-22T10:00:00.000Z');
    const store = new MemoryStateStore(() => new Date(t));
    const { svc } = service(store);
    const oldVersion = await started(svc);
    const cutShort = await started(svc);
    await store.update(oldVersion, (await store.get(oldVersion))!.version, { machineVersion: 0 });
    await store.update(cutShort, (await store.get(cutShort))!.version, { messages: { verdict: '' } });
    const parentTs = (await store.get(oldVersion))!.parentTs!;
    const calls = slack.calls.length;
    t += 24 * 3_600_000;
    // Act
    const resumable = await svc.findResumable();
    // Assess
    expect(resumable).toEqual([]);
    expect(slack.calls.slice(calls)).toEqual([]);
    expect((await store.get(oldVersion))!.open).toBe(true);
    expect(slack.state.thread('C0INCIDENT', parentTs).some((m) => /bot was upgraded/.test(m.text ?? ''))).toBe(false);
  });

  it('answers a press on a dormant diagnosis, which makes it active again', async () => {
    // Prepare
    let t = Date.parse('2026-11-22T10:00:00.000Z');
    const store = new MemoryStateStore(() => new Date(t));
    const { svc } = service(store);
    const id = await started(svc);
    t += 3 * 24 * 3_600_000;
    const dormant = await store.listOpen();
    const calls = slack.calls.length;
    // Act
    const outcome = await svc.applyEvent(id, press('tracing', 'fails-in-backend', 'U0BOB'));
    // Assess: the press is applied and the thread shows it (its messages are updated or added to).
    expect(dormant).toEqual([]);
    expect(outcome.status).toBe('applied');
    expect(slack.calls.slice(calls).filter((c) => c.ok && /chat\.(update|postMessage)$/.test(c.method)).length).toBeGreaterThan(0);
    expect((await contextOf(store, id)).steps).toHaveLength(1);
    expect((await store.listOpen()).map((r) => r.id)).toEqual([id]);
  });

  it('lists PagerDuty incidents in the parent and keeps them through later updates', async () => {
    // Prepare
    const store = new MemoryStateStore();
    const { svc } = service(store);
    let createdId = '';
    const outcome = await svc.start(
      request({ requestedBy: 'PagerDuty', incidents: [{ id: 'PINC1', number: 41, title: '5xx on orders', status: 'triggered' }] }),
      {
        onCreated: (id) => (createdId = id),
      },
    );
    const id = outcome.status === 'started' ? outcome.diagnosisId : '';
    const parentOf = async () => slack.state.find('C0INCIDENT', (await store.get(id))!.parentTs!)!;
    // Assess: the id came before the verdict, and the incident shows from the first message on.
    expect(createdId).toBe(id);
    expect(JSON.stringify((await parentOf()).edits[0]?.blocks)).toContain('5xx on orders');
    // Act: the incident is acknowledged, then someone answers a step.
    await svc.showIncidents(id, [{ id: 'PINC1', number: 41, title: '5xx on orders', status: 'acknowledged' }]);
    await svc.applyEvent(id, press('tracing', 'fails-in-backend', 'U0BOB'));
    // Assess
    expect(JSON.stringify((await parentOf()).blocks)).toContain('acknowledged');
    expect((await store.get(id))!.incidents).toEqual([{ id: 'PINC1', number: 41, title: '5xx on orders', status: 'acknowledged' }]);
  });

  it('reports an unknown diagnosis as not found', async () => {
    const { svc } = service(new MemoryStateStore());
    expect((await svc.applyEvent('nope', press('tracing', 'fails-in-backend', 'U0BOB'))).status).toBe('not_found');
  });
});
