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
  async (clock, retention) => new DynamoDbStateStore({ client: dynamo.client, tableName: await dynamo.createStateTable(), now: clock.now, retention }),
);

describe('DynamoDbStateStore items', () => {
  const now = () => new Date('2026-11-22T10:00:00.000Z');

  it('stores the body compressed, marks open items for the sparse index and gives every item a TTL', async () => {
    // Prepare
    const tableName = await dynamo.createStateTable();
    const retention = { dormantAfterMs: 3_600_000, expireAfterMs: 10 * 86_400_000 };
    const store = new DynamoDbStateStore({ client: dynamo.client, tableName, now, retention });
    await store.create(newRecord({ threadTs: '1700000000.000100' }));
    const read = async (pk: string) => (await dynamo.client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk } } }))).Item!;
    // Act
    const open = await read('diagnosis#diag-1');
    const thread = await read('thread#C0INCIDENT#1700000000.000100');
    await store.update('diag-1', 1, { open: false });
    const closed = await read('diagnosis#diag-1');
    await store.claimOnce('slack:T1:trigger', 60);
    const claim = await read('claim#slack:T1:trigger');
    // Assess
    const tenDaysOn = { N: String(Date.parse('2026-11-22T10:00:00.000Z') / 1000 + 10 * 86_400) };
    expect(open['body']?.B?.[0]).toBe(0x1f); // gzip magic
    expect(open['openFlag']).toEqual({ S: 'open' });
    expect(open['expiresAt']).toEqual(tenDaysOn);
    expect(thread['expiresAt']).toEqual(tenDaysOn);
    expect(closed['openFlag']).toBeUndefined();
    expect(closed['expiresAt']).toEqual(tenDaysOn);
    expect(claim['expiresAt']).toEqual({ N: String(Date.parse('2026-11-22T10:01:00.000Z') / 1000) });
  });

  it('takes a dormant item out of the open index, gives an old item without TTL one, and puts it back on a press', async () => {
    // Prepare: an open item as written before every record had a TTL.
    const tableName = await dynamo.createStateTable();
    let t = Date.parse('2026-11-22T10:00:00.000Z');
    const retention = { dormantAfterMs: 3_600_000, expireAfterMs: 10 * 86_400_000 };
    const store = new DynamoDbStateStore({ client: dynamo.client, tableName, now: () => new Date(t), retention });
    await store.create(newRecord({ threadTs: '1700000000.000100' }));
    const read = async (pk: string) => (await dynamo.client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk } } }))).Item!;
    const { expiresAt: _ttl, ...legacy } = await read('diagnosis#diag-1');
    await dynamo.client.send(new PutItemCommand({ TableName: tableName, Item: legacy }));
    t += 5 * 86_400_000;
    // Act
    const listed = await store.listOpen();
    const retired = await read('diagnosis#diag-1');
    const woken = await store.update('diag-1', 1, { messages: { verdict: '1.2' } });
    const active = await read('diagnosis#diag-1');
    const thread = await read('thread#C0INCIDENT#1700000000.000100');
    // Assess
    expect(listed).toEqual([]);
    expect(retired['openFlag']).toBeUndefined();
    expect(retired['version']).toEqual({ N: '1' });
    expect(retired['expiresAt']).toEqual({ N: String(Date.parse('2026-11-22T10:00:00.000Z') / 1000 + 10 * 86_400) });
    expect(woken.ok).toBe(true);
    expect(active['openFlag']).toEqual({ S: 'open' });
    expect(thread['expiresAt']).toEqual({ N: String(t / 1000 + 10 * 86_400) });
    expect((await store.listOpen()).map((r) => r.id)).toEqual(['diag-1']);
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
