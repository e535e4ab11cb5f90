// Brings a database file to a usable state: migrations, then the shipped seed when the
// catalogue is empty, then the search index brought up to date from the change feed.
// Used by `npm start`, the scripts and the tests alike.
import type Database from 'better-sqlite3';
import { openDatabase, runMigrations, type DatabaseHandle } from '../../db/client.ts';
import { importCatalogue, type CatalogueInput, type ImportReport } from './import-catalogue.ts';
import { applyToEmbeddedIndex, enqueueAll } from '../search/change-feed.ts';

/**
 * Version of what the search documents hold. Bump it when what the projectors
 * (search/documents.ts, search/record-documents.ts) write changes: the next start queues
 * every document on the change feed once, and the index is rewritten from it.
 */
export const SEARCH_DOCUMENT_VERSION = 4;

/** Queues every document if they were built by an older version of the code; true if it did. */
export function ensureSearchDocuments(sqlite: Database.Database): boolean {
  const stored = sqlite.prepare(`SELECT value FROM meta WHERE key = 'search_documents'`).pluck().get() as number | undefined;
  if (stored === SEARCH_DOCUMENT_VERSION) return false;
  sqlite.transaction(() => {
    enqueueAll(sqlite);
    sqlite
      .prepare(`INSERT INTO meta (key, value) VALUES ('search_documents', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
      .run(SEARCH_DOCUMENT_VERSION);
  })();
  return true;
}

export function countInitiatives(sqlite: Database.Database): number {
  return sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number;
}

export interface PreparedDatabase {
  handle: DatabaseHandle;
  seeded: ImportReport | null;
}

/**
 * Opens `file`, applies migrations and, if the catalogue is empty and a catalogue is
 * given, imports it; then applies the change feed to the embedded index.
 */
export function prepareDatabase(file: string, seed?: () => CatalogueInput): PreparedDatabase {
  const handle = openDatabase(file);
  try {
    runMigrations(handle);
    let seeded: ImportReport | null = null;
    if (seed && countInitiatives(handle.sqlite) === 0) seeded = importCatalogue(handle.sqlite, seed());
    ensureSearchDocuments(handle.sqlite);
    applyToEmbeddedIndex(handle.sqlite);
    return { handle, seeded };
  } catch (err) {
    handle.close();
    throw err;
  }
}
