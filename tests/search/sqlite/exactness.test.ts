// Relevance ranks every whole-word match above every prefix, stem and plain-spelling match.
// The embedded engine learns which hits match whole by probing the ones that reach a page,
// and reads the whole exact subset only when probing would cost more: the pages must be
// exactly those of bm25 with the penalty for every inexact match, computed here in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteSearchEngine } from '../../../server/search/sqlite/engine.ts';
import {
  ALL_EXACT_CHECK_FROM,
  BM25_WEIGHTS,
  EXACT_PROBE_LIMITS,
  type ExactProbeLimits,
  INEXACT_PENALTY,
  loadScores,
  relevanceTop,
  unknownExactness,
} from '../../../server/search/sqlite/ranking.ts';
import type { MatchSet, Snapshot } from '../../../server/search/sqlite/facet-table.ts';
import { buildFtsQuery } from '../../../server/search/text.ts';
import { emptyFilters } from '../../../server/search/facets.ts';
import type { SearchQuery } from '../../../server/search/types.ts';
import { syntheticDatabase, type SyntheticDatabase } from '../../helpers/synthetic.ts';

const PER_PAGE = 20;

function query(q: string, page: number): SearchQuery {
  return { q, filters: emptyFilters(), from: null, to: null, sort: 'relevance', page, perPage: PER_PAGE, locale: 'nb' };
}

/** A seeded pseudo-random generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('relevanceTop', () => {
  const SIZE = 3000;
  /** The parts of a facet table relevanceTop reads: entry i has id i + 1, newest order reversed. */
  function table(): Snapshot {
    const ids = Int32Array.from({ length: SIZE }, (_, i) => i + 1);
    const posOfId = new Int32Array(SIZE + 1).fill(-1);
    ids.forEach((id, pos) => (posOfId[id] = pos));
    const rank = Int32Array.from({ length: SIZE }, (_, i) => SIZE - 1 - i);
    return { size: SIZE, ids, posOfId, scoreOf: new Float64Array(SIZE), stamp: new Uint32Array(SIZE), stampGeneration: 0, newest: { order: new Int32Array(0), rank } } as unknown as Snapshot;
  }

  /** A match set of half the table, scores with ties, and an exact subset of the given share. */
  function case_(seed: number, exactShare: number) {
    const next = random(seed);
    const positions = Int32Array.from({ length: SIZE }, (_, i) => i).filter(() => next() < 0.5);
    const scores = Float64Array.from(positions, () => -Math.round(next() * 200) / 10);
    const exactIds = new Set([...positions].filter(() => next() < exactShare).map((pos) => pos + 1));
    const passing = positions.filter(() => next() < 0.7);
    const set: MatchSet = { positions, scores, exactness: unknownExactness() };
    const calls = { probes: 0, reads: 0 };
    const lookup = {
      probe: (id: number) => {
        calls.probes++;
        return exactIds.has(id);
      },
      all: () => {
        calls.reads++;
        return exactIds;
      },
      any: () => exactIds.size > 0,
      allExact: () => positions.every((pos) => exactIds.has(pos + 1)),
    };
    return { set, passing, exactIds, lookup, calls };
  }

  /** The definition: every passing entry by bm25 plus the penalty outside the exact subset, then newest first. */
  function bruteForce(snap: Snapshot, c: ReturnType<typeof case_>, k: number): number[] {
    const score = new Map<number, number>();
    c.set.positions.forEach((pos, i) => score.set(pos, c.set.scores![i] + (c.exactIds.has(pos + 1) ? 0 : INEXACT_PENALTY)));
    return [...c.passing].sort((a, b) => score.get(a)! - score.get(b)! || snap.newest.rank[a] - snap.newest.rank[b]).slice(0, k);
  }

  const limits: ExactProbeLimits = { ...EXACT_PROBE_LIMITS, probeMs: 60_000, minMatches: 0 };

  it.each([0, 0.05, 0.5, 0.9, 0.99, 1])('gives the same pages as the whole exact subset would (exact share %s)', (share) => {
    for (let seed = 1; seed <= 5; seed++) {
      const snap = table();
      const c = case_(seed * 31 + share * 100, share);
      for (const k of [1, 20, 60, 40, 300, 20]) {
        loadScores(snap, c.set); // as the engine does before every search
        const top = relevanceTop(snap, c.set, c.passing, c.passing.length, k, c.lookup, limits);
        expect([...top], `seed ${seed}, k ${k}`).toEqual(bruteForce(snap, c, k));
      }
    }
  });

  it('probes only the hits of the page when they all match whole, and never probes one twice', () => {
    const snap = table();
    const c = case_(7, 1);
    loadScores(snap, c.set);
    relevanceTop(snap, c.set, c.passing, c.passing.length, 20, c.lookup, limits);
    expect(c.calls).toEqual({ probes: 20, reads: 0 });
    loadScores(snap, c.set);
    relevanceTop(snap, c.set, c.passing, c.passing.length, 40, c.lookup, limits);
    expect(c.calls, 'the next page probes its own 20').toEqual({ probes: 40, reads: 0 });
  });

  it('neither probes nor reads when nothing matches whole, and ranks every entry with the penalty', () => {
    const none = case_(8, 0);
    const snap = table();
    for (const k of [20, 60]) {
      loadScores(snap, none.set);
      const top = relevanceTop(snap, none.set, none.passing, none.passing.length, k, none.lookup, limits);
      expect([...top]).toEqual(bruteForce(snap, none, k));
      expect(snap.scoreOf[top[0]]).toBe(none.set.scores![none.set.positions.indexOf(top[0])] + INEXACT_PENALTY);
    }
    expect(none.calls).toEqual({ probes: 0, reads: 0 });
    expect(none.set.exactness!.complete).toBe(true);
  });

  it('reads the whole subset when the probes would pass their limits, or the matches are few', () => {
    const snap = table();
    const sinking = case_(8, 0.004); // almost nothing matches whole: every round sinks the whole page
    loadScores(snap, sinking.set);
    const sunk = relevanceTop(snap, sinking.set, sinking.passing, sinking.passing.length, 20, sinking.lookup, limits);
    expect(sinking.calls.reads).toBe(1);
    expect(sinking.calls.probes).toBeLessThanOrEqual(limits.probes);
    expect(sinking.set.exactness!.complete).toBe(true);
    expect([...sunk]).toEqual(bruteForce(snap, sinking, 20));

    const deep = case_(9, 1); // a page beyond the probes
    loadScores(snap, deep.set);
    relevanceTop(snap, deep.set, deep.passing, deep.passing.length, limits.probes + 1, deep.lookup, limits);
    expect(deep.calls).toEqual({ probes: 0, reads: 1 });

    const few = case_(10, 0.9);
    expect(few.set.positions.length).toBeGreaterThanOrEqual(ALL_EXACT_CHECK_FROM);
    loadScores(snap, few.set);
    const fewTop = relevanceTop(snap, few.set, few.passing, few.passing.length, 20, few.lookup, { ...limits, minMatches: few.set.positions.length + 1 });
    expect(few.calls).toEqual({ probes: 0, reads: 1 });
    expect([...fewTop]).toEqual(bruteForce(snap, few, 20));

    // Few matches, all of them whole: FTS5 says so, and nothing is read.
    const whole = case_(12, 1);
    loadScores(snap, whole.set);
    const wholeTop = relevanceTop(snap, whole.set, whole.passing, whole.passing.length, 20, whole.lookup, { ...limits, minMatches: whole.set.positions.length + 1 });
    expect(whole.calls).toEqual({ probes: 0, reads: 0 });
    expect(whole.set.exactness!.complete).toBe(true);
    expect([...wholeTop]).toEqual(bruteForce(snap, whole, 20));

    const slow = case_(11, 1);
    loadScores(snap, slow.set);
    const top = relevanceTop(snap, slow.set, slow.passing, slow.passing.length, 20, slow.lookup, { ...limits, probeMs: -1 });
    expect(slow.calls, 'the first probe is too slow: the rest is read').toEqual({ probes: 1, reads: 1 });
    expect([...top]).toEqual(bruteForce(snap, slow, 20));
  });
});

describe('whole-word ranking with probed exactness', () => {
  let db: SyntheticDatabase;

  beforeAll(() => {
    db = syntheticDatabase(5000, 7);
  });
  afterAll(() => db?.remove());

  /** Every match's score as the ranking defines it: bm25, plus the penalty outside the exact subset. */
  function reference(q: string): { scores: Map<number, number> } {
    const fts = buildFtsQuery(q)!;
    const sqlite = db.handle.sqlite;
    const exact = new Set(sqlite.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ?`).pluck().all(fts.exact) as number[]);
    const scores = new Map<number, number>();
    const rows = sqlite
      .prepare(`SELECT rowid, bm25(search_fts, ${BM25_WEIGHTS.join(', ')}) FROM search_fts WHERE search_fts MATCH ?`)
      .raw()
      .all(fts.match) as [number, number][];
    for (const [id, score] of rows) scores.set(id, score + (exact.has(id) ? 0 : INEXACT_PENALTY));
    return { scores };
  }

  function expectPages(engine: SqliteSearchEngine, q: string, pages: number[]): void {
    const ref = reference(q);
    const sorted = [...ref.scores.values()].sort((a, b) => a - b);
    for (const page of pages) {
      const answer = engine.searchSync(query(q, page));
      expect(answer.total).toBe(ref.scores.size);
      const start = (page - 1) * PER_PAGE;
      const want = sorted.slice(start, start + PER_PAGE);
      expect(answer.hits.length, `${q} page ${page}`).toBe(want.length);
      answer.hits.forEach((hit, i) => {
        expect(hit.score, `${q} page ${page} hit ${i}: its own score`).toBeCloseTo(ref.scores.get(hit.id)!, 9);
        expect(hit.score, `${q} page ${page} hit ${i}: the score at its place`).toBeCloseTo(want[i], 9);
      });
    }
  }

  // Probing from 2,000 matches (this catalogue is small), and no time limit: on a loaded
  // machine it would read the subset, which gives the same pages but not the count asserted.
  const untimed: ExactProbeLimits = { ...EXACT_PROBE_LIMITS, probeMs: 60_000, minMatches: 2000 };

  it('a common whole word: the first pages probe the hits they show, without reading the exact subset', () => {
    const ref = reference('social');
    expect(ref.scores.size).toBeGreaterThan(untimed.minMatches);
    const engine = new SqliteSearchEngine(db.handle.sqlite, { exactProbeLimits: untimed });
    expectPages(engine, 'social', [1, 2, 3]);
    expect(engine.exactSubsetReads).toBe(0);
  });

  it('a page deeper than the probes allow reads the exact subset, with the same order', () => {
    const engine = new SqliteSearchEngine(db.handle.sqlite, { exactProbeLimits: untimed });
    const deep = Math.ceil(EXACT_PROBE_LIMITS.probes / PER_PAGE) + 2;
    expectPages(engine, 'social', [deep, 1]);
    expect(engine.exactSubsetReads).toBe(1);
  });

  it('the vocabulary says every match is whole only when it is (each word the only one of its prefix, never a variant)', () => {
    const sqlite = db.handle.sqlite;
    const engine = new SqliteSearchEngine(sqlite);
    const ids = (match: string) => new Set(sqlite.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ?`).pluck().all(match) as number[]);
    const words = sqlite
      .prepare(`SELECT term FROM search_vocab WHERE col <> 'variants' GROUP BY term HAVING sum(doc) >= 3 ORDER BY term`)
      .pluck()
      .all() as string[];
    const told = { whole: 0, notTold: 0 };
    let toldWord = '';
    // Every fifth word of three documents or more, as a prefix and whole.
    for (const word of words.filter((_, i) => i % 5 === 0)) {
      for (const prefix of [true, false]) {
        if (!engine.vocabulary.onlyWholeInText([{ word, prefix }])) {
          told.notTold++;
          continue;
        }
        told.whole++;
        toldWord ||= word;
        const exact = ids(`-{variants} : "${word}"`);
        const match = [...ids(prefix ? `"${word}"*` : `"${word}"`)];
        expect(match.length).toBeGreaterThan(0);
        expect(match.every((id) => exact.has(id)), `${word}, prefix ${prefix}`).toBe(true);
      }
    }
    expect(told.whole, `words it can tell (${JSON.stringify(told)})`).toBeGreaterThan(100);
    expect(told.notTold, `words it cannot (${JSON.stringify(told)})`).toBeGreaterThan(10);
    // A word with longer words of its prefix, and one that stands among the variants.
    expect(engine.vocabulary.onlyWholeInText([{ word: 'environment', prefix: true }])).toBe(false);
    const variant = sqlite.prepare(`SELECT term FROM search_vocab WHERE col = 'variants' LIMIT 1`).pluck().get() as string;
    expect(engine.vocabulary.onlyWholeInText([{ word: variant, prefix: false }])).toBe(false);
    // Several words: every one must be told.
    expect(engine.vocabulary.onlyWholeInText([{ word: toldWord, prefix: true }])).toBe(true);
    expect(engine.vocabulary.onlyWholeInText([{ word: toldWord, prefix: true }, { word: 'environment', prefix: true }])).toBe(false);
  });

  it.each([
    ['a word with longer forms ("environment": 30 % whole, the rest "environmental")', 'environment'],
    ['a prefix that is no whole word', 'environ'],
    ['two words', 'social environment'],
    ['a stem typed with æ/ø/å', 'områd'],
    ['a word of few matches', 'forening'],
  ])('%s: every page as the definition orders it', (_name, q) => {
    const ref = reference(q);
    expect(ref.scores.size).toBeGreaterThan(PER_PAGE * 3);
    for (const limits of [untimed, EXACT_PROBE_LIMITS]) {
      const engine = new SqliteSearchEngine(db.handle.sqlite, { exactProbeLimits: limits });
      expectPages(engine, q, [1, 2, 3]);
      // The same pages again, from what the first pass learnt.
      expectPages(engine, q, [2, 1]);
    }
  });
});
