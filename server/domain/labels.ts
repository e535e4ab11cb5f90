// Vocabulary and place labels for search results, read once and kept until the database
// changes. At 100,000 initiatives a search page names hundreds of areas; reading their
// labels on every request cost more than counting the facets.
//
// The key is SQLite's own change counters, not the catalogue revision: renaming an area
// or relabelling a term does not bump `meta.catalogue`, but it does move these.
// `total_changes()` counts every row this connection changed; `data_version` moves when
// another connection (a script, a second process) commits. Both are read without
// touching any table.
import type Database from 'better-sqlite3';
import { loadPlaceNames, loadVocabulary, type Vocabulary } from './catalogue.ts';

export interface SearchLabels {
  vocab: Vocabulary;
  places: ReturnType<typeof loadPlaceNames>;
}

interface Entry {
  key: string;
  labels: SearchLabels;
  keyStmt: Database.Statement;
}

const cache = new WeakMap<Database.Database, Entry>();

/** The labels for `sqlite`, from cache unless anything in the database changed since. */
export function loadSearchLabels(sqlite: Database.Database): SearchLabels {
  let entry = cache.get(sqlite);
  const keyStmt =
    entry?.keyStmt ??
    sqlite.prepare(`SELECT (SELECT data_version FROM pragma_data_version()) || ':' || total_changes()`).pluck();
  const key = keyStmt.get() as string;
  if (entry && entry.key === key) return entry.labels;
  entry = { key, keyStmt, labels: { vocab: loadVocabulary(sqlite), places: loadPlaceNames(sqlite) } };
  cache.set(sqlite, entry);
  return entry.labels;
}
