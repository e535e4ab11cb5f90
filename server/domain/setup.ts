// Brings a database file to a usable state: migrations, then the shipped seed when the
// catalogue is empty. Used by `npm start`, the scripts and the tests alike.
import type Database from 'better-sqlite3';
import { openDatabase, runMigrations, type DatabaseHandle } from '../../db/client.ts';
import { importCatalogue, type CatalogueInput, type ImportReport } from './import-catalogue.ts';
import { refreshSearchDocuments } from '../search/documents.ts';

/**
 * Version of what search_documents holds. Bump it when ftsColumns() changes: the next
 * start rewrites every document (and so the FTS5 index) once.
 */
export const SEARCH_DOCUMENT_VERSION = 2;

/** Rewrites the search documents if they were built by an older version of the code. */
export function ensureSearchDocuments(sqlite: Database.Database): boolean {
  const stored = sqlite.prepare(`SELECT value FROM meta WHERE key = 'search_documents'`).pluck().get() as number | undefined;
  if (stored === SEARCH_DOCUMENT_VERSION) return false;
  sqlite.transaction(() => {
    refreshSearchDocuments(sqlite);
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
 * given, imports it.
 */
export function prepareDatabase(file: string, seed?: () => CatalogueInput): PreparedDatabase {
  const handle = openDatabase(file);
  try {
    runMigrations(handle);
    let seeded: ImportReport | null = null;
    if (seed && countInitiatives(handle.sqlite) === 0) seeded = importCatalogue(handle.sqlite, seed());
    ensureSearchDocuments(handle.sqlite);
    return { handle, seeded };
  } catch (err) {
    handle.close();
    throw err;
  }
}
