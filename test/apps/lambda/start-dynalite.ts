/**
 * A DynamoDB endpoint in this process (dynalite, in memory) for tests: no AWS account, no
 * network beyond loopback. Tables are created from the same schema the deployment declares.
 */
import { createRequire } from 'node:module';
import type { AddressInfo, Server } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STATE_TABLE_SCHEMA } from '../../../src/adapters/store/dynamodb-state-store.ts';

// dynalite ships no types; this is the part of its API the tests use.
type DynaliteFactory = (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  /** Creates a state table with a fresh name and returns the name. */
  createStateTable(): Promise<string>;
  close(): Promise<void>;
}

let tables = 0;

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return {
    endpoint,
    client,
    async createStateTable() {
      const name = `d502-state-${process.pid}-${++tables}`;
      const { TimeToLiveAttribute: _ttl, ...schema } = STATE_TABLE_SCHEMA;
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [...schema.KeySchema],
          AttributeDefinitions: [...schema.AttributeDefinitions],
          GlobalSecondaryIndexes: schema.GlobalSecondaryIndexes.map((i) => ({ ...i, KeySchema: [...i.KeySchema] })),
        }),
      );
      return name;
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
