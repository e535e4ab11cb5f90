// The facet table kept in the database: a restart reads it back instead of building it,
// answers exactly as a built one does, and never uses one stored for other data, another
// year or other facets.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../db/client.ts';
import { syntheticDatabase, type SyntheticDatabase } from '../../helpers/synthetic.ts';
import { SqliteSearchEngine } from '../../../server/search/sqlite/engine.ts';
import { FACETS, defineFacets, emptyFilters } from '../../../server/search/facets.ts';
import type { SearchQuery } from '../../../server/search/types.ts';
import { buildTestApp, testConfig } from '../../helpers/app.ts';
import { buildApp } from '../../../server/app.ts';
import { FACET_STORE_DELAY_MS } from '../../../server/plugins/search.ts';

const COUNT = 1200;

function query(over: Partial<SearchQuery> = {}): SearchQuery {
  return { q: '', filters: emptyFilters(), from: null, to: null, sort: 'newest', page: 1, perPage: 20, locale: 'nb', ...over };
}

let db: SyntheticDatabase;
let handle: DatabaseHandle;
const engines: SqliteSearchEngine[] = [];

/** An engine on the test database that keeps its facet table in it, closed after the test. */
function storing(options: ConstructorParameters<typeof SqliteSearchEngine>[1] = {}): SqliteSearchEngine {
  const engine = new SqliteSearchEngine(handle.sqlite, { facetStore: true, ...options });
  engines.push(engine);
  return engine;
}

beforeAll(() => {
  db = syntheticDatabase(COUNT, 11);
  handle = db.handle;
});
afterEach(async () => {
  vi.useRealTimers();
  for (const e of engines.splice(0)) await e.close();
});
afterAll(() => db?.remove());

describe('the facet table store', () => {
  it('is read back by the next engine, which answers exactly as a built table does', () => {
    handle.sqlite.prepare(`DELETE FROM search_facet_store`).run();
    const first = storing();
    first.warm();
    expect(first.facetTableFrom).toBe('built');
    const restarted = storing();
    restarted.warm();
    expect(restarted.facetTableFrom).toBe('store');
    const built = new SqliteSearchEngine(handle.sqlite); // no store: always built
    engines.push(built);

    const all = built.searchSync(query());
    const country = all.facets.country[0].value;
    const measure = all.facets.measure[1].value;
    const word = handle.sqlite.prepare(`SELECT title FROM search_documents ORDER BY initiative_id LIMIT 1 OFFSET 40`).pluck().get() as string;
    const cases: SearchQuery[] = [
      query(),
      query({ sort: 'oldest', page: 3 }),
      query({ sort: 'title', locale: 'en' }),
      query({ filters: { ...emptyFilters(), country: [country], measure: [measure] } }),
      query({ from: 1995, to: 2004, filters: { ...emptyFilters(), decade: ['unknown', '2000'] } }),
      query({ q: word.split(' ')[0], sort: 'relevance' }),
      query({ q: word.split(' ')[0].slice(0, 3), filters: { ...emptyFilters(), country: [country] }, sort: 'relevance', page: 2 }),
    ];
    for (const c of cases) expect(restarted.searchSync(c), JSON.stringify(c)).toEqual(built.searchSync(c));
    expect(all.total).toBe(COUNT);
  });

  it('is not used once the catalogue has changed; the engine builds the table and sees the change', () => {
    storing().warm(); // stores the current table if it is not stored yet
    const id = handle.sqlite.prepare(`SELECT id FROM initiatives ORDER BY id LIMIT 1`).pluck().get() as number;
    const before = handle.sqlite.prepare(`SELECT country_code FROM initiatives WHERE id = ?`).pluck().get(id) as string;
    const other = before === 'SE' ? 'DK' : 'SE';
    handle.sqlite.prepare(`UPDATE initiatives SET country_code = ? WHERE id = ?`).run(other, id);
    try {
      const engine = storing();
      const result = engine.searchSync(query({ filters: { ...emptyFilters(), country: [other] }, perPage: COUNT }));
      expect(engine.facetTableFrom).toBe('built');
      expect(result.hits.map((h) => h.id)).toContain(id);
    } finally {
      handle.sqlite.prepare(`UPDATE initiatives SET country_code = ? WHERE id = ?`).run(before, id);
    }
  });

  it('is stored on close when the engine rebuilt its table after a change, for the next start', async () => {
    const engine = storing();
    engine.warm();
    const id = handle.sqlite.prepare(`SELECT id FROM initiatives ORDER BY id DESC LIMIT 1`).pluck().get() as number;
    handle.sqlite.prepare(`UPDATE initiatives SET period_start = 1901, period_end = 1902 WHERE id = ?`).run(id);
    const found = engine.searchSync(query({ from: 1900, to: 1903 }));
    expect(found.hits.map((h) => h.id)).toEqual([id]);
    await engine.close();
    engines.splice(engines.indexOf(engine), 1);

    const next = storing();
    expect(next.searchSync(query({ from: 1900, to: 1903 }))).toEqual(found);
    expect(next.facetTableFrom).toBe('store');
  });

  it('is not used in another year (an ongoing period is read up to the current year)', async () => {
    const year = new Date().getUTCFullYear();
    const storedKey = () => handle.sqlite.prepare(`SELECT key FROM search_facet_store`).pluck().get() as string;
    const thisYear = storing();
    thisYear.warm();
    expect(storedKey()).toContain(`:${year}:`);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.UTC(year + 1, 0, 2)));
    const nextYear = storing();
    nextYear.warm();
    expect(nextYear.facetTableFrom).toBe('built');
    expect(storedKey()).toContain(`:${year + 1}:`); // its first build, stored under its own year

    // Closed in the new year, a table built in the old one is stored under the old year.
    handle.sqlite.prepare(`DELETE FROM search_facet_store`).run();
    await thisYear.close();
    engines.splice(engines.indexOf(thisYear), 1);
    expect(storedKey()).toContain(`:${year}:`);
    const later = storing();
    later.warm();
    expect(later.facetTableFrom).toBe('built');
  });

  it('is not used with other facets', () => {
    storing().warm();
    const extra = defineFacets([
      ...FACETS.list,
      { name: 'initial', heading: 'facet.initial', values: (doc) => [doc.slug[0]], multi: false, labels: { from: 'message', message: () => null }, order: 'label' },
    ]);
    const engine = storing({ facets: extra });
    const result = engine.searchSync({ ...query(), filters: extra.emptyFilters() });
    expect(engine.facetTableFrom).toBe('built');
    expect(result.facets.initial.length).toBeGreaterThan(0);

    // The same names, but one facet files initiatives differently (a new release's code).
    storing().warm();
    const changed = defineFacets(FACETS.list.map((f) => (f.name === 'status' ? { ...f, field: undefined, values: () => ['unknown'] } : f)));
    const next = storing({ facets: changed });
    expect(next.searchSync(query()).facets.status.map((v) => [v.value, v.count])).toEqual([['unknown', COUNT]]);
    expect(next.facetTableFrom).toBe('built');
  });

  it('with a delay, is stored that long after the first build, or on close if sooner', async () => {
    const stored = () => handle.sqlite.prepare(`SELECT count(*) FROM search_facet_store`).pluck().get() as number;
    handle.sqlite.prepare(`DELETE FROM search_facet_store`).run();
    const later = storing({ facetStoreDelayMs: 300 });
    const started = Date.now();
    later.warm();
    if (Date.now() - started < 250) expect(stored()).toBe(0); // not yet (unless warm() itself took that long)
    await vi.waitFor(() => expect(stored()).toBe(1), { timeout: 5000, interval: 20 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(storing().searchSync(query()).total).toBe(COUNT);
    expect(engines[engines.length - 1].facetTableFrom).toBe('store');

    handle.sqlite.prepare(`DELETE FROM search_facet_store`).run();
    const closed = storing({ facetStoreDelayMs: 60_000 });
    closed.warm();
    expect(stored()).toBe(0);
    await closed.close();
    engines.splice(engines.indexOf(closed), 1);
    expect(stored()).toBe(1);
  });

  it('is built, not trusted, when what is stored under the right key cannot be read', () => {
    storing().warm();
    const store = handle.sqlite.prepare(`SELECT key, header, data FROM search_facet_store`).get() as { key: string; header: string; data: Buffer };
    const damaged = [
      { header: store.header.slice(0, 100), data: store.data }, // header cut short
      { header: store.header, data: store.data.subarray(0, 1000) }, // data cut short
      { header: store.header.replace('"rows.postings"', '"rows.postingz"'), data: store.data }, // a part missing
    ];
    try {
      for (const d of damaged) {
        handle.sqlite.prepare(`UPDATE search_facet_store SET header = ?, data = ?`).run(d.header, d.data);
        const engine = storing();
        expect(engine.searchSync(query()).total).toBe(COUNT);
        expect(engine.facetTableFrom).toBe('built');
      }
    } finally {
      handle.sqlite.prepare(`UPDATE search_facet_store SET header = ?, data = ?`).run(store.header, store.data);
    }
  });

  it('a database that cannot be written still searches (the table is built each start)', async () => {
    handle.sqlite.prepare(`DELETE FROM search_facet_store`).run();
    const readOnly = openDatabase(handle.file, { readonly: true });
    try {
      for (let i = 0; i < 2; i++) {
        const engine = new SqliteSearchEngine(readOnly.sqlite, { facetStore: true });
        expect(engine.searchSync(query()).total).toBe(COUNT);
        expect(engine.facetTableFrom).toBe('built');
        await engine.close();
      }
    } finally {
      readOnly.close();
    }
    expect(handle.sqlite.prepare(`SELECT count(*) FROM search_facet_store`).pluck().get()).toBe(0);
  });
});

describe('the app', () => {
  it('stores the facet table a moment after its first start, and a restart reads it', async () => {
    const started = Date.now();
    const first = await buildTestApp();
    try {
      expect(first.app.embeddedSearch.facetTableFrom).toBe('built');
      const stored = () => first.app.db.sqlite.prepare(`SELECT count(*) FROM search_facet_store`).pluck().get() as number;
      // The first pages are served before the table is written (unless the start took that long).
      if (Date.now() - started < FACET_STORE_DELAY_MS - 500) expect(stored()).toBe(0);
      await vi.waitFor(() => expect(stored()).toBe(1), { timeout: FACET_STORE_DELAY_MS + 10_000, interval: 50 });
      const again = await buildApp({ config: testConfig({ DB_FILE: first.dbFile }), seedIfEmpty: false });
      try {
        expect(again.embeddedSearch.facetTableFrom).toBe('store');
        const url = '/api/v1/initiatives?country=NO&sort=newest';
        const answer = await again.inject(url);
        expect(answer.statusCode).toBe(200);
        expect(answer.json().total).toBeGreaterThan(0);
        expect(answer.json()).toEqual((await first.app.inject(url)).json());
      } finally {
        await again.close();
      }
    } finally {
      await first.close();
    }
  });
});
