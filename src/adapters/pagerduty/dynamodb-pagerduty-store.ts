/**
 * PagerDutyStore in the bot's DynamoDB table (items `pagerduty#<key>`), for the Lambda worker.
 * Compare-and-set is a conditional PutItem on the version; an expired record counts as absent,
 * exactly as in the SQLite store, and the table's TTL (`expiresAt`) deletes it later.
 */
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PagerDutyStore, Versioned } from './pagerduty-store.ts';

const PREFIX = 'pagerduty#';

export interface DynamoDbPagerDutyStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  now?: () => Date;
}

export class DynamoDbPagerDutyStore implements PagerDutyStore {
  private readonly now: () => Date;

  constructor(private readonly options: DynamoDbPagerDutyStoreOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async get<T>(key: string): Promise<Versioned<T> | null> {
    const out = await this.options.client.send(
      new GetItemCommand({ TableName: this.options.tableName, Key: { pk: { S: `${PREFIX}${key}` } }, ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item || Number(item['expiresAtMs']?.N) <= this.now().getTime()) return null;
    return { value: JSON.parse(item['value']?.S ?? 'null') as T, version: Number(item['version']?.N) };
  }

  async put<T>(key: string, value: T, expectedVersion: number | null, ttlSeconds: number): Promise<number | null> {
    const nowMs = this.now().getTime();
    const expiresAtMs = nowMs + ttlSeconds * 1000;
    const version = (expectedVersion ?? 0) + 1;
    try {
      await this.options.client.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: {
            pk: { S: `${PREFIX}${key}` },
            value: { S: JSON.stringify(value) },
            version: { N: String(version) },
            expiresAtMs: { N: String(expiresAtMs) },
            expiresAt: { N: String(Math.ceil(expiresAtMs / 1000)) },
          },
          // Absent or expired for a first write; the expected version, still live, for the others.
          ...(expectedVersion === null
            ? { ConditionExpression: 'attribute_not_exists(pk) OR expiresAtMs <= :now', ExpressionAttributeValues: { ':now': { N: String(nowMs) } } }
            : {
                ConditionExpression: '#version = :expected AND expiresAtMs > :now',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) }, ':now': { N: String(nowMs) } },
              }),
        }),
      );
      return version;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  /** The client belongs to the caller. */
  async close(): Promise<void> {}
}
