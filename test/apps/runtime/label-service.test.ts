import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { MemoryStateStore } from '../../../src/adapters/store/memory-state-store.ts';
import { LabelService } from '../../../src/apps/runtime/label-service.ts';
import { newRecord } from '../../adapters/store/state-store.contract.ts';

const verdict = { cause: 'network', confidence: 0.9, summary: 'VPC link targets unhealthy after an SG change' };

function setup(context: Record<string, unknown>) {
  const store = new MemoryStateStore(() => new Date('2026-11-22T10:30:00.000Z'));
  const slack = { chat: { postEphemeral: vi.fn(async () => ({ ok: true })), update: vi.fn(async () => ({ ok: true })) } };
  const labels = new LabelService({
    store,
    slack: slack as never,
    logic: {} as never,
    runbook: {} as never,
    logger: pino({ level: 'silent' }),
    now: () => new Date('2026-11-22T10:30:00.000Z'),
  });
  return { store, slack, labels, record: store.create(newRecord({ snapshot: { status: 'active', value: 'resolved', context } })) };
}

describe('LabelService', () => {
  it('labels a verified fix once, as confirming the named cause, by whoever asked for the verification', async () => {
    // Prepare
    const { store, labels, record } = setup({ verdict, verification: { at: '2026-11-22T10:20:00.000Z', by: 'U0ALICE', verified: true } });
    // Act
    const once = await labels.labelVerifiedFix(await record);
    const twice = await labels.labelVerifiedFix(once);
    // Assess
    expect(twice.labels).toEqual([
      { predictedCause: 'network', confidence: 0.9, trueCause: 'network', source: 'verified-fix', by: 'U0ALICE', at: '2026-11-22T10:20:00.000Z' },
    ]);
    expect((await store.get('diag-1'))?.version).toBe(2);
  });

  it('does not label a fix that did not verify, nor a diagnosis without a verdict', async () => {
    const failed = setup({ verdict, verification: { at: '2026-11-22T10:20:00.000Z', verified: false } });
    expect((await failed.labels.labelVerifiedFix(await failed.record)).labels).toBeUndefined();
    const early = setup({});
    const outcome = await early.labels.feedback('diag-1', 'up', { user: 'U0BOB', channel: 'C0INCIDENT' });
    expect(outcome).toEqual({ status: 'refused', note: expect.stringContaining('no verdict') });
    expect(early.slack.chat.postEphemeral).toHaveBeenCalledWith(expect.objectContaining({ user: 'U0BOB', text: expect.stringContaining('no verdict') }));
  });

  it('asks for the pick before taking a note, then keeps one label per person', async () => {
    // Prepare
    const { store, labels, record } = setup({ verdict });
    await record;
    const who = { user: 'U0BOB', channel: 'C0INCIDENT', threadTs: '1.1' };
    // Act
    const early = await labels.note('diag-1', 'it was DNS', who);
    await labels.trueCause('diag-1', 'other', undefined, who);
    await labels.note('diag-1', 'it was DNS', who);
    await labels.feedback('diag-1', 'up', who);
    // Assess
    expect(early.status).toBe('refused');
    expect((await store.get('diag-1'))?.labels).toEqual([expect.objectContaining({ source: 'confirmed', trueCause: 'network', by: 'U0BOB' })]);
  });
});
