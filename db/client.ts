// Opens the catalogue database: WAL for concurrent readers, foreign keys on, and the
// drizzle handle beside the raw better-sqlite3 one (FTS5 and hot paths use the latter).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;

export interface DatabaseHandle {
  sqlite: Database.Database;
  db: Db;
  file: string;
  close(): void;
}

/** How long a statement waits for another process's write lock before failing. */
export const BUSY_TIMEOUT_MS = 10_000;
/** Bytes the WAL file is truncated to after a checkpoint. */
export const JOURNAL_SIZE_LIMIT = 32 * 1024 * 1024;
/** Above this many WAL pages after a write, checkpointWal() runs a truncating checkpoint. */
const BIG_WAL_PAGES = 4096;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

/** Opens (and creates, with its folder) the SQLite file. `:memory:` works too. */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): DatabaseHandle {
  if (file !== ':memory:' && !options.readonly) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const sqlite = new Database(file, { readonly: options.readonly ?? false, timeout: BUSY_TIMEOUT_MS });
  // The busy timeout first: switching a fresh file to WAL takes a lock another process
  // starting at the same moment may hold.
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!options.readonly) {
    switchToWal(sqlite);
    // After a checkpoint the WAL file is cut back to this size instead of staying as large
    // as the biggest write ever made (a reset of a large catalogue leaves hundreds of MB).
    sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  return { sqlite, db, file, close: () => sqlite.close() };
}

/**
 * Switches the file to WAL. When two processes switch one fresh file at once, SQLite fails
 * one of them at once with SQLITE_BUSY (waiting could deadlock), without calling its busy
 * handler; that one tries again for up to BUSY_TIMEOUT_MS, by when the other has switched
 * the file and the switch is a no-op. (Seen once in a full test run on a busy machine:
 * one of three processes starting together could not open the database.)
 */
function switchToWal(sqlite: Database.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.random() * 40);
    }
  }
}

/**
 * Applies every pending migration in migrations/ (drizzle-kit output plus custom SQL),
 * recorded in drizzle's own __drizzle_migrations table.
 *
 * Several processes may start on one fresh file at once, so the check for what is
 * already applied and the applying happen in one IMMEDIATE transaction: the first process
 * takes the write lock, the others wait for it (busy timeout) and then find everything
 * applied. (drizzle's migrate() reads the journal before its deferred BEGIN, so two
 * processes both apply the first migration and one fails with "table already exists".)
 *
 * Foreign keys are off while they run (SQLite's own procedure for rebuilding a table:
 * with them on, dropping the old copy would cascade into every table that points at it)
 * and checked afterwards: a migration that leaves a dangling reference fails loudly.
 */
export function runMigrations(handle: DatabaseHandle): number {
  const { sqlite } = handle;
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  sqlite.pragma('foreign_keys = OFF');
  try {
    const apply = sqlite.transaction((): number => {
      sqlite.exec(`CREATE TABLE IF NOT EXISTS __drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
      const last = sqlite.prepare(`SELECT max(created_at) FROM __drizzle_migrations`).pluck().get() as number | null;
      let applied = 0;
      for (const migration of migrations) {
        if (last !== null && Number(last) >= migration.folderMillis) continue;
        for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
        sqlite.prepare(`INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)`).run(migration.hash, migration.folderMillis);
        applied++;
      }
      // Checking every reference reads every table: only worth it when a migration ran.
      const dangling = applied > 0 ? (sqlite.pragma('foreign_key_check') as { table: string; parent: string }[]) : [];
      if (dangling.length > 0) {
        const where = [...new Set(dangling.map((d) => `${d.table} -> ${d.parent}`))].join(', ');
        throw new Error(`migrations left ${dangling.length} broken foreign key reference(s): ${where}`);
      }
      return applied;
    });
    return apply.immediate();
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

/** The migrations in migrations/ not yet applied to this database (0 when up to date). */
export function pendingMigrations(sqlite: Database.Database): number {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  const table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE name = '__drizzle_migrations'`).get();
  if (!table) return migrations.length;
  const last = sqlite.prepare(`SELECT max(created_at) FROM __drizzle_migrations`).pluck().get() as number | null;
  return migrations.filter((m) => last === null || Number(last) < m.folderMillis).length;
}

/**
 * After a big write (an import, a reset, a full reindex) copies the WAL back into the
 * database and truncates it, so the -wal file does not stay at the size of that write.
 * Cheap when the WAL is small: it only runs above BIG_WAL_PAGES.
 */
export function checkpointWal(sqlite: Database.Database, options: { force?: boolean } = {}): void {
  if (sqlite.memory || sqlite.readonly) return;
  const [status] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  if (!status || (!options.force && status.log < BIG_WAL_PAGES)) return;
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
}
