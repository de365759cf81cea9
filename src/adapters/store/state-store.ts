/**
 * Durable state of the Slack bot: one record per diagnosis (machine snapshot plus where its
 * messages live) and short-lived delivery claims. Kept small and storage-neutral so the same
 * contract runs on SQLite here and on DynamoDB on Lambda (test/store/state-store.contract.ts).
 */
import type { ApiRef } from '../../core/api/api-ref.ts';
import type { DiagnosisLabel } from '../../core/feedback/diagnosis-label.ts';

/** A PagerDuty incident a diagnosis belongs to, as the parent message lists it. */
export interface IncidentRef {
  id: string;
  number?: number;
  title: string;
  url?: string;
  status?: string;
  /** Where it comes from; PagerDuty when absent (records written before alarms existed). */
  source?: 'pagerduty' | 'cloudwatch';
  /** Over: the alarm is back to OK (the parent says so when every line is). */
  resolved?: boolean;
}

export interface DiagnosisRecord {
  id: string;
  ref: ApiRef;
  /** Slack channel id the diagnosis is posted in. */
  channel: string;
  /** ts of the parent message in the channel; absent until it has been posted. */
  parentTs?: string;
  /** ts the thread hangs off (normally the parent's). */
  threadTs?: string;
  /** ts of every thread message by kind, e.g. `evidence`, `verdict`, `checklist:direct-call`. */
  messages: Record<string, string>;
  /** Slack user id of whoever asked, or "PagerDuty". */
  requestedBy: string;
  requestedAt: string;
  /** DIAGNOSIS_MACHINE_VERSION the snapshot was written by; other versions are not resumed. */
  machineVersion: number;
  /** `actor.getPersistedSnapshot()`: plain JSON. */
  snapshot: unknown;
  /** Bumped by every successful update; the compare-and-set token. */
  version: number;
  /** False once resolved, failed or abandoned: not resumed at start-up. Open and idle: dormant (RetentionSettings). */
  open: boolean;
  /** PagerDuty incidents joined to this diagnosis (issue 4); absent for a slash command. */
  incidents?: IncidentRef[];
  /** Whether the verdict was right, as people and fix verifications said (issue 12); absent until judged. */
  labels?: DiagnosisLabel[];
  updatedAt: string;
}

export type NewDiagnosisRecord = Omit<DiagnosisRecord, 'version' | 'updatedAt'>;

/** What an update may change; identity and request fields are fixed at creation. */
export type DiagnosisPatch = Partial<
  Pick<DiagnosisRecord, 'parentTs' | 'threadTs' | 'messages' | 'machineVersion' | 'snapshot' | 'open' | 'incidents' | 'labels'>
>;

export type UpdateResult = { ok: true; record: DiagnosisRecord } | { ok: false; reason: 'conflict' | 'not_found' };

export interface StateStore {
  /** Stores a new record at version 1; throws if the id exists. */
  create(record: NewDiagnosisRecord): Promise<DiagnosisRecord>;
  get(id: string): Promise<DiagnosisRecord | null>;
  /**
   * Applies the patch only if the stored version is still `expectedVersion`, bumping it by one.
   * `messages` is merged key by key so two writers adding different messages both keep theirs.
   */
  update(id: string, expectedVersion: number, patch: DiagnosisPatch): Promise<UpdateResult>;
  /**
   * Records still open and not dormant (see RetentionSettings), oldest first: what a restart
   * resumes, the Lambda sweep looks at and App Home lists. A dormant record is still returned by
   * `get` and `findByThread`, and any successful `update` makes it active again.
   */
  listOpen(): Promise<DiagnosisRecord[]>;
  /**
   * The `limit` most recently requested records, open or closed, newest first: what App Home and
   * the memory of past incidents read. Bounded, so it never walks every diagnosis ever run.
   */
  listRecent(limit: number): Promise<DiagnosisRecord[]>;
  /**
   * The diagnosis whose thread hangs off `threadTs` in `channel`, or null: how a question asked in
   * a thread finds its evidence without reading the conversation back from Slack.
   */
  findByThread(channel: string, threadTs: string): Promise<DiagnosisRecord | null>;
  /**
   * True for the first caller with this key within `ttlSeconds`, false for every later one: how
   * Slack retries (and later PagerDuty redeliveries) are told apart from fresh requests.
   */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
  /**
   * Gives a claim back, so the next `claimOnce` with this key wins: how work that failed before it
   * had any effect (a Slack post refused) lets its retry, or the sender's redelivery, run again
   * instead of being dropped as a duplicate. Releasing a key nobody holds does nothing.
   */
  releaseClaim(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * How long diagnoses stay active and stored. Most diagnoses end at a verdict and stay open (its
 * buttons may be pressed any time), so without a limit every one would be resumed at every start
 * and by every sweep, forever. Both periods count from a record's last change (`updatedAt`).
 */
export interface RetentionSettings {
  /**
   * An open record untouched this long is dormant: kept, and its thread's buttons and questions
   * still answered (a press wakes it), but no longer resumed, swept or listed as open. A run cut
   * short and not resumed within this time is dormant too: whoever asked has moved on.
   */
  dormantAfterMs: number;
  /** Every record, open or closed, is deleted this long after its last change (DynamoDB TTL, SQLite pruning). */
  expireAfterMs: number;
}

const HOUR_MS = 60 * 60 * 1000;

export const DEFAULT_RETENTION: RetentionSettings = { dormantAfterMs: 24 * HOUR_MS, expireAfterMs: 90 * 24 * HOUR_MS };

/** Whether an open record has been idle long enough to be dormant at `now`. */
export function isDormant(record: Pick<DiagnosisRecord, 'open' | 'updatedAt'>, now: Date, retention: RetentionSettings): boolean {
  return record.open && now.getTime() - Date.parse(record.updatedAt) >= retention.dormantAfterMs;
}

/** Whether a record's retention has run out at `now`: it counts as deleted even before the store removes it. */
export function isExpired(record: Pick<DiagnosisRecord, 'updatedAt'>, now: Date, retention: RetentionSettings): boolean {
  return now.getTime() - Date.parse(record.updatedAt) >= retention.expireAfterMs;
}

/** Thrown by `create` when the id is taken: ids are random, so this is a bug, not a race to retry. */
export class DuplicateRecordError extends Error {
  constructor(id: string) {
    super(`a diagnosis record with id ${id} already exists`);
    this.name = 'DuplicateRecordError';
  }
}
