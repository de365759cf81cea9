/**
 * One-at-a-time execution per key inside this process: two button presses on the same diagnosis
 * run one after the other, presses on different diagnoses run side by side. Across processes the
 * store's compare-and-set is what keeps writes safe; this only avoids needless conflicts.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    // The tail must never reject, or the next waiter would skip its turn's ordering.
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with work running or waiting; for tests and shutdown. */
  get busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}
