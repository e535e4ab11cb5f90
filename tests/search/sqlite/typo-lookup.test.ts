// Typo spellings are looked up only when the words as typed match nothing: the lookup reads
// FTS5's vocabulary table (about a millisecond per long word at 100,000 initiatives), and a
// search that finds something has no word no document holds. Counted, not timed; that typo
// matching itself works is the search contract's ("typos", on both paths).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SqliteSearchEngine } from '../../../server/search/sqlite/engine.ts';
import { emptyFilters } from '../../../server/search/facets.ts';
import type { SearchQuery } from '../../../server/search/types.ts';
import { createTestDatabase, removeDbFile } from '../../helpers/app.ts';
import { recallCatalogue } from '../../fixtures/recall-catalogue.ts';
import type { DatabaseHandle } from '../../../db/client.ts';

const query = (q: string): SearchQuery => ({ q, filters: emptyFilters(), from: null, to: null, sort: 'relevance', page: 1, perPage: 20, locale: 'nb' });

describe.each([
  ['on the main thread', false],
  ['with the FTS worker', true],
])('typo lookup %s', (_label, worker) => {
  let handle: DatabaseHandle;
  let engine: SqliteSearchEngine;
  beforeAll(async () => {
    handle = createTestDatabase(recallCatalogue());
    engine = new SqliteSearchEngine(handle.sqlite, { ftsWorker: worker });
    if (worker) expect(await engine.startFtsWorker()).toBe(true);
  });
  afterAll(async () => {
    await engine?.close();
    handle?.close();
    if (handle) removeDbFile(handle.file);
  });

  it('is not asked for a search that finds hits as typed, long words and all', async () => {
    const known = vi.spyOn(engine.vocabulary, 'known');
    try {
      engine.clearMatchCache();
      const answer = await engine.search(query('Kvarterprøve Quarter'));
      expect(answer.total).toBeGreaterThan(0);
      expect(known).not.toHaveBeenCalled();
    } finally {
      known.mockRestore();
    }
  });

  it('is asked when the words as typed find nothing, and its spellings then find the hits', async () => {
    const known = vi.spyOn(engine.vocabulary, 'known');
    try {
      engine.clearMatchCache();
      const typo = await engine.search(query('Kvarterpørve'));
      expect(known).toHaveBeenCalledWith('kvarterpørve');
      expect(typo.total).toBeGreaterThan(0);
      expect(typo.hits.map((h) => h.id)).toEqual((await engine.search(query('Kvarterprøve'))).hits.map((h) => h.id));
    } finally {
      known.mockRestore();
    }
  });
});
