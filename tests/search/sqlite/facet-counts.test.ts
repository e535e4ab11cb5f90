// The embedded engine's fast counts against plain SQL: on a generated catalogue of a few
// thousand initiatives, random queries (words, prefixes, filters, year ranges, sorts) must
// give exactly the totals, disjunctive facet counts and first pages that GROUP BY queries
// over the tables give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { DatabaseHandle } from '../../../db/client.ts';
import { createRandom } from '../../../scripts/generate.ts';
import { syntheticDatabase, type SyntheticDatabase } from '../../helpers/synthetic.ts';
import { SqliteSearchEngine } from '../../../server/search/sqlite/engine.ts';
import { escapeFtsQuery } from '../../../server/search/text.ts';
import { type FacetName, type SearchQuery, type SortOrder } from '../../../server/search/types.ts';
import { FACETS as REGISTRY, emptyFilters } from '../../../server/search/facets.ts';

const FACETS = REGISTRY.names;

const COUNT = 3000;

/** The initiative's period as the engine reads it (a missing end is the start, and back). */
const LO = `min(coalesce(i.period_start, i.period_end), coalesce(i.period_end, i.period_start))`;
/** …and an ongoing one to this year (searchedPeriod()). */
const HI = `max(coalesce(i.period_start, i.period_end), coalesce(i.period_end, i.period_start),
  CASE WHEN i.status = 'ongoing' THEN ${new Date().getUTCFullYear()} ELSE 0 END)`;
/** temp.decades (made in beforeAll): every decade a period can touch. */
const DECADES = `temp.decades`;

function facetCondition(facet: FacetName): string {
  switch (facet) {
    case 'country':
      return `i.country_code IN (SELECT value FROM json_each(?))`;
    case 'programme':
      return `EXISTS (SELECT 1 FROM initiative_programmes ip JOIN programmes p ON p.id = ip.programme_id
                      WHERE ip.initiative_id = i.id AND p.slug IN (SELECT value FROM json_each(?)))`;
    case 'organisation':
      return `EXISTS (SELECT 1 FROM initiative_organisations x JOIN organisations o ON o.id = x.organisation_id
                      WHERE x.initiative_id = i.id AND o.slug IN (SELECT value FROM json_each(?)))`;
    case 'participation':
      return `EXISTS (SELECT 1 FROM participation_entries x WHERE x.initiative_id = i.id AND x.method IN (SELECT value FROM json_each(?)))`;
    case 'anchoring':
      return `EXISTS (SELECT 1 FROM anchoring_entries x WHERE x.initiative_id = i.id AND x.kind IN (SELECT value FROM json_each(?)))`;
    case 'continuation':
      return `i.continuation IN (SELECT value FROM json_each(?))`;
    case 'evidence':
      return `i.evidence_level IN (SELECT value FROM json_each(?))`;
    case 'status':
      return `i.status IN (SELECT value FROM json_each(?))`;
    case 'area':
      return `EXISTS (SELECT 1 FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id
                      WHERE ia.initiative_id = i.id AND a.slug IN (SELECT value FROM json_each(?)))`;
    case 'decade':
      // A decade the period touches, or the unknown-period bucket for no period at all.
      return `EXISTS (SELECT 1 FROM json_each(?) v WHERE (v.value = 'unknown' AND ${LO} IS NULL)
                      OR EXISTS (SELECT 1 FROM ${DECADES} dd WHERE CAST(dd.x AS TEXT) = v.value
                                 AND dd.x BETWEEN (${LO} / 10) * 10 AND ${HI}))`;
    default:
      return `EXISTS (SELECT 1 FROM initiative_terms t WHERE t.initiative_id = i.id AND t.kind = '${facet}'
                      AND t.code IN (SELECT value FROM json_each(?)))`;
  }
}

function valueJoin(facet: FacetName): { join: string; value: string } {
  switch (facet) {
    case 'country':
      return { join: '', value: 'i.country_code' };
    case 'programme':
      return {
        join: 'JOIN (SELECT DISTINCT initiative_id, programme_id FROM initiative_programmes) ip ON ip.initiative_id = i.id JOIN programmes p ON p.id = ip.programme_id',
        value: 'p.slug',
      };
    case 'organisation':
      return {
        join: 'JOIN (SELECT DISTINCT initiative_id, organisation_id FROM initiative_organisations) x ON x.initiative_id = i.id JOIN organisations o ON o.id = x.organisation_id',
        value: 'o.slug',
      };
    case 'participation':
      return { join: 'JOIN (SELECT DISTINCT initiative_id, method FROM participation_entries) x ON x.initiative_id = i.id', value: 'x.method' };
    case 'anchoring':
      return { join: 'JOIN (SELECT DISTINCT initiative_id, kind FROM anchoring_entries) x ON x.initiative_id = i.id', value: 'x.kind' };
    case 'continuation':
      return { join: '', value: 'i.continuation' };
    case 'evidence':
      return { join: '', value: 'i.evidence_level' };
    case 'status':
      return { join: '', value: 'i.status' };
    case 'area':
      return { join: 'JOIN initiative_areas ia ON ia.initiative_id = i.id JOIN areas a ON a.id = ia.area_id', value: 'a.slug' };
    case 'decade':
      return {
        join: `JOIN (SELECT x FROM ${DECADES} UNION ALL SELECT NULL) dd
               ON (dd.x IS NULL AND ${LO} IS NULL) OR dd.x BETWEEN (${LO} / 10) * 10 AND ${HI}`,
        value: `coalesce(CAST(dd.x AS TEXT), 'unknown')`,
      };
    default:
      return { join: `JOIN initiative_terms t ON t.initiative_id = i.id AND t.kind = '${facet}'`, value: 't.code' };
  }
}

/** WHERE clause and parameters for the query, leaving out facet `except`. */
function where(query: SearchQuery, except: FacetName | null): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const match = escapeFtsQuery(query.q);
  if (match !== null) {
    parts.push(`i.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)`);
    params.push(match);
  }
  if (query.from !== null || query.to !== null) {
    parts.push(`${LO} IS NOT NULL`);
    if (query.from !== null) {
      parts.push(`${HI} >= ?`);
      params.push(query.from);
    }
    if (query.to !== null) {
      parts.push(`${LO} <= ?`);
      params.push(query.to);
    }
  }
  for (const facet of FACETS) {
    if (facet === except || query.filters[facet].length === 0) continue;
    parts.push(facetCondition(facet));
    params.push(JSON.stringify(query.filters[facet]));
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function sqlTotal(sqlite: Database.Database, query: SearchQuery): number {
  const w = where(query, null);
  return sqlite.prepare(`SELECT count(*) FROM initiatives i ${w.sql}`).pluck().get(...w.params) as number;
}

function sqlCounts(sqlite: Database.Database, query: SearchQuery, facet: FacetName): Record<string, number> {
  const w = where(query, facet);
  const { join, value } = valueJoin(facet);
  const rows = sqlite
    .prepare(`SELECT ${value} AS v, count(*) AS n FROM initiatives i ${join} ${w.sql} GROUP BY v`)
    .raw()
    .all(...w.params) as [string, number][];
  return Object.fromEntries(rows.filter(([v]) => v !== null));
}

function sqlNewestPage(sqlite: Database.Database, query: SearchQuery): number[] {
  const w = where(query, null);
  const dir = query.sort === 'oldest' ? 'ASC' : 'DESC';
  return sqlite
    .prepare(
      `SELECT i.id FROM initiatives i ${w.sql}
       ORDER BY i.period_start ${dir} NULLS LAST, i.period_end ${dir} NULLS LAST, i.id ${dir}
       LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(...w.params, query.perPage, (query.page - 1) * query.perPage) as number[];
}

describe('embedded engine counts equal plain SQL counts', () => {
  let db: SyntheticDatabase;
  let handle: DatabaseHandle;
  let engine: SqliteSearchEngine;
  const values: Record<FacetName, string[]> = emptyFilters();
  let words: string[] = [];

  beforeAll(() => {
    db = syntheticDatabase(COUNT, 7);
    handle = db.handle;
    handle.sqlite.exec(`CREATE TEMP TABLE decades (x INTEGER PRIMARY KEY);
      WITH RECURSIVE d(x) AS (SELECT 1800 UNION ALL SELECT x + 10 FROM d WHERE x < 2200) INSERT INTO temp.decades SELECT x FROM d;`);
    engine = new SqliteSearchEngine(handle.sqlite);
    const first = engine.searchSync({ q: '', filters: emptyFilters(), from: null, to: null, sort: 'newest', page: 1, perPage: 1, locale: 'nb' });
    for (const f of FACETS) values[f] = first.facets[f].map((v) => v.value);
    // Words of every frequency: titles of a spread of initiatives, plus prefixes.
    const titles = handle.sqlite.prepare(`SELECT title FROM search_documents WHERE initiative_id % 97 = 0`).pluck().all() as string[];
    words = [...new Set(titles.join(' ').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3))];
  });
  afterAll(() => db?.remove());

  it('generated a catalogue with every facet populated', () => {
    expect(sqlTotal(handle.sqlite, { q: '', filters: emptyFilters(), from: null, to: null, sort: 'newest', page: 1, perPage: 20, locale: 'nb' })).toBe(COUNT);
    for (const f of FACETS) expect(values[f].length, f).toBeGreaterThan(1);
    expect(words.length).toBeGreaterThan(20);
  });

  it('agrees on 120 random queries, before and after the match cache is warm', () => {
    const rnd = createRandom(42);
    const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
    const sorts: SortOrder[] = ['relevance', 'newest', 'oldest', 'title'];
    for (let n = 0; n < 120; n++) {
      const filters = emptyFilters();
      for (const f of FACETS) {
        if (rnd() < 0.25) {
          const k = 1 + Math.floor(rnd() * 3);
          for (let i = 0; i < k; i++) filters[f].push(rnd() < 0.05 ? 'no-such-value' : pick(values[f]));
          filters[f] = [...new Set(filters[f])];
        }
      }
      const r = rnd();
      const q =
        r < 0.3 ? '' : r < 0.6 ? pick(words) : r < 0.8 ? pick(words).slice(0, 3) : `${pick(words)} ${pick(words).slice(0, 4)}`;
      const from = rnd() < 0.2 ? 1990 + Math.floor(rnd() * 40) : null;
      const to = rnd() < 0.2 ? Math.max(from ?? 1990, 1990 + Math.floor(rnd() * 40)) : null;
      const query: SearchQuery = {
        q,
        filters,
        from,
        to,
        sort: pick(sorts),
        page: 1 + Math.floor(rnd() * 3),
        perPage: 5 + Math.floor(rnd() * 20),
        locale: rnd() < 0.5 ? 'nb' : 'en',
      };
      const total = sqlTotal(handle.sqlite, query);
      const expected = Object.fromEntries(FACETS.map((f) => [f, sqlCounts(handle.sqlite, query, f)]));
      for (const attempt of ['cold', 'cached']) {
        const label = `${attempt} ${JSON.stringify(query)}`;
        const result = engine.searchSync(query);
        expect(result.total, label).toBe(total);
        for (const f of FACETS) {
          const fast = Object.fromEntries(result.facets[f].filter((v) => v.count > 0).map((v) => [v.value, v.count]));
          expect(fast, `${f} ${label}`).toEqual(expected[f]);
          for (const v of result.facets[f]) expect(v.selected, label).toBe(query.filters[f].includes(v.value));
          for (const s of query.filters[f]) expect(result.facets[f].some((v) => v.value === s && v.selected), label).toBe(true);
        }
        const pageSize = Math.max(0, Math.min(query.perPage, total - (query.page - 1) * query.perPage));
        expect(result.hits.length, label).toBe(pageSize);
        const effective = query.sort === 'relevance' && escapeFtsQuery(q) === null ? 'newest' : query.sort;
        if (effective === 'newest' || effective === 'oldest') {
          expect(result.hits.map((h) => h.id), label).toEqual(sqlNewestPage(handle.sqlite, { ...query, sort: effective }));
        } else if (effective === 'relevance') {
          const scores = result.hits.map((h) => h.score!);
          for (let i = 1; i < scores.length; i++) expect(scores[i], label).toBeGreaterThanOrEqual(scores[i - 1]);
        }
      }
    }
  }, 120_000); // 120 queries, each also counted by plain SQL over the full FTS5 expression (stems and all)
});
