/**
 * Watches a runbook directory while the sandbox runs. Each saved YAML file is validated with the
 * same loader the bot uses; a valid change is handed on (the sandbox reloads the bot with it), an
 * invalid one is reported with the loader's message and the bot keeps the last good runbook.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { loadRunbook } from '../../adapters/config/load-runbook.ts';
import type { Runbook } from '../../core/runbook/runbook-schema.ts';

export interface RunbookStatus {
  file: string;
  ok: boolean;
  /** The validation message, naming the file and each offending field. */
  error?: string;
  checkedAt: string;
}

export interface RunbookWatcherOptions {
  dir: string;
  /** A file passed validation and its content changed since the last good version. */
  onValid: (path: string, runbook: Runbook) => void | Promise<void>;
  onStatus: (status: RunbookStatus) => void;
  /** Editors write a file in several steps; wait for them to settle. */
  debounceMs?: number;
}

export interface RunbookWatcher {
  /** Latest status of every runbook file seen. */
  statuses(): RunbookStatus[];
  close(): void;
}

export async function watchRunbooks(options: RunbookWatcherOptions): Promise<RunbookWatcher> {
  const debounceMs = options.debounceMs ?? 200;
  const statuses = new Map<string, RunbookStatus>();
  const lastGoodText = new Map<string, string>();
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const check = async (name: string, initial: boolean) => {
    const path = join(options.dir, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      // Deleted or renamed away: forget it; the bot keeps what it loaded.
      if (statuses.delete(name)) options.onStatus({ file: name, ok: true, checkedAt: new Date().toISOString() });
      return;
    }
    if (!initial && lastGoodText.get(name) === text && statuses.get(name)?.ok) return;
    const checkedAt = new Date().toISOString();
    try {
      const runbook = await loadRunbook(path);
      const changed = lastGoodText.get(name) !== text;
      lastGoodText.set(name, text);
      const status = { file: name, ok: true, checkedAt };
      statuses.set(name, status);
      if (closed) return;
      options.onStatus(status);
      if (changed && !initial) await options.onValid(path, runbook);
    } catch (error) {
      const message = error instanceof Error ? error.message.replace(path, `runbooks/${name}`) : String(error);
      const status = { file: name, ok: false, error: message, checkedAt };
      statuses.set(name, status);
      if (!closed) options.onStatus(status);
    }
  };

  for (const name of await readdir(options.dir)) if (isRunbookFile(name)) await check(name, true);

  const watcher: FSWatcher = watch(options.dir, (_event, filename) => {
    const name = filename ? basename(filename.toString()) : undefined;
    if (!name || !isRunbookFile(name) || closed) return;
    clearTimeout(timers.get(name));
    timers.set(
      name,
      setTimeout(() => {
        timers.delete(name);
        check(name, false).catch(() => undefined);
      }, debounceMs),
    );
  });
  // A watcher error (the directory removed) must not take the sandbox down.
  watcher.on('error', () => undefined);

  return {
    statuses: () => [...statuses.values()],
    close: () => {
      closed = true;
      watcher.close();
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
}

function isRunbookFile(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !name.startsWith('.');
}
