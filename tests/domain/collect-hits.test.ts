// Collecting every hit of a search (exports, feeds): the embedded engine is asked for
// BULK_PAGE_SIZE hits a call rather than a search page's 100 (a feed over 30,000 hits made
// 300 searches and took seconds at 100,000 initiatives). The hits, their order and the
// feed's entries are exactly what paging 100 at a time gives. Searches counted, not timed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_PAGE_SIZE, SqliteSearchEngine } from '../../server/search/sqlite/engine.ts';
import { collectHitIds } from '../../server/domain/export.ts';
import { FEED_SIZE, listFeedEntries } from '../../server/domain/feed.ts';
import { parseSearchQuery } from '../../server/schemas/search-query.ts';
import type { EngineResult, SearchEngine, SearchQuery } from '../../server/search/types.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { syntheticDatabase, type SyntheticDatabase } from '../helpers/synthetic.ts';

const COUNT = 1300;
let db: SyntheticDatabase;
let handle: DatabaseHandle;
let engine: SqliteSearchEngine;

beforeAll(() => {
  db = syntheticDatabase(COUNT, 9);
  handle = db.handle;
  engine = new SqliteSearchEngine(handle.sqlite);
});
afterAll(() => db?.remove());

/** The engine behind a counter, taking `bulkPageSize` hits a call (a search page's 100 when undefined). */
function counted(bulkPageSize: number | undefined): SearchEngine & { calls: SearchQuery[] } {
  const calls: SearchQuery[] = [];
  return {
    name: 'counted',
    bulkPageSize,
    calls,
    search: (q: SearchQuery): Promise<EngineResult> => {
      calls.push(q);
      return engine.search(q);
    },
    health: () => engine.health(),
    close: async () => {},
  };
}

const word = () => {
  // A word in about a third of the catalogue: most pages of hits are full.
  const rows = handle.sqlite
    .prepare(`SELECT term, doc FROM search_fts_vocab_row_check ORDER BY abs(doc - ?) LIMIT 1`)
    .raw()
    .all(Math.round(COUNT / 3)) as [string, number][];
  return rows[0][0];
};

describe('collecting every hit', () => {
  beforeAll(() => {
    handle.sqlite.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_vocab_row_check USING fts5vocab(main, search_fts, row)`);
  });

  it('asks the embedded engine for up to BULK_PAGE_SIZE hits a call', () => {
    expect(engine.bulkPageSize).toBe(BULK_PAGE_SIZE);
    expect(BULK_PAGE_SIZE).toBeGreaterThan(COUNT);
  });

  for (const [label, params] of [
    ['every initiative', {}],
    ['a filter', { country: 'SE' }],
    ['a common word, by relevance', { q: 'WORD' }],
    ['a common word and a filter, by title', { q: 'WORD', country: 'NO', sort: 'title' }],
  ] as const) {
    it(`gives the hits paging by 100 gives, in their order, with far fewer searches: ${label}`, async () => {
      const query = parseSearchQuery(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v === 'WORD' ? word() : v])), 'nb');
      const byHundred = counted(undefined);
      const bulk = counted(BULK_PAGE_SIZE);
      const uneven = counted(333); // pages that end inside the hits
      const expected = await collectHitIds(byHundred, query);
      expect(expected.ids.length).toBe(expected.total);
      expect(expected.total).toBeGreaterThan(150);
      expect(await collectHitIds(bulk, query)).toEqual(expected);
      expect(await collectHitIds(uneven, query)).toEqual(expected);
      expect(bulk.calls.length).toBe(1);
      expect(uneven.calls.length).toBe(Math.ceil(expected.total / 333));
      expect(byHundred.calls.length).toBe(Math.ceil(expected.total / 100));
      // A limit below the page size still stops at the limit.
      expect((await collectHitIds(bulk, query, 120)).ids).toEqual(expected.ids.slice(0, 120));
    });
  }

  it('gives the feed the newest initiatives by when they were added, from every hit', async () => {
    const query = parseSearchQuery({ q: word() }, 'nb');
    const entries = await listFeedEntries(handle.sqlite, engine, query);
    const { ids } = await collectHitIds(counted(undefined), query);
    const expected = handle.sqlite
      .prepare(
        `SELECT ref FROM initiatives WHERE state = 'published' AND id IN (SELECT value FROM json_each(?))
         ORDER BY created_at DESC, updated_at DESC, ref LIMIT ${FEED_SIZE}`,
      )
      .pluck()
      .all(JSON.stringify(ids));
    expect(entries.map((e) => e.ref)).toEqual(expected);
    expect(entries.length).toBe(FEED_SIZE);
  });
});
