// The embedded engine's filter-only path (no words: entries found from the chosen values'
// posting lists, not by scanning every entry) against plain SQL, for one, two and three
// filtered facets, with and without a period, and with a value nobody has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteSearchEngine } from '../../../server/search/sqlite/engine.ts';
import { type SearchQuery } from '../../../server/search/types.ts';
import { emptyFilters } from '../../../server/search/facets.ts';
import type { DatabaseHandle } from '../../../db/client.ts';
import { syntheticDatabase, type SyntheticDatabase } from '../../helpers/synthetic.ts';

type Facet = 'country' | 'measure' | 'theme' | 'target';
const FACETS: Facet[] = ['country', 'measure', 'theme', 'target'];
const LO = `min(coalesce(i.period_start, i.period_end), coalesce(i.period_end, i.period_start))`;
const HI = `max(coalesce(i.period_start, i.period_end), coalesce(i.period_end, i.period_start))`;

const cond = (f: Facet) =>
  f === 'country'
    ? `i.country_code IN (SELECT value FROM json_each(?))`
    : `EXISTS (SELECT 1 FROM initiative_terms t WHERE t.initiative_id = i.id AND t.kind = '${f}' AND t.code IN (SELECT value FROM json_each(?)))`;

describe('filter-only searches count exactly like SQL', () => {
  let db: SyntheticDatabase;
  let handle: DatabaseHandle;
  let engine: SqliteSearchEngine;

  beforeAll(() => {
    db = syntheticDatabase(1500, 11);
    handle = db.handle;
    engine = new SqliteSearchEngine(handle.sqlite);
  });
  afterAll(() => db?.remove());

  function where(q: SearchQuery, except: Facet | null) {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (q.from !== null || q.to !== null) {
      parts.push(`${LO} IS NOT NULL`, `${HI} >= ?`, `${LO} <= ?`);
      params.push(q.from ?? -99999, q.to ?? 99999);
    }
    for (const f of FACETS) {
      if (f === except || q.filters[f].length === 0) continue;
      parts.push(cond(f));
      params.push(JSON.stringify(q.filters[f]));
    }
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  }

  const cases: [string, Partial<Record<Facet, string[]>>, number | null, number | null][] = [
    ['one facet', { country: ['NO'] }, null, null],
    ['one facet, two values', { measure: ['social', 'physical'] }, null, null],
    ['one facet with a period', { country: ['SE'] }, 2000, 2015],
    ['one unknown value', { theme: ['no-such-value'] }, null, null],
    ['two facets', { country: ['NO'], measure: ['social'] }, null, null],
    ['two facets with a period', { country: ['NO', 'DK'], theme: ['housing'] }, 1995, null],
    ['three facets', { country: ['NO'], measure: ['social'], target: ['youth', 'older-people'] }, null, null],
    ['three facets, one unknown', { country: ['SE'], measure: ['no-such-value'], theme: ['housing'] }, null, 2020],
  ];

  it.each(cases)('%s', (_name, chosen, from, to) => {
    const filters = emptyFilters();
    for (const [f, v] of Object.entries(chosen)) filters[f as Facet] = v!;
    const query: SearchQuery = { q: '', filters, from, to, sort: 'newest', page: 1, perPage: 20, locale: 'nb' };
    const s = handle.sqlite;
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = engine.searchSync(query);
      const w = where(query, null);
      expect(result.total).toBe(s.prepare(`SELECT count(*) FROM initiatives i ${w.sql}`).pluck().get(...w.params));
      expect(result.hits.map((h) => h.id)).toEqual(
        s
          .prepare(`SELECT i.id FROM initiatives i ${w.sql} ORDER BY i.period_start DESC NULLS LAST, i.period_end DESC NULLS LAST, i.id DESC LIMIT 20`)
          .pluck()
          .all(...w.params),
      );
      for (const f of FACETS) {
        const x = where(query, f);
        const sql =
          f === 'country'
            ? `SELECT i.country_code, count(*) FROM initiatives i ${x.sql} GROUP BY 1`
            : `SELECT t.code, count(*) FROM initiatives i JOIN initiative_terms t ON t.initiative_id = i.id AND t.kind = '${f}' ${x.sql} GROUP BY 1`;
        const expected = Object.fromEntries(s.prepare(sql).raw().all(...x.params) as [string, number][]);
        const fast = Object.fromEntries(result.facets[f].filter((v) => v.count > 0).map((v) => [v.value, v.count]));
        expect(fast, f).toEqual(expected);
      }
    }
  });
});
