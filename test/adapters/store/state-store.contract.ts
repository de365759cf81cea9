/**
 * The behaviour every StateStore must have, as one suite run against each implementation
 * (memory, SQLite here; DynamoDB on Lambda). Not a test file itself: call runStateStoreContract.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NewDiagnosisRecord, RetentionSettings, StateStore } from '../../../src/adapters/store/state-store.ts';
import { DuplicateRecordError } from '../../../src/adapters/store/state-store.ts';

export interface ContractClock {
  now: () => Date;
  advance(ms: number): void;
}

/** Shorter than the defaults, so the suite proves each store honours the settings it is given. */
export const CONTRACT_RETENTION: RetentionSettings = { dormantAfterMs: 60 * 60_000, expireAfterMs: 48 * 60 * 60_000 };

export type StateStoreFactory = (clock: ContractClock, retention: RetentionSettings) => StateStore | Promise<StateStore>;

export function newRecord(overrides: Partial<NewDiagnosisRecord> = {}): NewDiagnosisRecord {
  return {
    id: 'diag-1',
    ref: { apiId: 'a1b2c3d4e5', stage: 'prod', region: 'eu-west-1' },
    channel: 'C0INCIDENT',
    messages: {},
    requestedBy: 'U0ALICE',
    requestedAt: '2026-11-22T10:00:00.000Z',
    machineVersion: 1,
    snapshot: { status: 'active', value: 'resolving', context: { runs: 0, nested: { list: [1, 'two', null] } } },
    open: true,
    ...overrides,
  };
}

function manualClock(start = Date.parse('2026-11-22T10:00:00.000Z')): ContractClock {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
}

export function runStateStoreContract(name: string, factory: StateStoreFactory): void {
  describe(`StateStore contract: ${name}`, () => {
    let store: StateStore | undefined;
    let clock: ContractClock;
    const open = async () => {
      clock = manualClock();
      store = await factory(clock, CONTRACT_RETENTION);
      return store;
    };
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('creates a record at version 1 and reads it back unchanged', async () => {
      // Prepare
      const s = await open();
      // Act
      const created = await s.create(newRecord());
      const read = await s.get('diag-1');
      // Assess
      expect(created).toEqual({ ...newRecord(), version: 1, updatedAt: '2026-11-22T10:00:00.000Z' });
      expect(read).toEqual(created);
    });

    it('returns null for an unknown id', async () => {
      const s = await open();
      expect(await s.get('nope')).toBeNull();
    });

    it('refuses a second record with the same id', async () => {
      const s = await open();
      await s.create(newRecord());
      await expect(s.create(newRecord({ channel: 'C0OTHER' }))).rejects.toBeInstanceOf(DuplicateRecordError);
      expect((await s.get('diag-1'))?.channel).toBe('C0INCIDENT');
    });

    it('applies a patch at the expected version, bumps the version and merges messages', async () => {
      const s = await open();
      await s.create(newRecord({ messages: { evidence: '1700000000.000100' } }));
      clock.advance(5_000);
      const first = await s.update('diag-1', 1, { parentTs: '1700000000.000001', threadTs: '1700000000.000001', messages: { verdict: '1700000000.000200' } });
      const second = await s.update('diag-1', 2, { snapshot: { status: 'active', value: { verdict: 'timeout' } }, open: false });
      expect(first).toMatchObject({ ok: true, record: { version: 2 } });
      expect(second.ok).toBe(true);
      const read = await s.get('diag-1');
      expect(read).toMatchObject({
        version: 3,
        parentTs: '1700000000.000001',
        threadTs: '1700000000.000001',
        messages: { evidence: '1700000000.000100', verdict: '1700000000.000200' },
        snapshot: { status: 'active', value: { verdict: 'timeout' } },
        open: false,
        updatedAt: '2026-11-22T10:00:05.000Z',
        requestedBy: 'U0ALICE',
      });
      expect(second.ok && second.record).toEqual(read);
    });

    it('keeps the incidents a diagnosis belongs to, replacing the list on update', async () => {
      const s = await open();
      await s.create(newRecord({ incidents: [{ id: 'PINC1', number: 41, title: '5xx on orders', status: 'triggered' }] }));
      expect((await s.get('diag-1'))?.incidents).toEqual([{ id: 'PINC1', number: 41, title: '5xx on orders', status: 'triggered' }]);
      const list = [
        { id: 'PINC1', number: 41, title: '5xx on orders', status: 'acknowledged' },
        { id: 'PINC2', title: 'latency', url: 'https://example.pagerduty.com/incidents/PINC2' },
      ];
      await s.update('diag-1', 1, { incidents: list });
      expect((await s.get('diag-1'))?.incidents).toEqual(list);
    });

    it('leaves fields alone when a patch leaves them out', async () => {
      const s = await open();
      await s.create(newRecord({ parentTs: '1.1' }));
      await s.update('diag-1', 1, { open: false });
      expect(await s.get('diag-1')).toMatchObject({ parentTs: '1.1', snapshot: newRecord().snapshot, open: false });
    });

    it('reports a conflict on a stale version and changes nothing', async () => {
      const s = await open();
      await s.create(newRecord());
      await s.update('diag-1', 1, { open: true });
      const stale = await s.update('diag-1', 1, { open: false, messages: { verdict: '9.9' } });
      expect(stale).toEqual({ ok: false, reason: 'conflict' });
      expect(await s.get('diag-1')).toMatchObject({ version: 2, open: true, messages: {} });
    });

    it('reports not_found when updating an unknown id', async () => {
      const s = await open();
      expect(await s.update('ghost', 1, { open: false })).toEqual({ ok: false, reason: 'not_found' });
    });

    it('lets exactly one of several concurrent writers at the same version win', async () => {
      const s = await open();
      await s.create(newRecord());
      const results = await Promise.all(['a', 'b', 'c', 'd'].map((k) => s.update('diag-1', 1, { messages: { [k]: k } })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([
        { ok: false, reason: 'conflict' },
        { ok: false, reason: 'conflict' },
        { ok: false, reason: 'conflict' },
      ]);
      expect((await s.get('diag-1'))?.version).toBe(2);
    });

    it('keeps both writes when the loser reloads and retries (no lost update)', async () => {
      const s = await open();
      await s.create(newRecord());
      const readByA = (await s.get('diag-1'))!;
      const readByB = (await s.get('diag-1'))!;
      expect((await s.update('diag-1', readByA.version, { messages: { 'checklist:direct-call': '1.1' } })).ok).toBe(true);
      expect((await s.update('diag-1', readByB.version, { messages: { 'checklist:tracing': '2.2' } })).ok).toBe(false);
      const reloaded = (await s.get('diag-1'))!;
      expect((await s.update('diag-1', reloaded.version, { messages: { 'checklist:tracing': '2.2' } })).ok).toBe(true);
      expect((await s.get('diag-1'))?.messages).toEqual({ 'checklist:direct-call': '1.1', 'checklist:tracing': '2.2' });
    });

    it('hands out copies: mutating a returned record does not change the store', async () => {
      const s = await open();
      const created = await s.create(newRecord());
      created.messages['evil'] = 'x';
      (created.snapshot as { status: string }).status = 'mutated';
      const read = (await s.get('diag-1'))!;
      read.ref.stage = 'mutated';
      expect(await s.get('diag-1')).toMatchObject({ messages: {}, snapshot: { status: 'active' }, ref: { stage: 'prod' } });
    });

    it('round-trips a large snapshot with unicode text', async () => {
      const s = await open();
      const big = { lines: Array.from({ length: 2_000 }, (_, i) => `Execution failed due to configuration error: ☃ line ${i} ${'x'.repeat(200)}`) };
      await s.create(newRecord({ snapshot: big }));
      expect((await s.get('diag-1'))?.snapshot).toEqual(big);
    });

    it('lists open records only, oldest request first', async () => {
      const s = await open();
      await s.create(newRecord({ id: 'late', requestedAt: '2026-11-22T11:00:00.000Z' }));
      await s.create(newRecord({ id: 'early', requestedAt: '2026-11-22T09:00:00.000Z' }));
      await s.create(newRecord({ id: 'closed', open: false }));
      await s.create(newRecord({ id: 'closing' }));
      await s.update('closing', 1, { open: false });
      expect((await s.listOpen()).map((r) => r.id)).toEqual(['early', 'late']);
    });

    // Issue 11, finding 5: diagnoses left at a verdict stayed open, and were resumed, forever.
    it('leaves dormant diagnoses out of the open list, keeps them readable, and wakes one on its next write', async () => {
      // Prepare
      const s = await open();
      await s.create(newRecord({ id: 'idle', requestedAt: '2026-11-22T09:00:00.000Z' }));
      await s.create(newRecord({ id: 'busy', requestedAt: '2026-11-22T09:30:00.000Z', threadTs: '1700000000.000300' }));
      await s.create(newRecord({ id: 'settled-idle', threadTs: '1700000000.000400' }));
      clock.advance(CONTRACT_RETENTION.dormantAfterMs - 1_000);
      await s.update('busy', 1, { messages: { verdict: '1.1' } });
      // Act
      const justBefore = await s.listOpen();
      clock.advance(1_000);
      const atDormancy = await s.listOpen();
      const sweptAgain = await s.listOpen();
      const dormant = await s.get('settled-idle');
      const byThread = await s.findByThread('C0INCIDENT', '1700000000.000400');
      const woken = await s.update('settled-idle', 1, { messages: { 'checklist:tracing': '2.2' } });
      const afterPress = await s.listOpen();
      // Assess
      expect(justBefore.map((r) => r.id)).toEqual(['idle', 'busy', 'settled-idle']);
      expect(atDormancy.map((r) => r.id)).toEqual(['busy']);
      expect(sweptAgain.map((r) => r.id)).toEqual(['busy']);
      expect(dormant).toMatchObject({ id: 'settled-idle', open: true, version: 1 });
      expect(byThread?.id).toBe('settled-idle');
      expect(woken).toMatchObject({ ok: true, record: { version: 2, open: true } });
      expect(afterPress.map((r) => r.id)).toEqual(['busy', 'settled-idle']);
      expect((await s.listRecent(5)).map((r) => r.id)).toEqual(['settled-idle', 'busy', 'idle']);
    });

    it('forgets every record, open or closed, once its retention has passed since its last change', async () => {
      // Prepare
      const s = await open();
      await s.create(newRecord({ id: 'open-old', threadTs: '1700000000.000500' }));
      await s.create(newRecord({ id: 'closed-old', open: false }));
      await s.create(newRecord({ id: 'kept', requestedAt: '2026-11-22T10:30:00.000Z' }));
      clock.advance(CONTRACT_RETENTION.expireAfterMs - 60_000);
      await s.update('kept', 1, { open: false });
      clock.advance(60_000);
      // Act
      const gone = await s.get('open-old');
      const thread = await s.findByThread('C0INCIDENT', '1700000000.000500');
      const recent = await s.listRecent(10);
      const press = await s.update('closed-old', 1, { open: true });
      // Assess
      expect(gone).toBeNull();
      expect(thread).toBeNull();
      expect(recent.map((r) => r.id)).toEqual(['kept']);
      expect(press).toEqual({ ok: false, reason: 'not_found' });
      expect(await s.get('kept')).toMatchObject({ open: false, version: 2 });
    });

    it('keeps the labels judged on a diagnosis, replacing the list on update', async () => {
      // Prepare
      const s = await open();
      await s.create(newRecord());
      const confirmed = {
        predictedCause: 'timeout',
        confidence: 0.82,
        trueCause: 'timeout',
        source: 'confirmed',
        by: 'U0ALICE',
        at: '2026-11-22T10:05:00.000Z',
      } as const;
      const corrected = {
        predictedCause: 'timeout',
        confidence: 0.82,
        trueCause: 'other',
        source: 'corrected',
        by: 'U0BOB',
        at: '2026-11-22T10:06:00.000Z',
        note: 'a WAF rule ☂ in front of the API',
      } as const;
      // Act
      await s.update('diag-1', 1, { labels: [confirmed] });
      const second = await s.update('diag-1', 2, { labels: [confirmed, corrected] });
      await s.update('diag-1', 3, { open: false });
      // Assess
      expect(second.ok && second.record.labels).toEqual([confirmed, corrected]);
      expect(await s.get('diag-1')).toMatchObject({ version: 4, open: false, labels: [confirmed, corrected] });
      expect((await s.listRecent(5))[0]?.labels).toEqual([confirmed, corrected]);
    });

    it('lists recent records newest first, open and closed, up to the limit', async () => {
      // Prepare
      const s = await open();
      await s.create(newRecord({ id: 'oldest', requestedAt: '2026-11-20T10:00:00.000Z' }));
      await s.create(newRecord({ id: 'newest', requestedAt: '2026-11-22T12:00:00.000Z', open: false }));
      await s.create(newRecord({ id: 'middle', requestedAt: '2026-11-21T10:00:00.000Z' }));
      await s.update('middle', 1, { open: false, labels: [] });
      // Act
      const two = await s.listRecent(2);
      const all = await s.listRecent(10);
      // Assess
      expect(two.map((r) => r.id)).toEqual(['newest', 'middle']);
      expect(all.map((r) => [r.id, r.open])).toEqual([
        ['newest', false],
        ['middle', false],
        ['oldest', true],
      ]);
      expect(all[1]).toEqual(await s.get('middle'));
      expect(await s.listRecent(0)).toEqual([]);
    });

    it('finds a diagnosis by the thread it was posted in, once the thread exists', async () => {
      // Prepare
      const s = await open();
      const created = await s.create(newRecord());
      await s.create(newRecord({ id: 'diag-2', channel: 'C0OTHER', threadTs: '1700000000.000200' }));
      // Act
      const before = await s.findByThread('C0INCIDENT', '1700000000.000100');
      const updated = await s.update('diag-1', created.version, { parentTs: '1700000000.000100', threadTs: '1700000000.000100' });
      const after = await s.findByThread('C0INCIDENT', '1700000000.000100');
      // Assess
      expect(before).toBeNull();
      expect(updated.ok).toBe(true);
      expect(after?.id).toBe('diag-1');
      expect((await s.findByThread('C0OTHER', '1700000000.000200'))?.id).toBe('diag-2');
      expect(await s.findByThread('C0INCIDENT', '1700000000.000200')).toBeNull();
    });

    it('claims a key once until it expires', async () => {
      const s = await open();
      expect(await s.claimOnce('slack:T1:trigger-1', 60)).toBe(true);
      expect(await s.claimOnce('slack:T1:trigger-1', 60)).toBe(false);
      expect(await s.claimOnce('slack:T1:trigger-2', 60)).toBe(true);
      clock.advance(59_000);
      expect(await s.claimOnce('slack:T1:trigger-1', 60)).toBe(false);
      clock.advance(1_000);
      expect(await s.claimOnce('slack:T1:trigger-1', 60)).toBe(true);
      expect(await s.claimOnce('slack:T1:trigger-1', 60)).toBe(false);
    });

    it('lets the next caller claim a released key, and only that key', async () => {
      // Prepare
      const s = await open();
      await s.claimOnce('pagerduty:triggered:PINC1', 600);
      await s.claimOnce('pagerduty:triggered:PINC2', 600);
      // Act
      await s.releaseClaim('pagerduty:triggered:PINC1');
      await s.releaseClaim('pagerduty:triggered:never-claimed');
      // Assess
      expect(await s.claimOnce('pagerduty:triggered:PINC1', 600)).toBe(true);
      expect(await s.claimOnce('pagerduty:triggered:PINC1', 600)).toBe(false);
      expect(await s.claimOnce('pagerduty:triggered:PINC2', 600)).toBe(false);
      expect(await s.claimOnce('pagerduty:triggered:never-claimed', 600)).toBe(true);
    });

    it('grants a concurrent claim to one caller only', async () => {
      const s = await open();
      const results = await Promise.all(Array.from({ length: 8 }, () => s.claimOnce('pd:event-1', 600)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
