// Brings a database file to a usable state: migrations, then the shipped seed when the
// catalogue is empty, then the search index brought up to date from the change feed.
// Used by `npm start`, the scripts and the tests alike.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { checkpointWal, openDatabase, runMigrations, type DatabaseHandle } from '../../db/client.ts';
import { importCatalogue, type CatalogueInput, type ImportReport } from './import-catalogue.ts';
import { applyToEmbeddedIndex, enqueueAll } from '../search/change-feed.ts';

/**
 * Version of what the search documents hold. Bump it when what the projectors
 * (search/documents.ts, search/record-documents.ts) write changes: the next start queues
 * every document on the change feed once, and the index is rewritten from it.
 */
export const SEARCH_DOCUMENT_VERSION = 6;

/** Queues every document if they were built by an older version of the code; true if it did. */
export function ensureSearchDocuments(sqlite: Database.Database): boolean {
  const read = () => sqlite.prepare(`SELECT value FROM meta WHERE key = 'search_documents'`).pluck().get() as number | undefined;
  if (read() === SEARCH_DOCUMENT_VERSION) return false;
  // Read again under the write lock: another process starting now may have queued them.
  return sqlite.transaction(() => {
    if (read() === SEARCH_DOCUMENT_VERSION) return false;
    enqueueAll(sqlite);
    sqlite
      .prepare(`INSERT INTO meta (key, value) VALUES ('search_documents', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
      .run(SEARCH_DOCUMENT_VERSION);
    return true;
  }).immediate();
}

export function countInitiatives(sqlite: Database.Database): number {
  return sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number;
}

export interface PreparedDatabase {
  handle: DatabaseHandle;
  seeded: ImportReport | null;
}

/** A start-up problem a person can act on; its message names the file. */
export class DatabaseSetupError extends Error {}

export interface PrepareOptions {
  /**
   * Create the file when it does not exist (default true, for callers that chose the
   * file). `npm start` passes false unless the first-run rule allows it (config.ts
   * mayCreateDatabase): a mistyped or unmounted DB_FILE must not quietly become a new
   * database.
   */
  create?: boolean;
}

/**
 * Opens `file`, applies migrations and, if the catalogue is empty and a catalogue is
 * given, imports it; then applies the change feed to the embedded index. Safe for
 * several processes at once: each read-then-write step holds the write lock.
 */
export function prepareDatabase(file: string, seed?: () => CatalogueInput, options: PrepareOptions = {}): PreparedDatabase {
  if (file !== ':memory:' && options.create === false && !fs.existsSync(file)) {
    throw new DatabaseSetupError(
      `DB_FILE ${JSON.stringify(file)} does not exist. Check the path (is the volume mounted?), or start with --init (or DB_INIT=true) to create a new database there.`,
    );
  }
  let handle: DatabaseHandle;
  try {
    handle = openDatabase(file);
  } catch (err) {
    throw new DatabaseSetupError(`DB_FILE ${JSON.stringify(file)} cannot be opened: ${(err as Error).message}`);
  }
  try {
    runMigrations(handle);
    let seeded: ImportReport | null = null;
    if (seed && countInitiatives(handle.sqlite) === 0) {
      // Checked again under the write lock: of several processes starting on an empty
      // file, one loads the seed and the others find it loaded.
      const catalogue = seed();
      seeded = handle.sqlite.transaction(() => (countInitiatives(handle.sqlite) === 0 ? importCatalogue(handle.sqlite, catalogue) : null)).immediate();
    }
    ensureSearchDocuments(handle.sqlite);
    applyToEmbeddedIndex(handle.sqlite);
    checkpointWal(handle.sqlite);
    return { handle, seeded };
  } catch (err) {
    handle.close();
    if (err instanceof DatabaseSetupError) throw err;
    throw new DatabaseSetupError(`DB_FILE ${JSON.stringify(file)} could not be prepared: ${(err as Error).message}`, { cause: err });
  }
}
