// Searching the other records: areas, programmes, organisations, events and resources
// whose documents (record-documents.ts, kept current by the change feed) match the
// user's words. Shown beside the initiative results, so a place, a programme, an
// organisation, a speaker or a talk title typed into search finds its record. The same
// FTS5 expression as the initiative search (escapeFtsQuery: every word quoted and
// prefix-matched, glossary spellings, stems and plain spellings included); names weigh most.
import type Database from 'better-sqlite3';
import type { RecordDocumentKind } from './record-documents.ts';
import { escapeFtsQuery } from './text.ts';
import { applyToEmbeddedIndexIfWritable } from './change-feed.ts';

export interface RecordHit {
  kind: RecordDocumentKind;
  id: number;
  score: number;
}

export interface RecordSearchResult {
  /** Per kind: how many records match, and the best `limit` of them. */
  byKind: Partial<Record<RecordDocumentKind, { total: number; hits: RecordHit[] }>>;
}

const WEIGHTS = [10, 4, 1, 0.2]; // title, names, body, variants (stems and plain spellings)

const statements = new WeakMap<Database.Database, Database.Statement>();

/** Records matching `q`, best first per kind; `kinds` narrows the kinds searched. */
export function searchRecords(
  sqlite: Database.Database,
  q: string,
  options: { limit?: number; kinds?: RecordDocumentKind[] } = {},
): RecordSearchResult {
  const match = escapeFtsQuery(q);
  if (match === null) return { byKind: {} };
  applyToEmbeddedIndexIfWritable(sqlite);
  let stmt = statements.get(sqlite);
  if (!stmt) {
    stmt = sqlite
      .prepare(
        `SELECT d.kind, d.record_id, bm25(record_fts, ${WEIGHTS.join(', ')}) AS score
         FROM record_fts JOIN record_documents d ON d.doc_id = record_fts.rowid
         WHERE record_fts MATCH ? ORDER BY score`,
      )
      .raw();
    statements.set(sqlite, stmt);
  }
  const limit = options.limit ?? 5;
  const wanted = options.kinds ? new Set(options.kinds) : null;
  const byKind: RecordSearchResult['byKind'] = {};
  for (const [kind, id, score] of stmt.all(match) as [RecordDocumentKind, number, number][]) {
    if (wanted && !wanted.has(kind)) continue;
    const bucket = (byKind[kind] ??= { total: 0, hits: [] });
    bucket.total++;
    if (bucket.hits.length < limit) bucket.hits.push({ kind, id, score: -score });
  }
  return { byKind };
}
