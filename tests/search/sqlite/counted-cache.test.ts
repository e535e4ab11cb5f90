// The counting passes the embedded engine keeps per facet table: another page or order of
// a search reuses its counting pass, with the same answer as counting afresh; a change to
// the catalogue starts over; the kept passes stay within their bounds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTED_ENTRIES, SqliteSearchEngine } from '../../../server/search/sqlite/engine.ts';
import type { Snapshot } from '../../../server/search/sqlite/facet-table.ts';
import { applyToEmbeddedIndex } from '../../../server/search/change-feed.ts';
import { emptyFilters } from '../../../server/search/facets.ts';
import type { SearchQuery, SortOrder } from '../../../server/search/types.ts';
import { syntheticDatabase, type SyntheticDatabase } from '../../helpers/synthetic.ts';

const kept = (engine: SqliteSearchEngine) => (engine as unknown as { snapshot: Snapshot }).snapshot.counted;

function query(q: string, filters: Record<string, string[]>, from: number | null, sort: SortOrder, page: number): SearchQuery {
  return { q, filters: { ...emptyFilters(), ...filters }, from, to: null, sort, page, perPage: 20, locale: 'nb' };
}

describe('kept counting passes', () => {
  let db: SyntheticDatabase;
  let word: string;

  beforeAll(() => {
    db = syntheticDatabase(1500, 21);
    // A word of many initiatives' titles, so the searches have several pages.
    const titles = db.handle.sqlite.prepare(`SELECT title_nb FROM initiatives WHERE title_nb IS NOT NULL LIMIT 200`).pluck().all() as string[];
    const tally = new Map<string, number>();
    for (const t of titles) for (const w of new Set(t.toLowerCase().split(/\s+/))) if (w.length >= 4) tally.set(w, (tally.get(w) ?? 0) + 1);
    word = [...tally].sort((a, b) => b[1] - a[1])[0][0];
  });
  afterAll(() => db?.remove());

  const searches: [string, (w: string) => [string, Record<string, string[]>, number | null]][] = [
    ['filters only', () => ['', { country: ['NO'], measure: ['social'] }, null]],
    ['a word', (w) => [w, {}, null]],
    ['a word, a filter and a period', (w) => [w, { measure: ['social', 'physical'] }, 2000]],
  ];

  it.each(searches)('%s: every page and order reuses one pass and answers as a fresh count does', (_name, make) => {
    const [q, filters, from] = make(word);
    const engine = new SqliteSearchEngine(db.handle.sqlite);
    const fresh = new SqliteSearchEngine(db.handle.sqlite);
    const sorts: SortOrder[] = q ? ['relevance', 'newest', 'oldest', 'title'] : ['newest', 'oldest', 'title'];
    let before: number | null = null;
    for (const sort of sorts) {
      for (const page of [1, 2, 3]) {
        const asked = query(q, filters, from, sort, page);
        const answer = engine.searchSync(asked);
        before ??= kept(engine).size;
        fresh.clearMatchCache();
        const expected = fresh.searchSync(asked);
        expect(answer.total).toBeGreaterThan(40);
        expect(answer.hits.map((h) => h.id), `${sort} page ${page}`).toEqual(expected.hits.map((h) => h.id));
        expect(answer.facets).toEqual(expected.facets);
        expect(answer.total).toBe(expected.total);
      }
    }
    expect(before).toBe(1);
    expect(kept(engine).size, 'one pass for every page and order').toBe(1);
  });

  it('counts searches apart that differ in their words, a value, the order of values or the period', () => {
    const engine = new SqliteSearchEngine(db.handle.sqlite);
    const fresh = new SqliteSearchEngine(db.handle.sqlite);
    const base = query(word, { measure: ['social'] }, null, 'newest', 1);
    const variants: SearchQuery[] = [
      base,
      { ...base, q: '' },
      { ...base, q: word.slice(0, 3) },
      { ...base, filters: { ...base.filters, measure: ['physical'] } },
      { ...base, filters: { ...base.filters, measure: ['social', 'physical'] } },
      { ...base, filters: { ...base.filters, measure: ['physical', 'social'] } },
      { ...base, filters: { ...base.filters, country: ['NO'] } },
      { ...base, from: 2000 },
      { ...base, to: 2000 },
      { ...base, from: 2000, to: 2010 },
    ];
    for (const v of variants) {
      const answer = engine.searchSync(v);
      fresh.clearMatchCache();
      const expected = fresh.searchSync(v);
      expect({ total: answer.total, facets: answer.facets }, JSON.stringify(v)).toEqual({ total: expected.total, facets: expected.facets });
    }
    // Two values in either order are one search.
    expect(kept(engine).size).toBe(variants.length - 1);
  });

  it('counts afresh after a change to the catalogue', () => {
    const s = db.handle.sqlite;
    const engine = new SqliteSearchEngine(s);
    const asked = query('', { country: ['SE'] }, null, 'newest', 1);
    const first = engine.searchSync(asked);
    const moved = s.prepare(`SELECT id FROM initiatives WHERE country_code = 'NO' LIMIT 3`).pluck().all() as number[];
    s.prepare(`UPDATE initiatives SET country_code = 'SE' WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(moved));
    applyToEmbeddedIndex(s);
    const second = engine.searchSync({ ...asked, page: 2 });
    expect(second.total).toBe(first.total + 3);
    const count = (r: typeof first, v: string) => r.facets.country.find((f) => f.value === v)?.count;
    expect(count(second, 'SE')).toBe((count(first, 'SE') ?? 0) + 3);
    expect(count(second, 'NO')).toBe((count(first, 'NO') ?? 0) - 3);
  });

  it(`keeps at most ${COUNTED_ENTRIES} searches, the most recently used`, () => {
    const engine = new SqliteSearchEngine(db.handle.sqlite);
    const first = query('', { country: ['NO'] }, 1900, 'newest', 1);
    engine.searchSync(first);
    for (let year = 1901; year < 1901 + COUNTED_ENTRIES + 20; year++) {
      engine.searchSync(query('', { country: ['NO'] }, year, 'newest', 1));
      if (year % 10 === 0) engine.searchSync({ ...first, page: 2 }); // used again: kept
    }
    const keys = [...kept(engine).keys()];
    expect(keys.length).toBe(COUNTED_ENTRIES);
    expect(keys.some((k) => k.includes('\u00001900\u0000'))).toBe(true);
    expect(keys.some((k) => k.includes('\u00001901\u0000'))).toBe(false);
  });
});
