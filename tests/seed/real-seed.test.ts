// The shipped seed: loads whole, every record is sourced, loading twice changes nothing,
// and every initiative can be found by search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { importCatalogue } from '../../server/domain/import-catalogue.ts';
import { readSeedCatalogue } from '../../seed/catalogue.ts';
import { SqliteSearchEngine } from '../../server/search/sqlite/engine.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';
import { q, counts } from '../search/contract.ts';

describe('the real seed', () => {
  let handle: DatabaseHandle;
  const seed = readSeedCatalogue();
  const count = (sql: string) => handle.sqlite.prepare(sql).pluck().get() as number;

  beforeAll(() => {
    handle = createTestDatabase(seed);
  });
  afterAll(() => {
    handle.close();
    removeDbFile(handle.file);
  });

  // The fact base gives 15 programmes, 50 areas and 71 initiatives; the editorial layer
  // (seed/editorial/additions.json) adds 5, 25 and 24 more, the conference and 16 resources;
  // seed/editorial/coordinates.json adds the 37 pages that state area coordinates.
  it('loads all programmes, areas, initiatives, organisations, events, resources and sources', () => {
    expect(count('SELECT count(*) FROM programmes')).toBe(20);
    expect(count('SELECT count(*) FROM areas')).toBe(75);
    expect(count('SELECT count(*) FROM initiatives')).toBe(95);
    expect(count('SELECT count(*) FROM organisations')).toBe(76);
    expect(count('SELECT count(*) FROM events')).toBe(1);
    expect(count('SELECT count(*) FROM resources')).toBe(16);
    expect(count('SELECT count(*) FROM sources')).toBe(258);
    expect(count('SELECT count(*) FROM countries')).toBe(4);
  });

  it('gives every initiative, programme and area at least one source', () => {
    expect(count('SELECT count(*) FROM initiatives WHERE id NOT IN (SELECT initiative_id FROM initiative_sources)')).toBe(0);
    expect(count('SELECT count(*) FROM programmes WHERE id NOT IN (SELECT programme_id FROM programme_sources)')).toBe(0);
    expect(count('SELECT count(*) FROM areas WHERE id NOT IN (SELECT area_id FROM area_sources)')).toBe(0);
    const linked = seed.initiatives.reduce((n, i) => n + new Set(i.sourceUrls).size, 0);
    expect(count('SELECT count(*) FROM initiative_sources')).toBe(linked);
  });

  // Tags come from what a source says: a record whose source names no measure has none,
  // and says so in its notes, rather than a guessed tag.
  it('gives every initiative a measure type unless its source names none, and keeps the original target-group wording', () => {
    const untagged = seed.initiatives.filter((i) => i.measureTypes.length === 0);
    expect(untagged.map((i) => i.ref)).toEqual(['I078']);
    for (const i of untagged) expect(i.notes.en, i.ref).toMatch(/measure/);
    expect(count(`SELECT count(*) FROM initiatives WHERE id NOT IN (SELECT initiative_id FROM initiative_terms WHERE kind = 'measure')`)).toBe(1);
    expect(count(`SELECT count(*) FROM initiatives WHERE id NOT IN (SELECT initiative_id FROM initiative_terms WHERE kind = 'theme')`)).toBe(0);
    expect(
      count(
        `SELECT count(*) FROM initiatives WHERE target_groups_original = '[]'
         AND id IN (SELECT initiative_id FROM initiative_terms WHERE kind = 'target')`,
      ),
    ).toBe(0);
  });

  it('maps Scotland to GB-SCT', () => {
    expect(count(`SELECT count(*) FROM initiatives WHERE country_code = 'GB-SCT'`)).toBe(13);
    expect(count(`SELECT count(*) FROM initiatives WHERE country_code NOT IN ('NO', 'SE', 'DK', 'GB-SCT')`)).toBe(0);
  });

  it('changes nothing when loaded a second time', () => {
    const before = handle.sqlite.prepare('SELECT slug, updated_at, content_hash FROM initiatives ORDER BY slug').all();
    const revision = count(`SELECT value FROM meta WHERE key = 'catalogue'`);
    const report = importCatalogue(handle.sqlite, seed);
    expect(report.initiatives).toEqual({ inserted: 0, updated: 0, unchanged: 95 });
    expect(report.areas).toEqual({ inserted: 0, updated: 0, unchanged: 75 });
    expect(report.programmes).toEqual({ inserted: 0, updated: 0, unchanged: 20 });
    expect(handle.sqlite.prepare('SELECT slug, updated_at, content_hash FROM initiatives ORDER BY slug').all()).toEqual(before);
    expect(count(`SELECT value FROM meta WHERE key = 'catalogue'`)).toBe(revision);
  });

  it('makes every initiative findable by its English title and lists all 95', async () => {
    const engine = new SqliteSearchEngine(handle.sqlite);
    const all = await engine.search(q({ perPage: 100 }));
    expect(all.total).toBe(95);
    for (const i of seed.initiatives) {
      const r = await engine.search(q({ q: i.titleEn, perPage: 100 }));
      expect(r.hits.map((h) => h.slug), i.titleEn).toContain(i.slug);
    }
  });

  it('counts facets exactly as SQL does', async () => {
    const engine = new SqliteSearchEngine(handle.sqlite);
    const r = await engine.search(q());
    const byCountry = Object.fromEntries(
      handle.sqlite.prepare('SELECT country_code, count(*) FROM initiatives GROUP BY country_code').raw().all() as [string, number][],
    );
    expect(counts(r, 'country')).toEqual(byCountry);
    const byMeasure = Object.fromEntries(
      handle.sqlite
        .prepare(`SELECT code, count(*) FROM initiative_terms WHERE kind = 'measure' GROUP BY code`)
        .raw()
        .all() as [string, number][],
    );
    expect(counts(r, 'measure')).toEqual(byMeasure);
    const social = await engine.search(q({ filters: { country: ['SE', 'DK'], measure: ['social'] } }));
    const sqlCount = count(
      `SELECT count(*) FROM initiatives WHERE country_code IN ('SE', 'DK')
       AND id IN (SELECT initiative_id FROM initiative_terms WHERE kind = 'measure' AND code = 'social')`,
    );
    expect(social.total).toBe(sqlCount);
  });

  it('finds real content the way a planner searches', async () => {
    const engine = new SqliteSearchEngine(handle.sqlite);
    const furuset = await engine.search(q({ q: 'Furuset' }));
    expect(furuset.total).toBeGreaterThan(0);
    expect(furuset.facets.area.find((f) => f.value === 'furuset')?.count).toBeGreaterThan(0);
    const kvarterloft = await engine.search(q({ q: 'kvarterløft' }));
    expect(kvarterloft.total).toBeGreaterThan(0);
    expect(counts(kvarterloft, 'country').DK).toBeGreaterThan(0);
  });

  // The Norwegian words of issue 9 and both spellings of Groruddalssatsingen its sources use.
  it('finds records by the Norwegian words a planner types', async () => {
    const engine = new SqliteSearchEngine(handle.sqlite);
    for (const word of ['bibliotek', 'frivillighet', 'lekeplass', 'belysning', 'inkludering', 'Groruddalsatsingen', 'Storbysatsingen', 'Tøyen', 'Hillevåg']) {
      expect((await engine.search(q({ q: word }))).total, word).toBeGreaterThan(0);
    }
    const spelt = await engine.search(q({ q: 'Groruddalsatsingen', perPage: 100 }));
    const usual = await engine.search(q({ q: 'Groruddalssatsingen', perPage: 100 }));
    expect(spelt.total).toBe(usual.total);
  });
});
