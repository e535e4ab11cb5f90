// Ranking for the embedded engine: bm25 weights, the period and title orders (built once
// per facet table), and top-k selection so only the page's hits are ever sorted.
import type Database from 'better-sqlite3';
import type { Exactness, MatchSet, Snapshot } from './facet-table.ts';

/**
 * BM25 column weights: title, places, programme, body (summaries and outcomes), and the
 * variants column (stems and plain spellings), which only breaks ties below the text.
 */
export const BM25_WEIGHTS = [10, 5, 3, 1, 0.2] as const;

/**
 * Added to the (negative) bm25 score of an entry that matches only as a prefix, a stem, a
 * plain spelling or a typo: every whole-word match ranks above all of them.
 */
export const INEXACT_PENALTY = 1e6;

/** Year sentinel for "no year" in the typed period columns. */
export const NO_YEAR = -2147483648;

export interface Order {
  /** Positions in sort order. */
  order: Int32Array;
  /** rank[pos] = index of pos in `order`. */
  rank: Int32Array;
}

export function orderBy(size: number, compare: (a: number, b: number) => number): Order {
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
export function periodOrder(start: Int32Array, end: Int32Array, ids: Int32Array, dir: 1 | -1): Order {
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

/** The title orders: built on first use, because collation is the slowest part of a build. */
export function titleOrder(sqlite: Database.Database, snap: Snapshot, locale: 'nb' | 'en'): Order {
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
export function topK(items: Int32Array, count: number, k: number, compare: (a: number, b: number) => number): Int32Array {
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

/** When relevanceTop stops probing one by one and reads the whole exact subset. */
export interface ExactProbeLimits {
  /** Entries probed in one search. */
  probes: number;
  /** Rounds of probing (each a new top k after the inexact ones found sank). */
  rounds: number;
  /**
   * Longest one probe may take. A probe takes some 15 µs, but FTS5 reads on past an inexact
   * entry to the next exact match, which takes half a millisecond at 100,000 when the typed
   * word is frequent only among the stems: then the subset is small and cheap to read whole.
   */
  probeMs: number;
  /**
   * Below this many matches the whole subset is read: it costs a few milliseconds at most,
   * and probing, when the typed word is seldom whole among them, costs more.
   */
  minMatches: number;
}

export const EXACT_PROBE_LIMITS: ExactProbeLimits = { probes: 256, rounds: 3, probeMs: 0.2, minMatches: 10_000 };

/** A scored match set's exactness before anything is known of it. */
export function unknownExactness(): Exactness {
  return { checked: new Set(), inexact: [], complete: false };
}

/** How relevanceTop learns which entries match exactly (every word whole, as typed). */
export interface ExactLookup {
  /** Whether the entry with this id is in the exact subset. */
  probe(id: number): boolean;
  /** The ids of the whole exact subset. */
  all(): Iterable<number>;
  /** Whether the exact subset has any entry at all (one row read). */
  any(): boolean;
  /** Whether every match is in the exact subset (FTS5 compares the two; no row is read out). */
  allExact(): boolean;
}

/**
 * From this many matches (and below minMatches), whether every match is exact is asked
 * before the subset is read: when it is, the read (some 0.6 ms for 5,000 matches at
 * 100,000 initiatives) is not needed, and the question costs about half of it. Fewer
 * matches are read at once.
 */
export const ALL_EXACT_CHECK_FROM = 1000;

/** A scored match set's scores into snap.scoreOf, with the penalty of every entry known to match inexactly. */
export function loadScores(snap: Snapshot, set: MatchSet): void {
  const scores = set.scores!;
  const positions = set.positions;
  for (let i = 0; i < positions.length; i++) snap.scoreOf[positions[i]] = scores[i];
  for (const pos of set.exactness!.inexact) snap.scoreOf[pos] += INEXACT_PENALTY;
}

/**
 * The best k of `passing` by relevance: bm25 (snap.scoreOf, for these entries), with every
 * exact match ahead of every inexact one. An entry whose exactness is not yet known counts
 * as exact, which is its best case; the chosen k are then probed, the inexact among them get
 * INEXACT_PENALTY and the choice is made again, until all of the k are known. Entries left
 * out are no better than those chosen even at their best, so the result is the same as with
 * the whole subset known. When the probes would pass `limits` (a prefix that is seldom a
 * whole word, a deep page, a slow probe) or the matches are few, the whole subset is read
 * instead.
 * The set's `exactness` keeps what was learnt for the next page of the same words; its
 * scores must be in snap.scoreOf (loadScores).
 */
export function relevanceTop(
  snap: Snapshot,
  set: MatchSet,
  passing: Int32Array,
  total: number,
  k: number,
  lookup: ExactLookup,
  limits: ExactProbeLimits = EXACT_PROBE_LIMITS,
): Int32Array {
  const score = snap.scoreOf;
  const rank = snap.newest.rank;
  const compare = (a: number, b: number) => score[a] - score[b] || rank[a] - rank[b];
  const positions = set.positions;
  const exactness = set.exactness!;
  if (!exactness.complete && positions.length < limits.minMatches) {
    if (positions.length >= ALL_EXACT_CHECK_FROM && exactness.inexact.length === 0 && lookup.allExact()) exactness.complete = true;
    else readAllExactness(snap, positions, exactness, lookup);
  } else if (!exactness.complete && exactness.checked.size === 0 && !lookup.any()) {
    noneExact(snap, positions, exactness);
  }
  for (let round = 0; ; round++) {
    const top = topK(passing, total, k, compare);
    if (exactness.complete) return top;
    const unknown: number[] = [];
    for (let i = 0; i < top.length; i++) if (!exactness.checked.has(top[i])) unknown.push(top[i]);
    if (unknown.length === 0) return top;
    if (round >= limits.rounds || exactness.checked.size + unknown.length > limits.probes) {
      readAllExactness(snap, positions, exactness, lookup);
      continue;
    }
    let sank = false;
    let slow = false;
    for (const pos of unknown) {
      const started = performance.now();
      const exact = lookup.probe(snap.ids[pos]);
      slow = performance.now() - started > limits.probeMs;
      exactness.checked.add(pos);
      if (!exact) {
        exactness.inexact.push(pos);
        score[pos] += INEXACT_PENALTY;
        sank = true;
      }
      if (slow) break;
    }
    if (slow) readAllExactness(snap, positions, exactness, lookup);
    else if (!sank) return top;
  }
}

/**
 * No entry matches whole (a prefix that is no word, say "omr"): every one gets the penalty,
 * found with one row read instead of probing pages of hits that all sink and then reading
 * the (empty) subset.
 */
function noneExact(snap: Snapshot, positions: Int32Array, exactness: Exactness): void {
  const score = snap.scoreOf;
  for (let i = 0; i < positions.length; i++) score[positions[i]] += INEXACT_PENALTY;
  exactness.inexact = Array.from(positions);
  exactness.complete = true;
}

/**
 * Reads the whole exact subset: every other entry of the match set gets its penalty. The
 * exact entries and those already penalised are marked in the table's scratch stamps (no
 * arrays the size of the table per search: a rare word's whole search takes less time than
 * allocating them).
 */
function readAllExactness(snap: Snapshot, positions: Int32Array, exactness: Exactness, lookup: ExactLookup): void {
  const known = exactness.inexact.length;
  markExactness(snap, positions, exactness, lookup.all());
  const score = snap.scoreOf;
  for (let i = known; i < exactness.inexact.length; i++) score[exactness.inexact[i]] += INEXACT_PENALTY;
}

/**
 * A scored match set's exactness from its whole exact subset, read beforehand (the FTS
 * worker reads it beside a small match set): complete, with every other entry inexact
 * (loadScores gives them the penalty).
 */
export function exactnessFrom(snap: Snapshot, positions: Int32Array, exactIds: Iterable<number>): Exactness {
  const exactness = unknownExactness();
  markExactness(snap, positions, exactness, exactIds);
  return exactness;
}

function markExactness(snap: Snapshot, positions: Int32Array, exactness: Exactness, exactIds: Iterable<number>): void {
  const g = nextStamp(snap);
  const stamp = snap.stamp;
  const posOfId = snap.posOfId;
  for (const id of exactIds) {
    const pos = id < posOfId.length ? posOfId[id] : -1;
    if (pos >= 0) stamp[pos] = g;
  }
  for (const pos of exactness.inexact) stamp[pos] = g;
  for (let i = 0; i < positions.length; i++) {
    const pos = positions[i];
    if (stamp[pos] !== g) exactness.inexact.push(pos);
  }
  exactness.checked.clear();
  exactness.complete = true;
}

/** A new generation of the table's scratch stamps (snap.stamp): a mark is valid where equal to it. */
function nextStamp(snap: Snapshot): number {
  if (snap.stampGeneration >= 0xfffffffe) {
    snap.stamp.fill(0);
    snap.stampGeneration = 0;
  }
  return ++snap.stampGeneration;
}

/** The first k of `passing` in `order`, found by walking the order (for dense hit sets). */
export function firstInOrder(snap: Snapshot, order: Int32Array, passing: Int32Array, total: number, k: number): Int32Array {
  const g = nextStamp(snap);
  const stamp = snap.stamp;
  for (let i = 0; i < total; i++) stamp[passing[i]] = g;
  const out = new Int32Array(k);
  let n = 0;
  for (let i = 0; i < order.length && n < k; i++) if (stamp[order[i]] === g) out[n++] = order[i];
  return out;
}
