// The embedded engine: FTS5 (in the catalogue's own SQLite file) finds and ranks the
// text matches (ranking.ts); an in-memory table of every initiative's facet values
// (facet-table.ts) filters them and counts all facets in one pass over the match set
// (counting.ts). The in-memory table is rebuilt when the catalogue's revision counter
// (bumped by triggers on every change) moves.
//
// Built for 100,000+ initiatives (see docs/benchmarks.md):
// - facet values are interned per facet and stored as value ids in flat typed arrays
//   (one offsets array and one ids array per facet), so the counting pass touches no
//   strings, Maps or Sets;
// - bm25 is only computed when the sort is relevance, and only the page's top k are
//   ordered (heap selection), not the whole match set;
// - the empty query's counts are computed once per revision;
// - recent FTS5 match sets (row ids and scores) are kept in a small LRU per revision,
//   so toggling facets, paging and re-sorting the same words skip FTS5 entirely. The
//   filters and every count are still computed from scratch on each search;
// - with `ftsWorker`, an FTS5 read that is not cached runs in a worker thread
//   (fts-worker.ts) with its own connection, so a common word's hundreds of thousands of
//   rows do not stop the event loop; counting and ranking stay here;
// - title orders (Intl.Collator, the slowest part of a build) are built on first use;
// - the app keeps the table in the database (facet-table-store.ts), so a restart reads it
//   back instead of building it when nothing it holds has changed.
import { applyToEmbeddedIndexIfWritable, EMBEDDED_CONSUMER } from '../change-feed.ts';
import type Database from 'better-sqlite3';
import {
  effectiveSort,
  type EngineHealth,
  type EngineHit,
  type EngineResult,
  type FacetCount,
  type SearchEngine,
  type SearchQuery,
} from '../types.ts';
import { buildFtsQuery, type FtsQuery } from '../text.ts';
import { FACETS, type FacetRegistry } from '../facets.ts';
import { buildSnapshot, type CountedSet, type MatchSet, type Snapshot } from './facet-table.ts';
import { readStoredSnapshot, storedKey, storeKey, storeSnapshot } from './facet-table-store.ts';
import { allEntryCounts, countPass, filterCandidates, toFacetCounts } from './counting.ts';
import {
  ALL_EXACT_CHECK_FROM,
  BM25_WEIGHTS,
  EXACT_PROBE_LIMITS,
  exactnessFrom,
  type ExactLookup,
  type ExactProbeLimits,
  firstInOrder,
  loadScores,
  relevanceTop,
  titleOrder,
  topK,
  unknownExactness,
} from './ranking.ts';
import { vocabularyOf, type Vocabulary } from './vocabulary.ts';
import { FtsThread, type FtsMatch } from './fts-thread.ts';

const SCORED_SQL = `SELECT rowid, bm25(search_fts, ${BM25_WEIGHTS.join(', ')}) FROM search_fts WHERE search_fts MATCH ?`;
const ROWID_SQL = `SELECT rowid FROM search_fts WHERE search_fts MATCH ?`;
// The cast matters: a JS number is bound as a real, and FTS5 (SQLite 3.53) then ignores the
// rowid constraint and returns every match.
const PROBE_SQL = `SELECT 1 FROM search_fts WHERE search_fts MATCH ? AND rowid = CAST(? AS INTEGER)`;
const ANY_SQL = `SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1`;

/**
 * The counting passes kept per facet table: at most this many positions and counts in all
 * (4 bytes each: 2 MB) and this many searches. Paging or re-sorting a search then skips
 * its counting pass (about 5 ms for a filter that passes most of 100,000 initiatives).
 */
export const COUNTED_ROWS = 500_000;
export const COUNTED_ENTRIES = 128;

/** What a counting pass depends on: the words as FTS5 reads them, the chosen values and the period. */
function countedKey(match: FtsQuery | null, query: SearchQuery, names: readonly string[]): string {
  let key = `${match?.match ?? ''}\u0000${query.from ?? ''}\u0000${query.to ?? ''}`;
  for (const name of names) {
    const chosen = query.filters[name];
    if (chosen && chosen.length > 0) key += `\u0000${name}=${[...chosen].sort().join('\u0001')}`;
  }
  return key;
}

/** A match set read elsewhere (the FTS worker) for one FTS5 query. */
interface KnownMatch {
  match: string;
  scored: boolean;
  rows: FtsMatch;
}

export interface SqliteEngineOptions {
  /** Row ids kept in the match-set LRU across entries (0 turns the cache off). */
  matchCacheRows?: number;
  /** Most match sets kept. */
  matchCacheEntries?: number;
  /** The facets to file and count (the app's registry unless given). */
  facets?: FacetRegistry;
  /**
   * Read uncached FTS5 match sets in a worker thread (the app does; direct users such as
   * the benchmark's in-process measure do not). `delayMs` plays a slow query in tests.
   */
  ftsWorker?: boolean | { delayMs: number };
  /**
   * Keep the facet table in the database (facet-table-store.ts): read it back when it is
   * stored for the current revision instead of building it, and store it after the first
   * build and on close (the app does; direct users such as the benchmark's in-process
   * measure build it every time).
   */
  facetStore?: boolean;
  /**
   * With facetStore: store the table built at start-up this many milliseconds later (or on
   * close, if sooner) instead of at once, so the first pages are not kept waiting for the
   * write (27 MB at 100,000 initiatives: 0.1–0.7 s). The app waits a few seconds.
   */
  facetStoreDelayMs?: number;
  /** When ranking stops probing hits for exactness and reads the exact subset (tests). */
  exactProbeLimits?: ExactProbeLimits;
}

/**
 * Hits per search when every hit is collected: one counting pass per 10,000 hits instead of
 * one per page of 100 (a feed over 30,000 hits at 100,000 initiatives made 300 searches,
 * each ordering more of the hits than the last, and took seconds).
 */
export const BULK_PAGE_SIZE = 10_000;

export class SqliteSearchEngine implements SearchEngine {
  readonly name = 'sqlite';
  readonly bulkPageSize = BULK_PAGE_SIZE;
  private snapshot: Snapshot | null = null;
  private readonly revisionStmt: Database.Statement;
  private readonly scoredStmt: Database.Statement;
  private readonly rowidStmt: Database.Statement;
  private readonly probeStmt: Database.Statement;
  private readonly anyStmt: Database.Statement;
  private readonly cursorStmt: Database.Statement;
  /** The index's own words: typo matching and "did you mean" suggestions. */
  readonly vocabulary: Vocabulary;
  private readonly matchCacheRows: number;
  private readonly matchCacheEntries: number;
  readonly facets: FacetRegistry;
  private readonly fts: FtsThread | null;
  private readonly facetStore: boolean;
  private readonly facetStoreDelayMs: number;
  private storeTimer: NodeJS.Timeout | null = null;
  private readonly exactProbeLimits: ExactProbeLimits;
  /** Facet tables this engine has built or read. */
  private tables = 0;
  /** Exact subsets (ranking.ts relevanceTop) read whole rather than probed. */
  exactSubsetReads = 0;
  /** Where the current facet table came from: built from the catalogue, or read from the store. */
  facetTableFrom: 'built' | 'store' | null = null;
  /** The store key of the current facet table (null without the store). */
  private tableKey: string | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    options: SqliteEngineOptions = {},
  ) {
    this.matchCacheRows = options.matchCacheRows ?? 2_000_000;
    this.matchCacheEntries = options.matchCacheEntries ?? 256;
    this.facets = options.facets ?? FACETS;
    this.facetStore = options.facetStore ?? false;
    this.facetStoreDelayMs = options.facetStoreDelayMs ?? 0;
    this.exactProbeLimits = options.exactProbeLimits ?? EXACT_PROBE_LIMITS;
    this.revisionStmt = sqlite.prepare(`SELECT value FROM meta WHERE key = 'catalogue'`).pluck();
    this.scoredStmt = sqlite.prepare(SCORED_SQL).raw();
    this.rowidStmt = sqlite.prepare(ROWID_SQL).pluck();
    this.probeStmt = sqlite.prepare(PROBE_SQL).pluck();
    this.anyStmt = sqlite.prepare(ANY_SQL).pluck();
    this.cursorStmt = sqlite.prepare(`SELECT cursor FROM search_consumers WHERE name = ?`).pluck();
    this.vocabulary = vocabularyOf(sqlite);
    const worker = options.ftsWorker;
    // A worker needs the file (an in-memory database has none to open twice).
    this.fts =
      worker && sqlite.name && sqlite.name !== ':memory:' && !sqlite.memory
        ? new FtsThread({ file: sqlite.name, scoredSql: SCORED_SQL, rowidSql: ROWID_SQL, delayMs: typeof worker === 'object' ? worker.delayMs : undefined })
        : null;
  }

  /** Starts the FTS worker now (it otherwise starts with the first text search); false without one. */
  async startFtsWorker(): Promise<boolean> {
    return this.fts ? this.fts.start() : false;
  }

  get ftsWorkerReady(): boolean {
    return this.fts?.ready ?? false;
  }

  /** The FTS worker's state for /health: `off` without one (a failed worker means FTS5 is read on the main thread). */
  get ftsWorkerStatus(): 'off' | FtsThread['status'] {
    return this.fts?.status ?? 'off';
  }

  /** Match sets the worker has read (0 without one). */
  get ftsWorkerReads(): number {
    return this.fts?.reads ?? 0;
  }

  /** The current in-memory table, rebuilt if the catalogue changed since it was built. */
  private current(): Snapshot {
    // The change feed first: whatever any process changed is in this search.
    applyToEmbeddedIndexIfWritable(this.sqlite);
    const revision = (this.revisionStmt.get() as number | undefined) ?? 0;
    if (!this.snapshot || this.snapshot.revision !== revision) {
      this.snapshot = null; // let the old table go before building the new one
      this.snapshot = this.tableAt(revision);
    }
    return this.snapshot;
  }

  /** The facet table at `revision`: read from the store when it holds that one, else built. */
  private tableAt(revision: number): Snapshot {
    const first = this.tables++ === 0;
    // The key is taken now: the table is what was read now (this year's ongoing periods).
    this.tableKey = this.facetStore ? storeKey(this.facets, revision) : null;
    const stored = this.tableKey === null ? null : readStoredSnapshot(this.sqlite, this.facets, this.tableKey);
    this.facetTableFrom = stored ? 'store' : 'built';
    if (stored) return stored;
    const built = buildSnapshot(this.sqlite, revision, this.facets);
    // Stored when built at start-up (at once, or a moment later); later ones when the engine closes.
    if (this.tableKey !== null && first) {
      if (this.facetStoreDelayMs > 0) this.storeLater();
      else storeSnapshot(this.sqlite, built, this.tableKey);
    }
    return built;
  }

  /** Stores the current table after facetStoreDelayMs, unless close() does first. */
  private storeLater(): void {
    this.storeTimer = setTimeout(() => {
      this.storeTimer = null;
      this.storeCurrent();
    }, this.facetStoreDelayMs);
    this.storeTimer.unref(); // never keeps a process alive
  }

  /** Stores the current facet table unless the store holds it already (on close, or after facetStoreDelayMs). */
  private storeCurrent(): void {
    const snap = this.snapshot;
    const key = this.tableKey;
    if (!snap || key === null || !this.sqlite.open) return;
    try {
      if (((this.revisionStmt.get() as number | undefined) ?? 0) !== snap.revision) return; // out of date: the next start builds anew
      if (storedKey(this.sqlite) !== key) storeSnapshot(this.sqlite, snap, key);
    } catch {
      // A closing or read-only database: the next start builds the table.
    }
  }

  /**
   * The version of everything a search answer is built from: the change feed as far as
   * this index has applied it (every searchable record's changes), and the facet table's
   * revision. Applies the feed first, as a search does.
   */
  version(): string {
    const snap = this.current();
    return `${snap.revision}:${(this.cursorStmt.get(EMBEDDED_CONSUMER) as number | undefined) ?? 0}`;
  }

  /** Builds the in-memory table now instead of on the first search. */
  warm(): void {
    this.current();
  }

  /** Empties the match-set cache and the counting passes kept with it (the benchmark's "caches off"). */
  clearMatchCache(): void {
    if (this.snapshot) {
      this.snapshot.matches.clear();
      this.snapshot.matchRows = 0;
      this.snapshot.counted.clear();
      this.snapshot.countedRows = 0;
    }
  }

  /** A counting pass kept for `key`, made most recently used; undefined when there is none. */
  private countedFor(snap: Snapshot, key: string): CountedSet | undefined {
    const counted = snap.counted.get(key);
    if (counted) {
      snap.counted.delete(key);
      snap.counted.set(key, counted);
    }
    return counted;
  }

  /** Keeps a counting pass, dropping the least recently used beyond COUNTED_ROWS and COUNTED_ENTRIES. */
  private rememberCounted(snap: Snapshot, key: string, set: CountedSet): void {
    const size = set.passing.length + set.counts.length;
    if (size > COUNTED_ROWS) return;
    snap.counted.set(key, set);
    snap.countedRows += size;
    for (const [k, v] of snap.counted) {
      if (snap.countedRows <= COUNTED_ROWS && snap.counted.size <= COUNTED_ENTRIES) break;
      snap.counted.delete(k);
      snap.countedRows -= v.passing.length + v.counts.length;
    }
  }

  /**
   * The entries matching an FTS5 query, with bm25 scores over every column when `scored`.
   * Which of them are in the query's exact subset (every word whole, as typed: ranked above
   * prefix, stem, plain-spelling and typo matches) is learnt while ranking (relevanceTop).
   */
  private matchSet(snap: Snapshot, query: FtsQuery, scored: boolean, known?: KnownMatch): MatchSet {
    const match = query.match;
    const cached = snap.matches.get(match);
    if (cached && (cached.scores || !scored)) {
      snap.matches.delete(match); // most recently used goes last
      snap.matches.set(match, cached);
      return cached;
    }
    const posOfId = snap.posOfId;
    let result: MatchSet;
    if (known && known.match === match && (known.scored || !scored)) {
      result = this.fromRows(snap, known.rows, known.scored);
    } else if (scored) {
      const rows = this.scoredStmt.all(match) as [number, number][];
      const positions = new Int32Array(rows.length);
      const scores = new Float64Array(rows.length);
      let n = 0;
      for (let i = 0; i < rows.length; i++) {
        const id = rows[i][0];
        const pos = id < posOfId.length ? posOfId[id] : -1;
        if (pos < 0) continue;
        positions[n] = pos;
        scores[n++] = rows[i][1];
      }
      result = { positions: positions.subarray(0, n), scores: scores.subarray(0, n), exactness: unknownExactness() };
    } else {
      const rowids = this.rowidStmt.all(match) as number[];
      const positions = new Int32Array(rowids.length);
      let n = 0;
      for (let i = 0; i < rowids.length; i++) {
        const id = rowids[i];
        const pos = id < posOfId.length ? posOfId[id] : -1;
        if (pos >= 0) positions[n++] = pos;
      }
      result = { positions: positions.subarray(0, n), scores: null, exactness: null };
    }
    this.remember(snap, match, result);
    return result;
  }

  /** A match set read by the worker, as positions in this facet table (ids it does not hold are left out). */
  private fromRows(snap: Snapshot, rows: FtsMatch, scored: boolean): MatchSet {
    const posOfId = snap.posOfId;
    const positions = new Int32Array(rows.rowids.length);
    const scores = scored && rows.scores ? new Float64Array(rows.rowids.length) : null;
    let n = 0;
    for (let i = 0; i < rows.rowids.length; i++) {
      const id = rows.rowids[i];
      const pos = id < posOfId.length ? posOfId[id] : -1;
      if (pos < 0) continue;
      positions[n] = pos;
      if (scores) scores[n] = rows.scores![i];
      n++;
    }
    const matched = positions.subarray(0, n);
    return {
      positions: matched,
      scores: scores ? scores.subarray(0, n) : null,
      exactness: !scores ? null : rows.exactIds ? exactnessFrom(snap, matched, rows.exactIds) : unknownExactness(),
    };
  }

  private remember(snap: Snapshot, match: string, set: MatchSet): void {
    if (set.positions.length > this.matchCacheRows) return;
    const old = snap.matches.get(match);
    if (old) {
      snap.matches.delete(match);
      snap.matchRows -= old.positions.length;
    }
    snap.matches.set(match, set);
    snap.matchRows += set.positions.length;
    for (const [key, value] of snap.matches) {
      if (snap.matchRows <= this.matchCacheRows && snap.matches.size <= this.matchCacheEntries) break;
      snap.matches.delete(key);
      snap.matchRows -= value.positions.length;
    }
  }

  async search(query: SearchQuery): Promise<EngineResult> {
    let match = buildFtsQuery(query.q);
    let known = this.fts && match ? await this.matchFromWorker(query, match) : undefined;
    if (match && this.fts) {
      // Nothing found as typed: the typo spellings' match set from the worker too (typoQuery).
      const empty = known ? known.rows.rowids.length === 0 : this.current().matches.get(match.match)?.positions.length === 0;
      const typed = empty ? this.typoQuery(query.q, match) : null;
      if (typed) {
        match = typed;
        known = await this.matchFromWorker(query, match);
      }
    }
    // The snapshot is taken after the wait: the index may have moved on meanwhile.
    return this.run(query, match, known);
  }

  /**
   * The query with typo spellings (Vocabulary.typoLookup) for its words that no document
   * holds; null when there are none. Asked only when the words as typed match nothing: a
   * word no document holds matches nothing, so a search that finds something has none to
   * add, and the lookup (about a millisecond per long word on FTS5's vocabulary table) is
   * left out of every search that finds something. (A glossary word that no document holds
   * is the one case where the words as typed may match through its other spellings; it
   * then gets no typo spellings of its own.)
   */
  private typoQuery(q: string, plain: FtsQuery): FtsQuery | null {
    const typed = buildFtsQuery(q, this.vocabulary.typoLookup());
    return typed && typed.match !== plain.match ? typed : null;
  }

  /**
   * The FTS5 rows for the query's words from the worker, when they are not cached and the
   * worker is ready; undefined otherwise (run() then reads FTS5 itself, as it does when the
   * worker fails).
   */
  private async matchFromWorker(query: SearchQuery, match: FtsQuery): Promise<KnownMatch | undefined> {
    const snap = this.current();
    const scored = effectiveSort(query, true) === 'relevance';
    const cached = snap.matches.get(match.match);
    if (cached && (cached.scores || !scored)) return undefined;
    // A small scored set's exact subset is read whole by the ranking: the worker reads it too.
    const exactBelow = Math.min(ALL_EXACT_CHECK_FROM, this.exactProbeLimits.minMatches);
    const pending = this.fts!.run({ match: match.match, scored, exact: match.exact, exactBelow });
    if (!pending) return undefined;
    try {
      return { match: match.match, scored, rows: await pending };
    } catch {
      return undefined;
    }
  }

  /** The search on this thread, FTS5 included. */
  searchSync(query: SearchQuery): EngineResult {
    return this.run(query, buildFtsQuery(query.q));
  }

  /** The search for `match` (the query's words as FTS5 reads them); `known` is its match set if already read (the worker's). */
  private run(query: SearchQuery, match: FtsQuery | null, known?: KnownMatch): EngineResult {
    const snap = this.current();
    const sort = effectiveSort(query, match !== null);
    const relevance = sort === 'relevance' && match !== null;

    // 1. The text match set (all entries without a text query).
    let candidates: Int32Array | null = null;
    let set: MatchSet | null = null;
    if (match !== null) {
      set = this.matchSet(snap, match, relevance, known);
      const typed = set.positions.length === 0 ? this.typoQuery(query.q, match) : null;
      if (typed) {
        match = typed;
        set = this.matchSet(snap, match, relevance, known);
      }
      candidates = set.positions;
      if (relevance) loadScores(snap, set);
    }

    // 2. One pass: an entry that passes every facet filter is a hit and counts for every
    // facet; one that fails exactly one facet still counts for that facet (disjunctive).
    const facets = snap.facets;
    const rows = snap.rows;
    // selectedBit[gid] = 1 << f when facet f's value is chosen; activeMask has a bit per
    // facet with a filter.
    let selectedBit: Uint16Array | null = null;
    let activeMask = 0;
    const active: number[] = [];
    const names = snap.names;
    names.forEach((f, i) => {
      const chosen = query.filters[f] ?? [];
      if (chosen.length === 0) return;
      selectedBit ??= new Uint16Array(rows.base[names.length]);
      for (const value of chosen) {
        const id = facets[i].idOf.get(value);
        if (id !== undefined) selectedBit[rows.base[i] + id] = 1 << i;
      }
      activeMask |= 1 << i;
      active.push(i);
    });
    const from = query.from;
    const to = query.to;
    const ranged = from !== null || to !== null;

    let passing: Int32Array;
    let total: number;
    let counts: Int32Array;
    if (candidates === null && active.length === 0 && !ranged) {
      counts = snap.allCounts ??= allEntryCounts(snap);
      passing = snap.newest.order; // every entry; only its length matters below
      total = snap.size;
    } else {
      // The same words, filters and period counted before on this table (another page or
      // order of the same search): only the page is left to choose.
      const key = countedKey(match, query, names);
      const counted = this.countedFor(snap, key);
      if (counted) {
        ({ total, passing, counts } = counted);
      } else {
        counts = new Int32Array(rows.base[names.length]);
        let scan = candidates;
        let passedFacets: Uint16Array | null = null;
        if (scan === null && active.length > 0) {
          // No text query: only entries that pass all filters but one can count anywhere,
          // found from the chosen values' posting lists instead of scanning every entry.
          const found = filterCandidates(snap, active, query.filters, ranged);
          if (found) ({ positions: scan, passed: passedFacets } = found);
        }
        passing = new Int32Array(scan ? scan.length : snap.size);
        total = countPass(snap, scan, selectedBit, activeMask, passedFacets, from, to, counts, passing);
        if (candidates === null && active.length === 1 && !ranged) {
          // The one filtered facet's counts are every entry's (see filterCandidates).
          const f = active[0];
          const all = (snap.allCounts ??= allEntryCounts(snap));
          counts.set(all.subarray(rows.base[f], rows.base[f + 1]), rows.base[f]);
        }
        if (total < passing.length) passing = passing.slice(0, total);
        this.rememberCounted(snap, key, { total, passing, counts });
      }
    }
    // 3. Order the page: only the first `k` hits are ever sorted.
    const start = (query.page - 1) * query.perPage;
    const k = Math.min(total, start + query.perPage);
    let top: ArrayLike<number>;
    if (k <= start) {
      top = [];
    } else if (relevance) {
      const exact = this.exactLookup(match!);
      top = relevanceTop(snap, set!, passing, total, k, exact, this.exactProbeLimits);
    } else {
      const { order, rank } =
        sort === 'oldest'
          ? snap.oldest
          : sort === 'title'
            ? titleOrder(this.sqlite, snap, query.locale)
            : snap.newest;
      if (total === snap.size) {
        top = order.subarray(0, k);
      } else if (total * 32 >= snap.size) {
        top = firstInOrder(snap, order, passing, total, k);
      } else {
        top = topK(passing, total, k, (a, b) => rank[a] - rank[b]);
      }
    }
    const hits: EngineHit[] = [];
    for (let i = start; i < k; i++) {
      const pos = top[i];
      hits.push({ id: snap.ids[pos], slug: snap.slugs[pos], score: relevance ? snap.scoreOf[pos] : undefined });
    }

    const result: Record<string, FacetCount[]> = {};
    names.forEach((f, i) => {
      result[f] = toFacetCounts(facets[i].values, counts.subarray(rows.base[i], rows.base[i + 1]), query.filters[f] ?? []);
    });
    return { engine: this.name, total, hits, facets: result };
  }

  /** FTS5's answers on the exact subset of a query (FtsQuery.exact) for relevanceTop. */
  private exactLookup({ match, exact, soleWords }: FtsQuery): ExactLookup {
    return {
      probe: (id) => this.probeStmt.get(exact, id) !== undefined,
      all: () => {
        this.exactSubsetReads++;
        return this.rowidStmt.all(exact) as number[];
      },
      any: () => this.anyStmt.get(exact) !== undefined,
      // The vocabulary tells first when it can (its answer costs a fifth of FTS5's).
      allExact: () =>
        (soleWords !== null && this.vocabulary.onlyWholeInText(soleWords)) || this.anyStmt.get(`(${match}) NOT (${exact})`) === undefined,
    };
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
    if (this.storeTimer) clearTimeout(this.storeTimer);
    this.storeTimer = null;
    this.storeCurrent();
    this.snapshot = null;
    await this.fts?.close();
  }
}
