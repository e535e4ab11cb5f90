// The embedded engine: FTS5 (in the catalogue's own SQLite file) finds and ranks the
// text matches; an in-memory table of every initiative's facet values filters them and
// counts all facets in one pass over the match set. The in-memory table is rebuilt when
// the catalogue's revision counter (bumped by triggers on every change) moves.
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
// - title orders (Intl.Collator, the slowest part of a build) are built on first use.
import { applyToEmbeddedIndex } from './change-feed.ts';
import type Database from 'better-sqlite3';
import {
  FACETS,
  effectiveSort,
  type EngineHealth,
  type EngineHit,
  type EngineResult,
  type FacetCount,
  type FacetName,
  type SearchEngine,
  type SearchQuery,
} from './types.ts';
import { escapeFtsQuery } from './text.ts';

/** BM25 column weights: title, places, programme, body (summaries and outcomes). */
export const BM25_WEIGHTS = [10, 5, 3, 1] as const;

/** Year sentinel for "no year" in the typed period columns. */
const NO_YEAR = -2147483648;

/** One facet's values for every entry: entry `pos` has ids[offsets[pos] .. offsets[pos+1]). */
interface FacetColumn {
  values: string[];
  idOf: Map<string, number>;
  offsets: Int32Array;
  ids: Int32Array;
}

/**
 * Every facet value of every entry in one row-major table: entry `pos` has the global
 * value ids gids[offsets[pos] .. offsets[pos+1]), where facet f's value v is base[f] + v.
 * The counting pass reads one contiguous slice per entry and increments one counts array,
 * instead of visiting seven columns.
 */
interface RowTable {
  offsets: Int32Array;
  gids: Int32Array;
  /** base[f] is facet f's first global id; base[F] is the number of values. */
  base: Int32Array;
  /** Global id → facet index. */
  facetOf: Uint8Array;
  /**
   * Per facet and value, the sorted positions of the entries that have it (an inverted
   * index): postings[gid] = positions[postingOffsets[gid] .. postingOffsets[gid+1]).
   */
  postingOffsets: Int32Array;
  postings: Int32Array;
}

interface Order {
  /** Positions in sort order. */
  order: Int32Array;
  /** rank[pos] = index of pos in `order`. */
  rank: Int32Array;
}

interface MatchSet {
  positions: Int32Array;
  /** bm25 per position in `positions` (lower is better), when asked for. */
  scores: Float64Array | null;
}

interface Snapshot {
  revision: number;
  size: number;
  /** Entry position → initiative id (ascending). */
  ids: Int32Array;
  slugs: string[];
  /** Initiative id → entry position, or -1. */
  posOfId: Int32Array;
  facets: FacetColumn[];
  rows: RowTable;
  /** The period as read by periodOverlaps(): [lo, hi], NO_YEAR when there is none. */
  lo: Int32Array;
  hi: Int32Array;
  newest: Order;
  oldest: Order;
  titleNb: Order | null;
  titleEn: Order | null;
  /** Counts (by global value id) for the empty query without filters, once computed. */
  allCounts: Int32Array | null;
  /** bm25 of the current query per position (scratch; only matched positions are valid). */
  scoreOf: Float64Array;
  /** Per-position marks (scratch), valid where equal to `stampGeneration`. */
  stamp: Uint32Array;
  stampGeneration: number;
  matches: Map<string, MatchSet>;
  matchRows: number;
}

export interface SqliteEngineOptions {
  /** Row ids kept in the match-set LRU across entries (0 turns the cache off). */
  matchCacheRows?: number;
  /** Most match sets kept. */
  matchCacheEntries?: number;
}

/** A growing list of facet columns' (position, value id) pairs, turned into CSR at the end. */
class ColumnBuilder {
  readonly values: string[] = [];
  readonly idOf = new Map<string, number>();
  private pos: Int32Array = new Int32Array(1024);
  private val: Int32Array = new Int32Array(1024);
  private length = 0;

  intern(value: string): number {
    let id = this.idOf.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.idOf.set(value, id);
    }
    return id;
  }

  add(pos: number, valueId: number): void {
    if (this.length === this.pos.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.pos = grow(this.pos);
      this.val = grow(this.val);
    }
    this.pos[this.length] = pos;
    this.val[this.length++] = valueId;
  }

  build(size: number): FacetColumn {
    const offsets = new Int32Array(size + 1);
    for (let i = 0; i < this.length; i++) offsets[this.pos[i] + 1]++;
    for (let p = 0; p < size; p++) offsets[p + 1] += offsets[p];
    const fill = offsets.slice(0, size);
    const ids = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) ids[fill[this.pos[i]]++] = this.val[i];
    return { values: this.values, idOf: this.idOf, offsets, ids };
  }
}

function orderBy(size: number, compare: (a: number, b: number) => number): Order {
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  order.sort(compare);
  return withRanks(order);
}

function withRanks(order: Int32Array): Order {
  const rank = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) rank[order[i]] = i;
  return { order, rank };
}

/** Compares two nullable years; unknown years last, whichever the direction. */
function compareYear(a: number, b: number, dir: 1 | -1): number {
  if (a === b) return 0;
  if (a === NO_YEAR) return 1;
  if (b === NO_YEAR) return -1;
  return (a - b) * dir;
}

const POS_BITS = 2 ** 21;
const YEAR_SLOTS = 4096;

/**
 * The newest (or oldest) order: period start, then period end (unknown years last either
 * way), then id (newest: higher ids first). Entries are in id order, so the position
 * stands for the id. Packed into one float per entry and sorted natively when the years
 * and the size fit, which is ten times faster than a comparator; otherwise a comparator.
 */
function periodOrder(start: Int32Array, end: Int32Array, ids: Int32Array, dir: 1 | -1): Order {
  const size = start.length;
  const fits = (y: number) => y === NO_YEAR || (y > 0 && y < YEAR_SLOTS - 1);
  let packable = size < POS_BITS;
  for (let p = 0; packable && p < size; p++) packable = fits(start[p]) && fits(end[p]);
  if (!packable) {
    return orderBy(
      size,
      (a, b) => compareYear(start[a], start[b], dir) || compareYear(end[a], end[b], dir) || (ids[a] - ids[b]) * dir,
    );
  }
  const slot = (y: number) => (y === NO_YEAR ? YEAR_SLOTS - 1 : dir === 1 ? y : YEAR_SLOTS - 1 - y);
  const keys = new Float64Array(size);
  for (let p = 0; p < size; p++) {
    keys[p] = (slot(start[p]) * YEAR_SLOTS + slot(end[p])) * POS_BITS + (dir === 1 ? p : POS_BITS - 1 - p);
  }
  keys.sort();
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const low = keys[i] % POS_BITS;
    order[i] = dir === 1 ? low : POS_BITS - 1 - low;
  }
  return withRanks(order);
}

const SEP = '\u001f';

/**
 * Reads the catalogue column by column, each as one JSON array that JSON.parse turns into
 * numbers natively: turning hundreds of thousands of rows into JavaScript objects, one at
 * a time, was most of the build time. Term codes come back as their offset in a string of
 * all known codes (instr), so no per-row string reaches JavaScript.
 */
function buildSnapshot(sqlite: Database.Database, revision: number): Snapshot {
  const json = (sql: string, ...params: unknown[]) => {
    const row = sqlite.prepare(sql).raw().get(...params) as (string | null)[];
    return row.map((x) => JSON.parse(x ?? '[]'));
  };
  const [idList, slugList, startList, endList, countryList] = json(
    `SELECT json_group_array(id), json_group_array(slug), json_group_array(period_start),
            json_group_array(period_end), json_group_array(country_code)
     FROM (SELECT id, slug, period_start, period_end, country_code FROM initiatives ORDER BY id)`,
  ) as [number[], string[], (number | null)[], (number | null)[], string[]];
  const size = idList.length;
  const ids = Int32Array.from(idList);
  let maxId = 0;
  for (let p = 0; p < size; p++) if (ids[p] > maxId) maxId = ids[p];
  const posOfId = new Int32Array(maxId + 1).fill(-1);
  for (let p = 0; p < size; p++) posOfId[ids[p]] = p;
  const posOf = (id: number) => (id >= 0 && id < posOfId.length ? posOfId[id] : -1);

  const columns = FACETS.map(() => new ColumnBuilder());
  const column = (f: FacetName) => columns[FACETS.indexOf(f)];

  const start = new Int32Array(size);
  const end = new Int32Array(size);
  const lo = new Int32Array(size);
  const hi = new Int32Array(size);
  const countries = column('country');
  const programmes = column('programme');
  const decades = column('decade');
  const programmeSlugs = new Map(sqlite.prepare(`SELECT id, slug FROM programmes`).raw().all() as [number, string][]);
  for (let p = 0; p < size; p++) {
    const s = startList[p];
    const e = endList[p];
    start[p] = s ?? NO_YEAR;
    end[p] = e ?? NO_YEAR;
    // The reading of decadesOf() and periodOverlaps(): a missing end is the start and
    // the other way round.
    const a = s ?? e;
    const b = e ?? s;
    if (a === null || b === null) {
      lo[p] = hi[p] = NO_YEAR;
    } else {
      lo[p] = Math.min(a, b);
      hi[p] = Math.max(a, b);
      for (let d = Math.floor(lo[p] / 10) * 10; d <= hi[p]; d += 10) decades.add(p, decades.intern(String(d)));
    }
    countries.add(p, countries.intern(countryList[p]));
  }
  // An initiative can belong to several programmes (part of one, funded by another).
  const [programmeOwners, programmeIds] = json(
    `SELECT json_group_array(initiative_id), json_group_array(programme_id)
     FROM (SELECT DISTINCT initiative_id, programme_id FROM initiative_programmes)`,
  ) as [number[], number[]];
  for (let i = 0; i < programmeOwners.length; i++) {
    const p = posOf(programmeOwners[i]);
    const slug = programmeSlugs.get(programmeIds[i]);
    if (p >= 0 && slug !== undefined) programmes.add(p, programmes.intern(slug));
  }

  const areas = column('area');
  const areaValue = new Map<number, number>();
  for (const [id, slug] of sqlite.prepare(`SELECT id, slug FROM areas ORDER BY id`).raw().all() as [number, string][]) {
    areaValue.set(id, areas.intern(slug));
  }
  const [areaOwners, areaIds] = json(
    `SELECT json_group_array(initiative_id), json_group_array(area_id) FROM initiative_areas`,
  ) as [number[], number[]];
  for (let i = 0; i < areaOwners.length; i++) {
    const p = posOf(areaOwners[i]);
    const v = areaValue.get(areaIds[i]);
    if (p >= 0 && v !== undefined) areas.add(p, v);
  }

  // Every code in use, as one string; a code's offset in it identifies the code.
  const codes = sqlite.prepare(`SELECT DISTINCT kind, code FROM initiative_terms`).raw().all() as [string, string][];
  let haystack = SEP;
  const termValue = new Map<number, [ColumnBuilder, number]>();
  for (const [kind, code] of codes) {
    if (kind !== 'measure' && kind !== 'theme' && kind !== 'target') continue;
    const col = column(kind);
    termValue.set(haystack.length, [col, col.intern(code)]); // instr() counts from 1: the separator before it
    haystack += `${kind}:${code}${SEP}`;
  }
  const [termOwners, termOffsets] = json(
    `SELECT json_group_array(initiative_id), json_group_array(instr(?, char(31) || kind || ':' || code || char(31)))
     FROM initiative_terms`,
    haystack,
  ) as [number[], number[]];
  for (let i = 0; i < termOwners.length; i++) {
    const p = posOf(termOwners[i]);
    const v = termValue.get(termOffsets[i]);
    if (p >= 0 && v !== undefined) v[0].add(p, v[1]);
  }

  const facets = columns.map((c) => c.build(size));
  return {
    revision,
    size,
    ids,
    slugs: slugList,
    posOfId,
    facets,
    rows: rowTable(facets, size),
    lo,
    hi,
    newest: periodOrder(start, end, ids, -1),
    oldest: periodOrder(start, end, ids, 1),
    titleNb: null,
    titleEn: null,
    allCounts: null,
    scoreOf: new Float64Array(size),
    stamp: new Uint32Array(size),
    stampGeneration: 0,
    matches: new Map(),
    matchRows: 0,
  };
}

/** The row-major table and the inverted index of the facet columns. */
function rowTable(facets: FacetColumn[], size: number): RowTable {
  const F = facets.length;
  if (F > 16) throw new Error('at most 16 facets (one bit each in the counting pass)');
  const base = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) base[f + 1] = base[f] + facets[f].values.length;
  const facetOf = new Uint8Array(base[F]);
  for (let f = 0; f < F; f++) facetOf.fill(f, base[f], base[f + 1]);
  const offsets = new Int32Array(size + 1);
  let n = 0;
  for (const c of facets) n += c.ids.length;
  const gids = new Int32Array(n);
  const postingOffsets = new Int32Array(base[F] + 1);
  let j = 0;
  for (let p = 0; p < size; p++) {
    offsets[p] = j;
    for (let f = 0; f < F; f++) {
      const c = facets[f];
      for (let k = c.offsets[p], e = c.offsets[p + 1]; k < e; k++) {
        const g = base[f] + c.ids[k];
        gids[j++] = g;
        postingOffsets[g + 1]++;
      }
    }
  }
  offsets[size] = j;
  for (let g = 0; g < base[F]; g++) postingOffsets[g + 1] += postingOffsets[g];
  const fill = postingOffsets.slice(0, base[F]);
  const postings = new Int32Array(n);
  for (let p = 0; p < size; p++) for (let k = offsets[p]; k < offsets[p + 1]; k++) postings[fill[gids[k]]++] = p;
  return { offsets, gids, base, facetOf, postingOffsets, postings };
}

/** The title orders: built on first use, because collation is the slowest part of a build. */
function titleOrder(sqlite: Database.Database, snap: Snapshot, locale: 'nb' | 'en'): Order {
  const cached = locale === 'en' ? snap.titleEn : snap.titleNb;
  if (cached) return cached;
  const titles: string[] = new Array(snap.size).fill('');
  for (const [id, nb, original, en] of sqlite
    .prepare(`SELECT id, title_nb, title_original, title_en FROM initiatives`)
    .raw()
    .iterate() as Iterable<[number, string | null, string | null, string]>) {
    const pos = id < snap.posOfId.length ? snap.posOfId[id] : -1;
    if (pos >= 0) titles[pos] = locale === 'en' ? en : (nb ?? original ?? en);
  }
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const ids = snap.ids;
  const order = orderBy(snap.size, (a, b) => collator.compare(titles[a], titles[b]) || ids[a] - ids[b]);
  if (locale === 'en') snap.titleEn = order;
  else snap.titleNb = order;
  return order;
}

/** Max-heap selection of the k best of `items` under `better` (a before b when < 0). */
function topK(items: Int32Array, count: number, k: number, compare: (a: number, b: number) => number): Int32Array {
  if (k >= count) return items.slice(0, count).sort(compare);
  // heap[0] is the worst of the k best seen so far.
  const heap = new Int32Array(k);
  let size = 0;
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i], heap[parent]) <= 0) break;
      const t = heap[i];
      heap[i] = heap[parent];
      heap[parent] = t;
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < size && compare(heap[l], heap[worst]) > 0) worst = l;
      if (r < size && compare(heap[r], heap[worst]) > 0) worst = r;
      if (worst === i) return;
      const t = heap[i];
      heap[i] = heap[worst];
      heap[worst] = t;
      i = worst;
    }
  };
  for (let i = 0; i < count; i++) {
    const item = items[i];
    if (size < k) {
      heap[size++] = item;
      siftUp(size - 1);
    } else if (compare(item, heap[0]) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}

export class SqliteSearchEngine implements SearchEngine {
  readonly name = 'sqlite';
  private snapshot: Snapshot | null = null;
  private readonly revisionStmt: Database.Statement;
  private readonly scoredStmt: Database.Statement;
  private readonly rowidStmt: Database.Statement;
  private readonly matchCacheRows: number;
  private readonly matchCacheEntries: number;

  constructor(
    private readonly sqlite: Database.Database,
    options: SqliteEngineOptions = {},
  ) {
    this.matchCacheRows = options.matchCacheRows ?? 2_000_000;
    this.matchCacheEntries = options.matchCacheEntries ?? 256;
    this.revisionStmt = sqlite.prepare(`SELECT value FROM meta WHERE key = 'catalogue'`).pluck();
    this.scoredStmt = sqlite
      .prepare(`SELECT rowid, bm25(search_fts, ${BM25_WEIGHTS.join(', ')}) FROM search_fts WHERE search_fts MATCH ?`)
      .raw();
    this.rowidStmt = sqlite.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ?`).pluck();
  }

  /** The current in-memory table, rebuilt if the catalogue changed since it was built. */
  private current(): Snapshot {
    // The change feed first: whatever any process changed is in this search.
    applyToEmbeddedIndex(this.sqlite);
    const revision = (this.revisionStmt.get() as number | undefined) ?? 0;
    if (!this.snapshot || this.snapshot.revision !== revision) {
      this.snapshot = null; // let the old table go before building the new one
      this.snapshot = buildSnapshot(this.sqlite, revision);
    }
    return this.snapshot;
  }

  /** Builds the in-memory table now instead of on the first search. */
  warm(): void {
    this.current();
  }

  /** Forgets cached match sets (benchmarks use it to measure FTS5 every time). */
  clearMatchCache(): void {
    if (this.snapshot) {
      this.snapshot.matches.clear();
      this.snapshot.matchRows = 0;
    }
  }

  /** The entries matching an FTS5 expression, with bm25 scores when `scored`. */
  private matchSet(snap: Snapshot, match: string, scored: boolean): MatchSet {
    const cached = snap.matches.get(match);
    if (cached && (cached.scores || !scored)) {
      snap.matches.delete(match); // most recently used goes last
      snap.matches.set(match, cached);
      return cached;
    }
    const posOfId = snap.posOfId;
    let result: MatchSet;
    if (scored) {
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
      result = { positions: positions.subarray(0, n), scores: scores.subarray(0, n) };
    } else {
      const rowids = this.rowidStmt.all(match) as number[];
      const positions = new Int32Array(rowids.length);
      let n = 0;
      for (let i = 0; i < rowids.length; i++) {
        const id = rowids[i];
        const pos = id < posOfId.length ? posOfId[id] : -1;
        if (pos >= 0) positions[n++] = pos;
      }
      result = { positions: positions.subarray(0, n), scores: null };
    }
    this.remember(snap, match, result);
    return result;
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
    return this.searchSync(query);
  }

  searchSync(query: SearchQuery): EngineResult {
    const snap = this.current();
    const match = escapeFtsQuery(query.q);
    const sort = effectiveSort(query, match !== null);
    const relevance = sort === 'relevance' && match !== null;

    // 1. The text match set (all entries without a text query).
    let candidates: Int32Array | null = null;
    if (match !== null) {
      const set = this.matchSet(snap, match, relevance);
      candidates = set.positions;
      if (relevance) {
        const scores = set.scores!;
        for (let i = 0; i < candidates.length; i++) snap.scoreOf[candidates[i]] = scores[i];
      }
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
    FACETS.forEach((f, i) => {
      const chosen = query.filters[f];
      if (chosen.length === 0) return;
      selectedBit ??= new Uint16Array(rows.base[FACETS.length]);
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
      counts = new Int32Array(rows.base[FACETS.length]);
      let scan = candidates;
      if (scan === null && active.length > 0) {
        // No text query: only entries that pass all filters but one can count anywhere,
        // found from the chosen values' posting lists instead of scanning every entry.
        scan = filterCandidates(snap, active, query.filters, ranged);
      }
      passing = new Int32Array(scan ? scan.length : snap.size);
      total = countPass(snap, scan, selectedBit, activeMask, from, to, counts, passing);
      if (candidates === null && active.length === 1 && !ranged) {
        // The one filtered facet's counts are every entry's (see filterCandidates).
        const f = active[0];
        const all = (snap.allCounts ??= allEntryCounts(snap));
        counts.set(all.subarray(rows.base[f], rows.base[f + 1]), rows.base[f]);
      }
    }
    // 3. Order the page: only the first `k` hits are ever sorted.
    const start = (query.page - 1) * query.perPage;
    const k = Math.min(total, start + query.perPage);
    let top: ArrayLike<number>;
    if (k <= start) {
      top = [];
    } else if (relevance) {
      const score = snap.scoreOf;
      const rank = snap.newest.rank;
      top = topK(passing, total, k, (a, b) => score[a] - score[b] || rank[a] - rank[b]);
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

    const result = {} as Record<FacetName, FacetCount[]>;
    FACETS.forEach((f, i) => {
      result[f] = toFacetCounts(facets[i].values, counts.subarray(rows.base[i], rows.base[i + 1]), query.filters[f]);
    });
    return { engine: this.name, total, hits, facets: result };
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

/** Every entry's counts: the length of each value's posting list. */
function allEntryCounts(snap: Snapshot): Int32Array {
  const po = snap.rows.postingOffsets;
  const counts = new Int32Array(po.length - 1);
  for (let g = 0; g < counts.length; g++) counts[g] = po[g + 1] - po[g];
  return counts;
}

/**
 * For a search without words and with filters on `active` facets: the sorted positions
 * of the entries that pass every filter but at most one (only those count anywhere).
 * With a single filtered facet f (and no period), every entry outside the filter fails
 * exactly f, so f's counts are every entry's counts (the caller sets them after the
 * pass) and only the entries passing f are returned.
 */
function filterCandidates(
  snap: Snapshot,
  active: number[],
  filters: SearchQuery['filters'],
  ranged: boolean,
): Int32Array | null {
  const { base, postingOffsets, postings } = snap.rows;
  const k = active.length;
  if (k === 1 && ranged) return null; // every entry in the period counts for f: scan all
  // hits[pos] = how many filtered facets the entry passes (each counted once per facet).
  if (snap.stampGeneration >= 0xfffffffe - 2 * FACETS.length) {
    snap.stamp.fill(0);
    snap.stampGeneration = 0;
  }
  const hits = new Uint8Array(snap.size);
  const stamp = snap.stamp;
  let n = 0;
  for (const f of active) {
    const g0 = ++snap.stampGeneration; // marks entries already counted for facet f
    const column = snap.facets[f];
    for (const value of filters[FACETS[f]]) {
      const id = column.idOf.get(value);
      if (id === undefined) continue;
      const gid = base[f] + id;
      for (let j = postingOffsets[gid], e = postingOffsets[gid + 1]; j < e; j++) {
        const pos = postings[j];
        if (stamp[pos] === g0) continue;
        stamp[pos] = g0;
        if (++hits[pos] === k - 1 || k === 1) n++;
      }
    }
  }
  // Entries passing all filters but one: hits >= k - 1 (k >= 2), or the filter itself (k = 1).
  const need = Math.max(1, k - 1);
  const out = new Int32Array(k === 1 ? n : snap.size);
  let m = 0;
  for (let pos = 0; pos < snap.size; pos++) if (hits[pos] >= need) out[m++] = pos;
  return out.subarray(0, m);
}

/**
 * The counting pass (kept out of searchSync so V8 optimises it as a whole function).
 * Writes the passing positions to `passing` and returns how many there are.
 */
function countPass(
  snap: Snapshot,
  candidates: Int32Array | null,
  selectedBit: Uint16Array | null,
  activeMask: number,
  from: number | null,
  to: number | null,
  counts: Int32Array,
  passing: Int32Array,
): number {
  const { offsets, gids, base } = snap.rows;
  const ranged = from !== null || to !== null;
  const fromYear = from ?? -2147483647;
  const toYear = to ?? 2147483647;
  const lo = snap.lo;
  const hi = snap.hi;
  const m = candidates ? candidates.length : snap.size;
  const bits = selectedBit ?? new Uint16Array(0);
  let total = 0;
  for (let k = 0; k < m; k++) {
    const pos = candidates ? candidates[k] : k;
    if (ranged) {
      const l = lo[pos];
      if (l === NO_YEAR || hi[pos] < fromYear || l > toYear) continue;
    }
    const s = offsets[pos];
    const e = offsets[pos + 1];
    let missed = 0;
    if (activeMask !== 0) {
      let hit = 0;
      for (let j = s; j < e; j++) hit |= bits[gids[j]];
      missed = activeMask & ~hit;
    }
    if (missed === 0) {
      passing[total++] = pos;
      for (let j = s; j < e; j++) counts[gids[j]]++;
    } else if ((missed & (missed - 1)) === 0) {
      // Fails exactly one facet: counts for that facet only.
      const f = 31 - Math.clz32(missed);
      const gLo = base[f];
      const gHi = base[f + 1];
      for (let j = s; j < e; j++) {
        const g = gids[j];
        if (g >= gLo && g < gHi) counts[g]++;
      }
    }
  }
  return total;
}

/** The first k of `passing` in `order`, found by walking the order (for dense hit sets). */
function firstInOrder(snap: Snapshot, order: Int32Array, passing: Int32Array, total: number, k: number): Int32Array {
  if (snap.stampGeneration >= 0xfffffffe) {
    snap.stamp.fill(0);
    snap.stampGeneration = 0;
  }
  const g = ++snap.stampGeneration;
  const stamp = snap.stamp;
  for (let i = 0; i < total; i++) stamp[passing[i]] = g;
  const out = new Int32Array(k);
  let n = 0;
  for (let i = 0; i < order.length && n < k; i++) if (stamp[order[i]] === g) out[n++] = order[i];
  return out;
}

/** Counts as a list; every selected value is kept even when nothing matches it. */
export function toFacetCounts(values: string[], counts: Int32Array, selectedValues: string[]): FacetCount[] {
  const selected = new Set(selectedValues);
  const out: FacetCount[] = [];
  for (let id = 0; id < counts.length; id++) {
    if (counts[id] > 0) out.push({ value: values[id], count: counts[id], selected: selected.has(values[id]) });
  }
  for (const value of selected) {
    if (!out.some((f) => f.value === value)) out.push({ value, count: 0, selected: true });
  }
  return out;
}
