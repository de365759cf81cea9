import { randomBytes } from 'node:crypto';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStateStore, StateItemTooLargeError } from '../../../src/adapters/store/dynamodb-state-store.ts';
import { startDynalite, type LocalDynamo } from '../../apps/lambda/start-dynalite.ts';
import { newRecord, runStateStoreContract } from './state-store.contract.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

runStateStoreContract(
  'DynamoDbStateStore (dynalite)',
  async (clock) => new DynamoDbStateStore({ client: dynamo.client, tableName: await dynamo.createStateTable(), now: clock.now }),
);

describe('DynamoDbStateStore items', () => {
  const now = () => new Date('2026-11-22T10:00:00.000Z');

  it('stores the body compressed, marks open items for the sparse index and sets TTLs', async () => {
    // Prepare
    const tableName = await dynamo.createStateTable();
    const store = new DynamoDbStateStore({ client: dynamo.client, tableName, now, retainClosedDays: 10 });
    await store.create(newRecord());
    const read = async (pk: string) => (await dynamo.client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk } } }))).Item!;
    // Act
    const open = await read('diagnosis#diag-1');
    await store.update('diag-1', 1, { open: false });
    const closed = await read('diagnosis#diag-1');
    await store.claimOnce('slack:T1:trigger', 60);
    const claim = await read('claim#slack:T1:trigger');
    // Assess
    expect(open['body']?.B?.[0]).toBe(0x1f); // gzip magic
    expect(open['openFlag']).toEqual({ S: 'open' });
    expect(open['expiresAt']).toBeUndefined();
    expect(closed['openFlag']).toBeUndefined();
    expect(closed['expiresAt']).toEqual({ N: String(Date.parse('2026-11-22T10:00:00.000Z') / 1000 + 10 * 86_400) });
    expect(claim['expiresAt']).toEqual({ N: String(Date.parse('2026-11-22T10:01:00.000Z') / 1000) });
  });

  it('refuses a record too large for one item, even compressed', async () => {
    const store = new DynamoDbStateStore({ client: dynamo.client, tableName: await dynamo.createStateTable(), now });
    // Random bytes do not compress: 600 KB of them (as base64) stay over the budget.
    const noise = randomBytes(600_000).toString('base64');
    const error = await store.create(newRecord({ snapshot: { noise } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateItemTooLargeError);
    expect(await store.get('diag-1')).toBeNull();
  });

  it('skips index entries whose record has closed since (the index lags the table)', async () => {
    // Prepare: an item that claims to be open in the index but is closed in the table.
    const tableName = await dynamo.createStateTable();
    const store = new DynamoDbStateStore({ client: dynamo.client, tableName, now });
    await store.create(newRecord({ id: 'a' }));
    const closed = await new DynamoDbStateStore({ client: dynamo.client, tableName, now }).create(newRecord({ id: 'b', open: false }));
    const item = (await dynamo.client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'diagnosis#b' } } }))).Item!;
    await dynamo.client.send(new PutItemCommand({ TableName: tableName, Item: { ...item, openFlag: { S: 'open' } } }));
    // Act
    const open = await store.listOpen();
    // Assess
    expect(closed.open).toBe(false);
    expect(open.map((r) => r.id)).toEqual(['a']);
  });
});
