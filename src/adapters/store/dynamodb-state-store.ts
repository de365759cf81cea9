/**
 * StateStore on one DynamoDB table, for the Lambda deployment. Two item types share the table,
 * told apart by their key prefix:
 *
 * - `diagnosis#<id>`: the record. Everything but the version, open flag and times travels as one
 *   gzipped JSON blob (`body`), because a machine snapshot full of log lines can pass DynamoDB's
 *   400 KB item limit as text while it compresses ten-fold. Every write is a PutItem conditioned
 *   on `version = :expected`, so compare-and-set holds across any number of Lambda instances; the
 *   read-merge-write of `messages` is safe because the write only lands if nobody wrote between.
 * - `claim#<key>`: a delivery claim, taken with `attribute_not_exists(pk) OR expiresAtMs <= :now`
 *   so an expired claim can be taken over at once; `expiresAt` (epoch seconds) is the table's TTL
 *   attribute, which lets DynamoDB delete old claims (lazily, within about two days).
 *
 * - `thread#<channel>#<thread ts>`: which diagnosis a Slack thread belongs to, written once the
 *   thread exists, so a question asked in the thread is one GetItem away from its evidence. It
 *   expires with its diagnosis, and is written again when a dormant diagnosis wakes up.
 *
 * Every diagnosis item, open or closed, carries `expiresAt` = last change + the retention period
 * (RetentionSettings), so TTL deletes each one eventually; an item past it that TTL has not
 * reached yet is read as absent.
 *
 * Active records are found through a sparse global secondary index: only open, non-dormant items
 * carry the `openFlag` attribute, so `listOpen` is one Query sorted by `requestedAt`, never a
 * Scan of every diagnosis ever run. The index projects keys only and each hit is re-read with a
 * consistent GetItem, because index reads are eventually consistent: a record closed a moment ago
 * is dropped, not resumed. Dormancy comes with time, not with a write, so `listOpen` retires each
 * dormant item it meets (rewrites it without `openFlag`, if nobody wrote it meanwhile): it is
 * read once more, not at every sweep. The next update puts the flag back. One partition key value
 * ("open") is fine for the handful of diagnoses active at once.
 *
 * Recent diagnoses (App Home, the memory of past incidents) come from a second index on every
 * diagnosis item (`itemKind` = "diagnosis", sorted by `requestedAt`), read newest first with a
 * Limit, so the cost is bounded by what is asked for and not by the table's size. Records leave
 * the index when TTL deletes them.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  DEFAULT_RETENTION,
  DuplicateRecordError,
  isDormant,
  type DiagnosisPatch,
  type DiagnosisRecord,
  type NewDiagnosisRecord,
  type RetentionSettings,
  type StateStore,
  type UpdateResult,
} from './state-store.ts';

export const OPEN_INDEX_NAME = 'open-by-requested-at';
export const RECENT_INDEX_NAME = 'recent-by-requested-at';
const OPEN = 'open';
const DIAGNOSIS_KIND = 'diagnosis';
const DIAGNOSIS_PREFIX = 'diagnosis#';
const CLAIM_PREFIX = 'claim#';
const THREAD_PREFIX = 'thread#';
/** DynamoDB refuses items over 400 KB; leave room for the key and the other attributes. */
export const MAX_BODY_BYTES = 380 * 1024;

/**
 * Key schema, attributes and index of the table: serverless.yml declares the same, and the deploy
 * test checks that the two agree.
 */
export const STATE_TABLE_SCHEMA = {
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'openFlag', AttributeType: 'S' },
    { AttributeName: 'requestedAt', AttributeType: 'S' },
    { AttributeName: 'itemKind', AttributeType: 'S' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: OPEN_INDEX_NAME,
      KeySchema: [
        { AttributeName: 'openFlag', KeyType: 'HASH' },
        { AttributeName: 'requestedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
    {
      IndexName: RECENT_INDEX_NAME,
      KeySchema: [
        { AttributeName: 'itemKind', KeyType: 'HASH' },
        { AttributeName: 'requestedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
  ],
  TimeToLiveAttribute: 'expiresAt',
} as const satisfies Pick<CreateTableCommandInput, 'KeySchema' | 'AttributeDefinitions'> & Record<string, unknown>;

/** A record too large for one DynamoDB item even compressed; the snapshot must be trimmed upstream. */
export class StateItemTooLargeError extends Error {
  constructor(id: string, bytes: number) {
    super(`diagnosis ${id} is ${Math.round(bytes / 1024)} KB compressed, over the ${MAX_BODY_BYTES / 1024} KB DynamoDB item budget`);
    this.name = 'StateItemTooLargeError';
  }
}

export interface DynamoDbStateStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  now?: () => Date;
  /** When records go dormant and when TTL deletes them; DEFAULT_RETENTION unless set. */
  retention?: RetentionSettings;
}

type Item = Record<string, AttributeValue>;
type Body = Omit<DiagnosisRecord, 'version' | 'open' | 'updatedAt'>;

export class DynamoDbStateStore implements StateStore {
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly now: () => Date;
  private readonly retention: RetentionSettings;

  constructor(options: DynamoDbStateStoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.now = options.now ?? (() => new Date());
    this.retention = options.retention ?? DEFAULT_RETENTION;
  }

  async create(record: NewDiagnosisRecord): Promise<DiagnosisRecord> {
    const item = this.toItem({ ...record, version: 1, updatedAt: this.now().toISOString() });
    try {
      await this.client.send(new PutItemCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new DuplicateRecordError(record.id);
      throw error;
    }
    if (record.threadTs) await this.putThread(record.channel, record.threadTs, record.id, item);
    return fromItem(item);
  }

  async get(id: string): Promise<DiagnosisRecord | null> {
    const item = await this.getItem(id);
    return item ? fromItem(item) : null;
  }

  async update(id: string, expectedVersion: number, patch: DiagnosisPatch): Promise<UpdateResult> {
    const item = await this.getItem(id);
    if (!item) return { ok: false, reason: 'not_found' };
    const current = fromItem(item);
    if (current.version !== expectedVersion) return { ok: false, reason: 'conflict' };
    const next: DiagnosisRecord = {
      ...current,
      ...withoutUndefined(patch),
      messages: { ...current.messages, ...patch.messages },
      version: current.version + 1,
      updatedAt: this.now().toISOString(),
    };
    const nextItem = this.toItem(next);
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: nextItem,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
        }),
      );
    } catch (error) {
      // Records are never deleted by the bot, so a failed condition means another writer won.
      if (error instanceof ConditionalCheckFailedException) return { ok: false, reason: 'conflict' };
      throw error;
    }
    // A new thread needs its pointer; a dormant diagnosis waking up needs its pointer's TTL moved
    // along with its own, or questions in a long-lived thread would stop finding it.
    const threadTs = patch.threadTs ?? current.threadTs;
    const woke = isDormant(current, this.now(), this.retention);
    if (threadTs && (threadTs !== current.threadTs || woke)) await this.putThread(next.channel, threadTs, id, nextItem);
    return { ok: true, record: fromItem(nextItem) };
  }

  async listOpen(): Promise<DiagnosisRecord[]> {
    const ids: string[] = [];
    let start: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: OPEN_INDEX_NAME,
          KeyConditionExpression: 'openFlag = :open',
          ExpressionAttributeValues: { ':open': { S: OPEN } },
          ScanIndexForward: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) if (item['pk']?.S) ids.push(item['pk'].S.slice(DIAGNOSIS_PREFIX.length));
      start = page.LastEvaluatedKey;
    } while (start);
    const items = await Promise.all(ids.map((id) => this.getItem(id)));
    const now = this.now();
    const active: DiagnosisRecord[] = [];
    for (const item of items) {
      if (!item) continue;
      const record = fromItem(item);
      if (!record.open) continue;
      if (isDormant(record, now, this.retention)) await this.retire(item);
      else active.push(record);
    }
    return active.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  async listRecent(limit: number): Promise<DiagnosisRecord[]> {
    const wanted = Math.max(0, Math.floor(limit));
    if (wanted === 0) return [];
    const ids: string[] = [];
    let start: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: RECENT_INDEX_NAME,
          KeyConditionExpression: 'itemKind = :kind',
          ExpressionAttributeValues: { ':kind': { S: DIAGNOSIS_KIND } },
          ScanIndexForward: false,
          Limit: wanted - ids.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) if (item['pk']?.S) ids.push(item['pk'].S.slice(DIAGNOSIS_PREFIX.length));
      start = page.LastEvaluatedKey;
    } while (start && ids.length < wanted);
    // A record TTL deleted after the index answered is skipped rather than reported.
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is DiagnosisRecord => r !== null).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  }

  async findByThread(channel: string, threadTs: string): Promise<DiagnosisRecord | null> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.table, Key: { pk: { S: `${THREAD_PREFIX}${channel}#${threadTs}` } }, ConsistentRead: true }),
    );
    const id = out.Item?.['diagnosisId']?.S;
    return id ? this.get(id) : null;
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const nowMs = this.now().getTime();
    const expiresAtMs = nowMs + ttlSeconds * 1000;
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            pk: { S: `${CLAIM_PREFIX}${key}` },
            expiresAtMs: { N: String(expiresAtMs) },
            // TTL wants whole epoch seconds; round up so DynamoDB never deletes a live claim.
            expiresAt: { N: String(Math.ceil(expiresAtMs / 1000)) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAtMs <= :now',
          ExpressionAttributeValues: { ':now': { N: String(nowMs) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseClaim(key: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.table, Key: { pk: { S: `${CLAIM_PREFIX}${key}` } } }));
  }

  /** The client belongs to the caller (it may be shared); nothing to release here. */
  async close(): Promise<void> {}

  /** An unconditional put: writing the same thread twice (a retried update) is harmless. Expires with its diagnosis. */
  private async putThread(channel: string, threadTs: string, id: string, diagnosisItem: Item): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          pk: { S: `${THREAD_PREFIX}${channel}#${threadTs}` },
          diagnosisId: { S: id },
          ...(diagnosisItem['expiresAt'] ? { expiresAt: diagnosisItem['expiresAt'] } : {}),
        },
      }),
    );
  }

  /**
   * Takes a dormant item out of the open index (and gives an item written before every record had
   * a TTL its `expiresAt`). Same version, same `updatedAt`: it stays exactly as old as it was. A
   * write that got there first wins; that writer has made the item active again anyway.
   */
  private async retire(item: Item): Promise<void> {
    const { openFlag: _flag, ...rest } = item;
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: { ...rest, expiresAt: { N: String(this.expiresAtSeconds(item['updatedAt']?.S ?? '')) } },
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': item['version'] ?? { N: '0' } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** The item, unless its retention has run out (TTL deletes lazily, up to a couple of days late). */
  private async getItem(id: string): Promise<Item | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.table, Key: { pk: { S: `${DIAGNOSIS_PREFIX}${id}` } }, ConsistentRead: true }));
    const expiresAt = Number(out.Item?.['expiresAt']?.N ?? Number.POSITIVE_INFINITY);
    return out.Item && expiresAt * 1000 > this.now().getTime() ? out.Item : undefined;
  }

  /** TTL wants whole epoch seconds. */
  private expiresAtSeconds(updatedAt: string): number {
    return Math.floor((Date.parse(updatedAt) + this.retention.expireAfterMs) / 1000);
  }

  private toItem(record: DiagnosisRecord): Item {
    const { version, open, updatedAt, ...body } = record;
    const blob = gzipSync(JSON.stringify(body));
    if (blob.byteLength > MAX_BODY_BYTES) throw new StateItemTooLargeError(record.id, blob.byteLength);
    const item: Item = {
      pk: { S: `${DIAGNOSIS_PREFIX}${record.id}` },
      body: { B: blob },
      version: { N: String(version) },
      open: { BOOL: open },
      requestedAt: { S: record.requestedAt },
      updatedAt: { S: updatedAt },
      itemKind: { S: DIAGNOSIS_KIND },
      expiresAt: { N: String(this.expiresAtSeconds(updatedAt)) },
    };
    // Written at `updatedAt`, so never dormant yet: an open item always starts in the open index.
    if (open) item['openFlag'] = { S: OPEN };
    return item;
  }
}

function fromItem(item: Item): DiagnosisRecord {
  const blob = item['body']?.B;
  if (!blob) throw new Error(`state item ${item['pk']?.S ?? '?'} has no body; it was not written by diagnose-502`);
  const body = JSON.parse(gunzipSync(blob).toString('utf8')) as Body;
  return { ...body, version: Number(item['version']?.N), open: item['open']?.BOOL === true, updatedAt: item['updatedAt']?.S ?? '' };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
