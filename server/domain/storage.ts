// Whether the database can take writes: a read-only file or connection, a full disk or an
// I/O error. Write failures are noted where they happen (noteStorageError) so /health and
// /ready can say what is wrong, and the error handler answers with a clear 503 instead of
// a 500. Plain functions of the better-sqlite3 handle; no HTTP here.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

export type StorageProblem = 'read-only' | 'disk-full' | 'io-error';

export interface StorageState {
  writable: boolean;
  problem: StorageProblem | null;
  detail: string | null;
}

/** Below this much free space on the database's file system, writes are refused soon. */
export const MIN_FREE_BYTES = 8 * 1024 * 1024;
/** A noted write failure counts for this long after it happened. */
const NOTED_FOR_MS = 60_000;

const noted = new WeakMap<Database.Database, { problem: StorageProblem; detail: string; at: number }>();

/** The storage problem an error from SQLite (or the file system) stands for, if any. */
export function storageProblemOf(err: unknown): StorageProblem | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'read-only';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'disk-full';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'EIO') return 'io-error';
  return null;
}

/**
 * Whether an error from SQLite means another connection held the write lock for longer than
 * the busy timeout (a full index rebuild holds it for the whole rebuild): nothing is wrong
 * with the database, and the same write a moment later succeeds.
 */
export function isDatabaseBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Remembers a storage failure of `sqlite` (for /health); true if `err` was one. */
export function noteStorageError(sqlite: Database.Database, err: unknown, now = Date.now()): boolean {
  const problem = storageProblemOf(err);
  if (!problem) return false;
  noted.set(sqlite, { problem, detail: (err as Error).message, at: now });
  return true;
}

/** Forgets noted failures (after a write succeeded again). */
export function clearStorageError(sqlite: Database.Database): void {
  noted.delete(sqlite);
}

/**
 * What is known about the database's writability now: the connection's own flags, the
 * file's permissions, free space on its file system, and a failure noted in the last minute.
 */
export function checkStorage(sqlite: Database.Database, file: string, now = Date.now()): StorageState {
  const bad = (problem: StorageProblem, detail: string): StorageState => ({ writable: false, problem, detail });
  if (sqlite.readonly) return bad('read-only', 'the database was opened read-only');
  if (sqlite.pragma('query_only', { simple: true })) return bad('read-only', 'the database connection is read-only (query_only)');
  if (!sqlite.memory && file !== ':memory:') {
    try {
      fs.accessSync(file, fs.constants.W_OK);
    } catch (err) {
      return bad('read-only', `the database file is not writable (${(err as NodeJS.ErrnoException).code})`);
    }
    try {
      const stats = fs.statfsSync(path.dirname(path.resolve(file)));
      const free = stats.bavail * stats.bsize;
      if (free < MIN_FREE_BYTES) return bad('disk-full', `${Math.floor(free / 1024)} KiB free on the database's disk`);
    } catch {
      // statfs is not available everywhere; the noted errors still tell.
    }
  }
  const last = noted.get(sqlite);
  if (last && now - last.at < NOTED_FOR_MS) return bad(last.problem, last.detail);
  return { writable: true, problem: null, detail: null };
}
