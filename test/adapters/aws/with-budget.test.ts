import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../src/adapters/aws/aws-clients.ts';
import type { Collector } from '../../../src/adapters/aws/collector.ts';
import { withBudget } from '../../../src/adapters/aws/with-budget.ts';
import { restApi, WINDOW } from '../../fixtures/evidence-builders.ts';

const ctx = { clients: {} as AwsClients };
const input = { api: restApi(), window: WINDOW };

describe('withBudget', () => {
  it('passes a result through when the collector is on time', async () => {
    const fast: Collector<string> = async () => ({ findings: 'ok', missing: [] });
    await expect(withBudget('logs', fast, 1_000)(ctx, input)).resolves.toEqual({ findings: 'ok', missing: [] });
  });

  it('keeps partial findings a collector returns once it is aborted', async () => {
    const slow: Collector<string> = ({ signal }) =>
      new Promise((resolve) => signal!.addEventListener('abort', () => resolve({ findings: 'first page only', missing: [] })));
    const result = await withBudget('logs', slow, 50)(ctx, input);
    expect(result.findings).toBe('first page only');
    expect(result.missing).toEqual([expect.objectContaining({ source: 'logs', reason: 'logs did not finish within its 0 s budget' })]);
  });

  it('records the source as missing when the collector ignores the abort', async () => {
    const stuck: Collector<string> = () => new Promise(() => {});
    const t0 = Date.now();
    const result = await withBudget('metrics', stuck, 50)(ctx, input);
    expect(result.findings).toBeNull();
    expect(result.missing[0]?.source).toBe('metrics');
    expect(Date.now() - t0).toBeLessThan(3_000);
  });
});
