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
import type { TermKind } from '../../db/schema.ts';

export interface Label {
  nb: string;
  en: string;
}

/** Every vocabulary: countries and each term kind, code -> label, plus order and definitions. */
export type VocabularyKind = 'country' | TermKind;
export type Vocabulary = Record<VocabularyKind, Map<string, Label>> & {
  /** Order of each vocabulary's codes, for stable facet and badge order. */
  order: Record<VocabularyKind, string[]>;
  /** One-line definitions (help text), where a term has one. */
  definitions: Record<VocabularyKind, Map<string, Label>>;
};

export type PlaceKind = 'programme' | 'area' | 'organisation';

export interface SearchLabels {
  vocab: Vocabulary;
  /** Names of records facets filter by, by slug. */
  places: Record<PlaceKind, Map<string, Label>>;
}

export function loadVocabulary(sqlite: Database.Database): Vocabulary {
  const maps = () => new Proxy({} as Record<string, Map<string, Label>>, { get: (t, k: string) => (t[k] ??= new Map()) });
  const orders = new Proxy({} as Record<string, string[]>, { get: (t, k: string) => (t[k] ??= []) });
  const labels = maps();
  const definitions = maps();
  for (const c of sqlite.prepare(`SELECT code, name_nb, name_en FROM countries ORDER BY sort_order, code`).all() as {
    code: string;
    name_nb: string;
    name_en: string;
  }[]) {
    labels.country.set(c.code, { nb: c.name_nb, en: c.name_en });
    orders.country.push(c.code);
  }
  for (const t of sqlite
    .prepare(`SELECT kind, code, label_nb, label_en, definition_nb, definition_en FROM terms ORDER BY kind, sort_order, code`)
    .all() as { kind: string; code: string; label_nb: string; label_en: string; definition_nb: string; definition_en: string }[]) {
    labels[t.kind].set(t.code, { nb: t.label_nb, en: t.label_en });
    if (t.definition_nb || t.definition_en) definitions[t.kind].set(t.code, { nb: t.definition_nb, en: t.definition_en });
    orders[t.kind].push(t.code);
  }
  return Object.assign(labels, { order: orders, definitions }) as unknown as Vocabulary;
}

/** Names for programme, area and organisation slugs (facet labels). */
export function loadPlaceNames(sqlite: Database.Database): SearchLabels['places'] {
  const read = (sql: string) => new Map((sqlite.prepare(sql).raw().all() as [string, string, string][]).map(([slug, nb, en]) => [slug, { nb, en }]));
  return {
    programme: read(`SELECT slug, coalesce(name_nb, name_original), name_en FROM programmes`),
    area: read(`SELECT slug, name, name FROM areas`),
    organisation: read(`SELECT slug, coalesce(short_name || ' – ' || name, name), coalesce(name_en, name) FROM organisations`),
  };
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
