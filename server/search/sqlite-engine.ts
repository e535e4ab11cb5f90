// The embedded engine: FTS5 (in the catalogue's own SQLite file) finds and ranks the
// text matches; an in-memory table of every initiative's facet values filters them and
// counts all facets in one pass over the match set. The in-memory table is rebuilt when
// the catalogue's revision counter (bumped by triggers on every change) moves.
import type Database from 'better-sqlite3';
import {
  FACETS,
  effectiveSort,
  periodOverlaps,
  type EngineHealth,
  type EngineResult,
  type FacetCount,
  type FacetName,
  type SearchEngine,
  type SearchQuery,
} from './types.ts';
import { escapeFtsQuery } from './text.ts';
import { loadSearchDocuments, type SearchDocument } from './documents.ts';

/** BM25 column weights: title, places, programme, body (summaries and outcomes). */
export const BM25_WEIGHTS = [10, 5, 3, 1] as const;

interface Entry {
  id: number;
  slug: string;
  values: Record<FacetName, string[]>;
  periodStart: number | null;
  periodEnd: number | null;
}

interface Snapshot {
  revision: number;
  entries: Entry[];
  byId: Map<number, number>;
  /** Positions in `entries` ordered for each non-relevance sort. */
  order: { newest: Int32Array; oldest: Int32Array; titleNb: Int32Array; titleEn: Int32Array };
  /** Rank of each entry in newest order: the tie-break for relevance. */
  newestRank: Int32Array;
}

function facetValues(doc: SearchDocument): Record<FacetName, string[]> {
  return {
    country: [doc.country],
    programme: doc.programme ? [doc.programme] : [],
    area: doc.areas,
    measure: doc.measure,
    theme: doc.theme,
    target: doc.target,
    decade: doc.decade,
  };
}

function compareNullable(a: number | null, b: number | null, dir: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1; // unknown years last, whichever the direction
  if (b === null) return -1;
  return (a - b) * dir;
}

function buildSnapshot(sqlite: Database.Database, revision: number): Snapshot {
  const docs = loadSearchDocuments(sqlite);
  const entries: Entry[] = docs.map((d) => ({
    id: d.id,
    slug: d.slug,
    values: facetValues(d),
    periodStart: d.periodStart,
    periodEnd: d.periodEnd,
  }));
  const byId = new Map(entries.map((e, i) => [e.id, i]));
  const positions = () => Int32Array.from(entries.keys());
  const newest = positions().sort(
    (a, b) =>
      compareNullable(entries[a].periodStart, entries[b].periodStart, -1) ||
      compareNullable(entries[a].periodEnd, entries[b].periodEnd, -1) ||
      entries[b].id - entries[a].id,
  );
  const oldest = positions().sort(
    (a, b) =>
      compareNullable(entries[a].periodStart, entries[b].periodStart, 1) ||
      compareNullable(entries[a].periodEnd, entries[b].periodEnd, 1) ||
      entries[a].id - entries[b].id,
  );
  const nb = new Intl.Collator('nb', { sensitivity: 'base', numeric: true });
  const en = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  const titleNbOf = (d: SearchDocument) => d.titleNb ?? d.titleOriginal ?? d.titleEn;
  const titleNb = positions().sort(
    (a, b) => nb.compare(titleNbOf(docs[a]), titleNbOf(docs[b])) || entries[a].id - entries[b].id,
  );
  const titleEn = positions().sort(
    (a, b) => en.compare(docs[a].titleEn, docs[b].titleEn) || entries[a].id - entries[b].id,
  );
  const newestRank = new Int32Array(entries.length);
  newest.forEach((pos, rank) => (newestRank[pos] = rank));
  return { revision, entries, byId, order: { newest, oldest, titleNb, titleEn }, newestRank };
}

export class SqliteSearchEngine implements SearchEngine {
  readonly name = 'sqlite';
  private snapshot: Snapshot | null = null;
  private readonly revisionStmt: Database.Statement;
  private readonly matchStmt: Database.Statement;

  constructor(private readonly sqlite: Database.Database) {
    this.revisionStmt = sqlite.prepare(`SELECT value FROM meta WHERE key = 'catalogue'`).pluck();
    this.matchStmt = sqlite
      .prepare(`SELECT rowid, bm25(search_fts, ${BM25_WEIGHTS.join(', ')}) FROM search_fts WHERE search_fts MATCH ?`)
      .raw();
  }

  /** The current in-memory table, rebuilt if the catalogue changed since it was built. */
  private current(): Snapshot {
    const revision = (this.revisionStmt.get() as number | undefined) ?? 0;
    if (!this.snapshot || this.snapshot.revision !== revision) {
      this.snapshot = buildSnapshot(this.sqlite, revision);
    }
    return this.snapshot;
  }

  /** Builds the in-memory table now instead of on the first search. */
  warm(): void {
    this.current();
  }

  async search(query: SearchQuery): Promise<EngineResult> {
    return this.searchSync(query);
  }

  searchSync(query: SearchQuery): EngineResult {
    const snap = this.current();
    const match = escapeFtsQuery(query.q);
    const sort = effectiveSort(query, match !== null);

    // 1. The text match set (all entries without a text query).
    let scores: Map<number, number> | null = null;
    if (match !== null) {
      scores = new Map();
      for (const [rowid, score] of this.matchStmt.iterate(match) as Iterable<[number, number]>) {
        const pos = snap.byId.get(rowid);
        if (pos !== undefined) scores.set(pos, score);
      }
    }

    // 2. One pass: an entry that passes every facet filter is a hit and counts for every
    // facet; one that fails exactly one facet still counts for that facet (disjunctive).
    const selected = FACETS.map((f) => (query.filters[f].length ? new Set(query.filters[f]) : null));
    const counts = FACETS.map(() => new Map<string, number>());
    const passing: number[] = [];
    const visit = (pos: number) => {
      const e = snap.entries[pos];
      if (!periodOverlaps(e.periodStart, e.periodEnd, query.from, query.to)) return;
      let failed = -1;
      for (let f = 0; f < FACETS.length; f++) {
        const sel = selected[f];
        if (sel === null) continue;
        const vals = e.values[FACETS[f]];
        let ok = false;
        for (let i = 0; i < vals.length; i++) if (sel.has(vals[i])) { ok = true; break; }
        if (!ok) {
          if (failed !== -1) return; // fails two facets: counts nowhere
          failed = f;
        }
      }
      if (failed === -1) {
        passing.push(pos);
        for (let f = 0; f < FACETS.length; f++) bump(counts[f], e.values[FACETS[f]]);
      } else {
        bump(counts[failed], e.values[FACETS[failed]]);
      }
    };
    if (scores) for (const pos of scores.keys()) visit(pos);
    else for (let pos = 0; pos < snap.entries.length; pos++) visit(pos);

    // 3. Order and page.
    let ordered: ArrayLike<number>;
    if (sort === 'relevance' && scores) {
      const s = scores;
      ordered = passing.sort((a, b) => s.get(a)! - s.get(b)! || snap.newestRank[a] - snap.newestRank[b]);
    } else {
      const order =
        sort === 'oldest'
          ? snap.order.oldest
          : sort === 'title'
            ? query.locale === 'en' ? snap.order.titleEn : snap.order.titleNb
            : snap.order.newest;
      const keep = new Uint8Array(snap.entries.length);
      for (const pos of passing) keep[pos] = 1;
      const out: number[] = [];
      for (let i = 0; i < order.length; i++) if (keep[order[i]]) out.push(order[i]);
      ordered = out;
    }
    const start = (query.page - 1) * query.perPage;
    const hits = [];
    for (let i = start; i < Math.min(ordered.length, start + query.perPage); i++) {
      const e = snap.entries[ordered[i]];
      hits.push({ id: e.id, slug: e.slug, score: scores?.get(ordered[i]) });
    }

    const facets = {} as Record<FacetName, FacetCount[]>;
    FACETS.forEach((f, i) => {
      facets[f] = toFacetCounts(counts[i], query.filters[f]);
    });
    return { engine: this.name, total: passing.length, hits, facets };
  }

  async health(): Promise<EngineHealth> {
    try {
      this.sqlite.prepare(`SELECT count(*) FROM search_fts WHERE search_fts MATCH '"a"*'`).get();
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    this.snapshot = null;
  }
}

function bump(map: Map<string, number>, values: string[]): void {
  for (let i = 0; i < values.length; i++) map.set(values[i], (map.get(values[i]) ?? 0) + 1);
}

/** Counts as a list; every selected value is kept even when nothing matches it. */
export function toFacetCounts(counts: Map<string, number>, selectedValues: string[]): FacetCount[] {
  const selected = new Set(selectedValues);
  const out: FacetCount[] = [];
  for (const [value, count] of counts) out.push({ value, count, selected: selected.has(value) });
  for (const value of selected) if (!counts.has(value)) out.push({ value, count: 0, selected: true });
  return out;
}
