import {
  DEFAULT_RETENTION,
  DuplicateRecordError,
  isDormant,
  isExpired,
  type DiagnosisPatch,
  type DiagnosisRecord,
  type NewDiagnosisRecord,
  type RetentionSettings,
  type StateStore,
  type UpdateResult,
} from './state-store.ts';

/**
 * In-memory StateStore for tests. Records go through JSON on the way in and out, as they would
 * through a database, so a caller mutating what it got back cannot change what is stored.
 */
export class MemoryStateStore implements StateStore {
  private readonly records = new Map<string, string>();
  private readonly claims = new Map<string, number>();

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly retention: RetentionSettings = DEFAULT_RETENTION,
  ) {}

  async create(record: NewDiagnosisRecord): Promise<DiagnosisRecord> {
    if (this.records.has(record.id)) throw new DuplicateRecordError(record.id);
    const stored: DiagnosisRecord = { ...record, version: 1, updatedAt: this.now().toISOString() };
    this.records.set(record.id, JSON.stringify(stored));
    return JSON.parse(this.records.get(record.id)!) as DiagnosisRecord;
  }

  async get(id: string): Promise<DiagnosisRecord | null> {
    this.dropExpired();
    const raw = this.records.get(id);
    return raw ? (JSON.parse(raw) as DiagnosisRecord) : null;
  }

  async update(id: string, expectedVersion: number, patch: DiagnosisPatch): Promise<UpdateResult> {
    // Read and write without yielding in between, as a database transaction would.
    this.dropExpired();
    const raw = this.records.get(id);
    if (!raw) return { ok: false, reason: 'not_found' };
    const current = JSON.parse(raw) as DiagnosisRecord;
    if (current.version !== expectedVersion) return { ok: false, reason: 'conflict' };
    const next: DiagnosisRecord = {
      ...current,
      ...withoutUndefined(patch),
      messages: { ...current.messages, ...patch.messages },
      version: current.version + 1,
      updatedAt: this.now().toISOString(),
    };
    this.records.set(id, JSON.stringify(next));
    return { ok: true, record: JSON.parse(this.records.get(id)!) as DiagnosisRecord };
  }

  async listOpen(): Promise<DiagnosisRecord[]> {
    this.dropExpired();
    const now = this.now();
    return [...this.records.values()]
      .map((raw) => JSON.parse(raw) as DiagnosisRecord)
      .filter((r) => r.open && !isDormant(r, now, this.retention))
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  async listRecent(limit: number): Promise<DiagnosisRecord[]> {
    this.dropExpired();
    return [...this.records.values()]
      .map((raw) => JSON.parse(raw) as DiagnosisRecord)
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
      .slice(0, Math.max(0, limit));
  }

  async findByThread(channel: string, threadTs: string): Promise<DiagnosisRecord | null> {
    this.dropExpired();
    for (const raw of this.records.values()) {
      const record = JSON.parse(raw) as DiagnosisRecord;
      if (record.channel === channel && record.threadTs === threadTs) return record;
    }
    return null;
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const nowMs = this.now().getTime();
    const expires = this.claims.get(key);
    if (expires !== undefined && expires > nowMs) return false;
    this.claims.set(key, nowMs + ttlSeconds * 1000);
    return true;
  }

  async releaseClaim(key: string): Promise<void> {
    this.claims.delete(key);
  }

  async close(): Promise<void> {}

  /** What a database's TTL would have deleted by now. */
  private dropExpired(): void {
    const now = this.now();
    for (const [id, raw] of this.records) if (isExpired(JSON.parse(raw) as DiagnosisRecord, now, this.retention)) this.records.delete(id);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
