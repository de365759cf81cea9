/** The PagerDutyStore behaviour (as test/pagerduty/pagerduty-store.test.ts states it) on DynamoDB via dynalite. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPagerDutyStore } from '../../../src/adapters/pagerduty/dynamodb-pagerduty-store.ts';
import { mutate } from '../../../src/adapters/pagerduty/pagerduty-store.ts';
import { startDynalite, type LocalDynamo } from '../../apps/lambda/start-dynalite.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

const make = async (now: () => Date) => new DynamoDbPagerDutyStore({ client: dynamo.client, tableName: await dynamo.createStateTable(), now });

describe('DynamoDbPagerDutyStore', () => {
  it('writes with compare-and-set on the version', async () => {
    const store = await make(() => new Date('2026-03-02T10:00:00Z'));
    expect(await store.get('k')).toBeNull();
    expect(await store.put('k', { a: 1 }, null, 60)).toBe(1);
    expect(await store.put('k', { a: 2 }, null, 60)).toBeNull();
    expect(await store.put('k', { a: 3 }, 7, 60)).toBeNull();
    expect(await store.put('k', { a: 4 }, 1, 60)).toBe(2);
    expect(await store.get('k')).toEqual({ value: { a: 4 }, version: 2 });
  });

  it('forgets a record once its time is up, and lets it be written afresh', async () => {
    let now = new Date('2026-03-02T10:00:00Z');
    const store = await make(() => now);
    await store.put('k', 'old', null, 60);
    now = new Date('2026-03-02T10:01:00Z');
    expect(await store.get('k')).toBeNull();
    expect(await store.put('k', 'stale writer', 1, 60)).toBeNull();
    expect(await store.put('k', 'new', null, 60)).toBe(1);
    expect((await store.get('k'))?.value).toBe('new');
  });

  it('loses no update when writers race (mutate retries on conflict)', async () => {
    const store = await make(() => new Date('2026-03-02T10:00:00Z'));
    await Promise.all(Array.from({ length: 12 }, (_, i) => mutate<number[]>(store, 'list', (list) => [...(list ?? []), i])));
    const list = (await store.get<number[]>('list'))?.value ?? [];
    expect([...list].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
});
