/**
 * Opens the bot's SQLite state file, or stops the bot with an error that names STATE_DB and says
 * what to do. A state file that cannot be used must never turn into a silently empty store: the
 * open diagnoses in it would be forgotten and their threads' buttons would stop answering.
 */
import { SqliteStateStore, type SqliteStateStoreOptions } from './sqlite-state-store.ts';

export class StateDbError extends Error {
  override readonly name = 'StateDbError';
  readonly code = 'state_db_unusable';

  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`STATE_DB=${path} cannot be used: ${reason}. ${adviceFor(cause)}`, { cause });
  }
}

export function openSqliteStateStore(options: SqliteStateStoreOptions): SqliteStateStore {
  try {
    return new SqliteStateStore(options);
  } catch (error) {
    throw new StateDbError(options.path, error);
  }
}

function adviceFor(cause: unknown): string {
  const code = (cause as { code?: string }).code ?? '';
  const message = cause instanceof Error ? cause.message : '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /not a database|malformed/i.test(message))
    return 'It is not a diagnose-502 state file, or it is damaged: move it aside (keep it for a post-mortem) and start the bot again with a new file.';
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || /readonly|read-only/i.test(message))
    return 'The bot must be able to write it and its folder (SQLite adds -wal and -shm files beside it): fix the permissions or point STATE_DB at a writable path.';
  if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EROFS')
    return 'Its folder cannot be created or written: point STATE_DB at a file in a writable folder.';
  return 'Point STATE_DB at a writable file (it is created when missing).';
}
