// The embedded engine's in-memory facet table: every initiative's facet values interned to
// numeric ids, stored row-major (one contiguous slice of value ids per initiative) with an
// inverted index beside it (each value's sorted posting list), plus the period columns,
// sort orders and per-revision scratch space the engine uses.
import { currentYear, searchedPeriod } from '../types.ts';
import type Database from 'better-sqlite3';
import { MAX_FACETS, type FacetRegistry } from '../facets.ts';
import { FacetRow, LIST_FIELDS, loadFacetSource, type FacetField, type ListField } from '../facet-fields.ts';
import { NO_YEAR, periodOrder, type Order } from './ranking.ts';

/** One facet's values for every entry: entry `pos` has ids[offsets[pos] .. offsets[pos+1]). */
export interface FacetColumn {
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
export interface RowTable {
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

export interface MatchSet {
  positions: Int32Array;
  /** bm25 per position in `positions` (lower is better), when asked for. */
  scores: Float64Array | null;
  /** With scores: which entries are known to match only inexactly (ranking.ts relevanceTop). */
  exactness: Exactness | null;
}

/**
 * What is known of a scored match set's exact subset (every word whole, as typed). Asking
 * FTS5 for the whole subset costs a second pass over a common word's rows, so the entries
 * that reach a page are probed one by one, and the whole subset is read only when that
 * costs less (few matches) or probing turns out dear (ranking.ts relevanceTop).
 */
export interface Exactness {
  /** Positions whose exactness is known. */
  checked: Set<number>;
  /** The positions known to match only inexactly: INEXACT_PENALTY is added to their scores. */
  inexact: number[];
  /** Every entry's exactness is known (`inexact` holds every inexact one; `checked` is then unused). */
  complete: boolean;
}

/**
 * What one counting pass found for a match set, filters and period: how many entries pass,
 * which (the first `total` of `passing`), and every facet value's disjunctive count. The
 * page and the order only choose among them, so a new page or sort of the same search
 * reuses it.
 */
export interface CountedSet {
  total: number;
  passing: Int32Array;
  counts: Int32Array;
}

export interface Snapshot {
  revision: number;
  size: number;
  /** Entry position → initiative id (ascending). */
  ids: Int32Array;
  slugs: string[];
  /** Initiative id → entry position, or -1. */
  posOfId: Int32Array;
  /** The registry's facet names; facet index f is names[f] throughout the table. */
  names: readonly string[];
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
  /** Counting passes made on this table, by query (engine.ts), least recently used first. */
  counted: Map<string, CountedSet>;
  countedRows: number;
}

const isListField = (field: FacetField): field is ListField => (LIST_FIELDS as readonly string[]).includes(field);

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
    // Each value once per entry (one programme under two roles): kept in place, in order.
    let n = 0;
    for (let p = 0; p < size; p++) {
      const from = offsets[p];
      const to = offsets[p + 1];
      offsets[p] = n;
      for (let k = from; k < to; k++) {
        let seen = false;
        for (let j = offsets[p]; j < n && !seen; j++) seen = ids[j] === ids[k];
        if (!seen) ids[n++] = ids[k];
      }
    }
    offsets[size] = n;
    return { values: this.values, idOf: this.idOf, offsets, ids: n === ids.length ? ids : ids.slice(0, n) };
  }
}

/**
 * Builds the table from the initiatives' facet fields: each registry facet's field, or
 * its values() where it computes them, decides what an initiative is filed under, so the
 * table holds exactly what the Meilisearch documents hold. A field's column is filed
 * directly (its values interned once each); values() is called per initiative on a
 * FacetRow, which reads only the fields it asks for.
 */
export function buildSnapshot(sqlite: Database.Database, revision: number, registry: FacetRegistry): Snapshot {
  const source = loadFacetSource(sqlite);
  const { size, ids, slugs, posOfId } = source;
  const start = new Int32Array(size);
  const end = new Int32Array(size);
  const lo = new Int32Array(size);
  const hi = new Int32Array(size);
  const thisYear = currentYear();
  const status = source.scalars.status;
  for (let p = 0; p < size; p++) {
    const s = source.periodStart[p];
    const e = source.periodEnd[p];
    start[p] = s ?? NO_YEAR;
    end[p] = e ?? NO_YEAR;
    // The reading of periodOverlaps() (searchedPeriod: open ends, ongoing to this year).
    const period = searchedPeriod(s, e, status[p] ?? undefined, thisYear);
    if (period === null) {
      lo[p] = hi[p] = NO_YEAR;
    } else {
      [lo[p], hi[p]] = period;
    }
  }
  const row = new FacetRow(source);
  const columns = registry.list.map((facet) => {
    const column = new ColumnBuilder();
    const field = facet.field;
    if (field !== undefined && isListField(field)) {
      const { pos, value, names } = source.lists[field];
      const idOf = new Int32Array(names.length).fill(-1);
      for (let k = 0; k < pos.length; k++) {
        let id = idOf[value[k]];
        if (id < 0) id = idOf[value[k]] = column.intern(names[value[k]]);
        column.add(pos[k], id);
      }
    } else if (field !== undefined) {
      const values = source.scalars[field];
      for (let p = 0; p < size; p++) {
        const value = values[p];
        if (value !== null) column.add(p, column.intern(value));
      }
    } else {
      for (let p = 0; p < size; p++) for (const value of facet.values(row.at(p))) column.add(p, column.intern(value));
    }
    return column;
  });

  const facets = columns.map((c) => c.build(size));
  return {
    revision,
    size,
    ids,
    slugs,
    names: registry.names,
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
    counted: new Map(),
    countedRows: 0,
  };
}

/** The row-major table and the inverted index of the facet columns. */
function rowTable(facets: FacetColumn[], size: number): RowTable {
  const F = facets.length;
  if (F > MAX_FACETS) throw new Error(`at most ${MAX_FACETS} facets (one bit each in the counting pass)`);
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
