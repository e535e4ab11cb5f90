// Opens the catalogue database: WAL for concurrent readers, foreign keys on, and the
// drizzle handle beside the raw better-sqlite3 one (FTS5 and hot paths use the latter).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;

export interface DatabaseHandle {
  sqlite: Database.Database;
  db: Db;
  file: string;
  close(): void;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

/** Opens (and creates, with its folder) the SQLite file. `:memory:` works too. */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): DatabaseHandle {
  if (file !== ':memory:' && !options.readonly) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const sqlite = new Database(file, { readonly: options.readonly ?? false });
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  return { sqlite, db, file, close: () => sqlite.close() };
}

/**
 * Applies every pending migration in migrations/ (drizzle-kit output plus custom SQL).
 * Foreign keys are off while they run (SQLite's own procedure for rebuilding a table:
 * with them on, dropping the old copy would cascade into every table that points at it)
 * and checked afterwards: a migration that leaves a dangling reference fails loudly.
 */
export function runMigrations(handle: DatabaseHandle): void {
  handle.sqlite.pragma('foreign_keys = OFF');
  try {
    const before = appliedMigrations(handle);
    migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
    // Checking every reference reads every table: only worth it when a migration ran.
    if (appliedMigrations(handle) === before) return;
    const dangling = handle.sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
    if (dangling.length > 0) {
      const where = [...new Set(dangling.map((d) => `${d.table} -> ${d.parent}`))].join(', ');
      throw new Error(`migrations left ${dangling.length} broken foreign key reference(s): ${where}`);
    }
  } finally {
    handle.sqlite.pragma('foreign_keys = ON');
  }
}

/** How many migrations the database has recorded (0 for a new file). */
function appliedMigrations(handle: DatabaseHandle): number {
  const table = handle.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`).get();
  return table ? (handle.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n : 0;
}
