/**
 * What the PagerDuty integration remembers between deliveries and restarts: each incident it has
 * seen, and the storm groups that tie incidents of one API to one diagnosis. A small versioned
 * key-value contract (compare-and-set on a version) so that it can live in SQLite next to the
 * bot's state now and in DynamoDB on Lambda later, and two processes cannot lose each other's
 * writes.
 */
import { KeyedMutex } from '../store/keyed-mutex.ts';

export interface Versioned<T> {
  value: T;
  version: number;
}

export interface PagerDutyStore {
  get<T>(key: string): Promise<Versioned<T> | null>;
  /**
   * Writes `value` if the stored version is still `expectedVersion` (null: the key must be absent
   * or expired). Returns the new version, or null when someone else wrote first.
   */
  put<T>(key: string, value: T, expectedVersion: number | null, ttlSeconds: number): Promise<number | null>;
  close(): Promise<void>;
}

/** Records outlive any incident worth grouping or updating; a week is plenty. */
export const PAGERDUTY_RECORD_TTL_SECONDS = 7 * 24 * 60 * 60;
const MAX_ATTEMPTS = 30;

// Writers in this process take turns per key, so compare-and-set only ever races another process.
const turns = new WeakMap<PagerDutyStore, KeyedMutex>();

/**
 * Read-modify-write with retries on conflict. `change` gets the current value (null if none) and
 * returns the next one, or `undefined` to leave the record as it is.
 *
 * @example
 * await mutate<string[]>(store, 'group:g1', (ids) => [...(ids ?? []), 'PINC1']);
 */
export async function mutate<T>(
  store: PagerDutyStore,
  key: string,
  change: (current: T | null) => T | undefined,
  ttlSeconds = PAGERDUTY_RECORD_TTL_SECONDS,
): Promise<T | null> {
  let mutex = turns.get(store);
  if (!mutex) {
    mutex = new KeyedMutex();
    turns.set(store, mutex);
  }
  return mutex.run(key, async () => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await store.get<T>(key);
      const next = change(current ? current.value : null);
      if (next === undefined) return current ? current.value : null;
      const written = await store.put(key, next, current ? current.version : null, ttlSeconds);
      if (written !== null) return next;
      // Another process wrote first; a short random pause keeps two writers from colliding again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
    }
    throw new Error(`${key} kept changing under this writer (${MAX_ATTEMPTS} conflicting writes in a row)`);
  });
}
