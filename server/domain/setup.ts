// Brings a database file to a usable state: migrations, then the shipped seed when the
// catalogue is empty. Used by `npm start`, the scripts and the tests alike.
import type Database from 'better-sqlite3';
import { openDatabase, runMigrations, type DatabaseHandle } from '../../db/client.ts';
import { importCatalogue, type CatalogueInput, type ImportReport } from './import-catalogue.ts';

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
    return { handle, seeded };
  } catch (err) {
    handle.close();
    throw err;
  }
}
