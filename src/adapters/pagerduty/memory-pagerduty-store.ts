import type { PagerDutyStore, Versioned } from './pagerduty-store.ts';

/** PagerDutyStore in memory, for tests; values go through JSON as they would through a database. */
export class MemoryPagerDutyStore implements PagerDutyStore {
  private readonly rows = new Map<string, { body: string; version: number; expiresAt: number }>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async get<T>(key: string): Promise<Versioned<T> | null> {
    const row = this.live(key);
    return row ? { value: JSON.parse(row.body) as T, version: row.version } : null;
  }

  async put<T>(key: string, value: T, expectedVersion: number | null, ttlSeconds: number): Promise<number | null> {
    const row = this.live(key);
    if ((row?.version ?? null) !== expectedVersion) return null;
    const version = (row?.version ?? 0) + 1;
    this.rows.set(key, { body: JSON.stringify(value), version, expiresAt: this.now().getTime() + ttlSeconds * 1000 });
    return version;
  }

  async close(): Promise<void> {}

  private live(key: string) {
    const row = this.rows.get(key);
    if (!row) return undefined;
    if (row.expiresAt <= this.now().getTime()) {
      this.rows.delete(key);
      return undefined;
    }
    return row;
  }
}
