// The behaviour every SearchEngine must have, written once against the interface and run
// for each engine (tests/search/*.contract.test.ts). Expectations follow from the fixture
// (tests/fixtures/catalogue.ts), which is small enough to check each number by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { emptyFilters } from '../../server/search/facets.ts';
import { type EngineResult, type FacetName, type SearchEngine, type SearchQuery } from '../../server/search/types.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';
import { recallCatalogue } from '../fixtures/recall-catalogue.ts';
import { vocabularyOf } from '../../server/search/sqlite/vocabulary.ts';

export type EngineFactory = (handle: DatabaseHandle) => Promise<SearchEngine>;

/**
 * Recall cases an engine cannot meet, by case name, with the reason. They are reported
 * as skipped with the reason in their title, never left out silently.
 */
export type ContractLimits = Partial<Record<RecallCase, string>>;

export type RecallCase =
  | 'inflections'
  | 'inflection-ranking'
  | 'unaccented'
  | 'unaccented-ranking'
  | 'glossary-phrases'
  | 'names'
  | 'whole-word-ranking'
  | 'typos'
  | 'suggestion';

export function q(partial: Partial<Omit<SearchQuery, 'filters'>> & { filters?: Partial<SearchQuery['filters']> } = {}): SearchQuery {
  return {
    q: '',
    from: null,
    to: null,
    sort: 'relevance',
    page: 1,
    perPage: 20,
    locale: 'nb',
    ...partial,
    filters: { ...emptyFilters(), ...(partial.filters ?? {}) } as SearchQuery['filters'],
  };
}

export function counts(result: EngineResult, facet: FacetName): Record<string, number> {
  return Object.fromEntries(result.facets[facet].map((f) => [f.value, f.count]));
}

const slugs = (r: EngineResult) => r.hits.map((h) => h.slug);

export function describeSearchContract(label: string, makeEngine: EngineFactory, limits: ContractLimits = {}): void {
  describeRecallContract(label, makeEngine, limits);
  describe(`search contract: ${label}`, () => {
    let handle: DatabaseHandle;
    let engine: SearchEngine;
    const search = (query: Parameters<typeof q>[0] = {}) => engine.search(q(query));

    beforeAll(async () => {
      handle = createTestDatabase();
      engine = await makeEngine(handle);
    });
    afterAll(async () => {
      await engine?.close();
      handle?.close();
      if (handle) removeDbFile(handle.file);
    });

    it('lists everything, newest first, for an empty query', async () => {
      const r = await search();
      expect(r.total).toBe(10);
      expect(slugs(r)).toEqual([
        'tromso-medvirkning',
        'park-og-turvei',
        'moteplass-for-ungdom',
        'glen-housing',
        'glen-jobs',
        'gronne-gardrum',
        'motesplats-aldre',
        'solhus-gardsby',
        'kvarterhus-norrebro',
        'uten-periode',
      ]);
    });

    it('finds words in titles, summaries, places and programme names', async () => {
      expect(slugs(await search({ q: 'ungdomshus' }))).toEqual(['moteplass-for-ungdom']);
      expect(new Set(slugs(await search({ q: 'Gårdsby' })))).toEqual(new Set(['solhus-gardsby', 'motesplats-aldre']));
      expect(new Set(slugs(await search({ q: 'Kvarterprøve' })))).toEqual(new Set(['kvarterhus-norrebro', 'gronne-gardrum']));
      expect(slugs(await search({ q: 'Bydel Øst' }))).toContain('park-og-turvei');
    });

    it('keeps Nordic letters distinct and matches Swedish/Danish spellings', async () => {
      expect(new Set(slugs(await search({ q: 'Tromsø' })))).toEqual(new Set(['moteplass-for-ungdom', 'tromso-medvirkning']));
      expect(slugs(await search({ q: 'mötesplats' }))).toEqual(['motesplats-aldre']);
      expect(slugs(await search({ q: 'møtesplats' }))).toEqual(['motesplats-aldre']);
      expect(slugs(await search({ q: 'gårdrum' }))).toEqual(['gronne-gardrum']);
      // Typed with another Nordic letter it is another word (typed without one, see the recall cases).
      expect((await search({ q: 'gærdrum' })).total).toBe(0);
      expect((await search({ q: 'tromsæ' })).total).toBe(0);
    });

    it('matches prefixes as the user types', async () => {
      // The title match ranks first; the rest match the theme label "Møteplasser".
      const typed = slugs(await search({ q: 'møtep' }));
      expect(typed[0]).toBe('moteplass-for-ungdom');
      expect(new Set(typed)).toEqual(new Set(['moteplass-for-ungdom', 'motesplats-aldre', 'kvarterhus-norrebro', 'glen-housing']));
      expect(slugs(await search({ q: 'employ' }))).toEqual(['glen-jobs']);
    });

    it('requires every word (AND) and ranks title matches above summary matches', async () => {
      const r = await search({ q: 'meeting place' });
      expect(new Set(slugs(r))).toEqual(new Set(['moteplass-for-ungdom', 'motesplats-aldre', 'glen-housing', 'kvarterhus-norrebro']));
      expect(new Set(slugs(r).slice(0, 2))).toEqual(new Set(['moteplass-for-ungdom', 'motesplats-aldre']));
      expect((await search({ q: 'meeting zebra' })).total).toBe(0);
    });

    it('searches any text safely, including FTS5 syntax', async () => {
      for (const text of ['"', '*', '(', ')', 'NEAR', 'AND', 'OR', 'NOT', '-', '"planned', 'co-design*', 'a"b', '^', ':', 'NEAR(a b)', "'; DROP TABLE initiatives; --"]) {
        const r = await search({ q: text });
        expect(r.total, `query ${text}`).toBeGreaterThanOrEqual(0);
      }
      expect(slugs(await search({ q: '"planned"' }))).toEqual(['tromso-medvirkning']);
      expect(slugs(await search({ q: 'NEAR school' }))).toEqual(['tromso-medvirkning']);
      expect((await search({ q: 'initiatives' })).total).toBeGreaterThanOrEqual(0);
      expect((await search()).total).toBe(10);
    });

    it('counts every facet over the whole set without filters', async () => {
      const r = await search();
      expect(counts(r, 'country')).toEqual({ NO: 4, SE: 2, DK: 2, 'GB-SCT': 2 });
      expect(counts(r, 'measure')).toEqual({ social: 6, cultural: 3, physical: 4, environmental: 3 });
      expect(counts(r, 'programme')).toEqual({ 'prog-no': 3, 'prog-se': 2, 'prog-dk': 2, 'prog-sc': 2 });
      expect(counts(r, 'area')).toEqual({ 'tromso-nord': 2, osterby: 2, gardsby: 2, 'norrebro-test': 2, 'glen-test': 2 });
      expect(counts(r, 'theme')['meeting-places']).toBe(4);
      expect(counts(r, 'target').residents).toBe(4);
      expect(counts(r, 'decade')).toEqual({ '1990': 2, '2000': 7, '2010': 4, '2020': 1, unknown: 1 });
    });

    it('counts disjunctively: a facet’s own selection is left out when counting it', async () => {
      const r = await search({ filters: { country: ['SE'] } });
      expect(r.total).toBe(2);
      expect(counts(r, 'country')).toEqual({ NO: 4, SE: 2, DK: 2, 'GB-SCT': 2 });
      expect(r.facets.country.find((f) => f.value === 'SE')?.selected).toBe(true);
      expect(r.facets.country.find((f) => f.value === 'DK')?.selected).toBe(false);
      expect(counts(r, 'measure')).toEqual({ physical: 1, environmental: 1, social: 2 });
    });

    it('ORs values within a facet and ANDs across facets', async () => {
      expect((await search({ filters: { country: ['SE', 'DK'] } })).total).toBe(4);
      const r = await search({ filters: { country: ['DK'], measure: ['physical'] } });
      expect(slugs(r)).toEqual(['gronne-gardrum']);
      expect(counts(r, 'country')).toEqual({ NO: 1, SE: 1, DK: 1, 'GB-SCT': 1 });
      expect(counts(r, 'measure')).toEqual({ social: 1, cultural: 1, physical: 1, environmental: 1 });
      const multi = await search({ filters: { area: ['osterby'] } });
      expect(new Set(slugs(multi))).toEqual(new Set(['park-og-turvei', 'tromso-medvirkning']));
      expect((await search({ filters: { theme: ['meeting-places'], target: ['residents'] } })).total).toBe(1);
      expect((await search({ filters: { decade: ['1990'] } })).total).toBe(2);
    });

    it('combines text, filters and counts', async () => {
      const r = await search({ q: 'meeting', filters: { country: ['SE'] } });
      expect(slugs(r)).toEqual(['motesplats-aldre']);
      expect(counts(r, 'country')).toEqual({ NO: 1, SE: 1, DK: 1, 'GB-SCT': 1 });
    });

    it('finds English-only records by the Norwegian labels of their themes and target groups', async () => {
      expect(slugs(await search({ q: 'arbeidssøkere' }))).toEqual(['glen-jobs']);
      expect(new Set(slugs(await search({ q: 'leietakere' })))).toEqual(new Set(['solhus-gardsby', 'glen-housing']));
    });

    it('keeps initiatives whose period overlaps the year range', async () => {
      const r = await search({ from: 2005, to: 2008 });
      expect(new Set(slugs(r))).toEqual(new Set(['moteplass-for-ungdom', 'gronne-gardrum', 'glen-jobs', 'glen-housing']));
      expect(new Set(slugs(await search({ from: 2015 })))).toEqual(new Set(['tromso-medvirkning', 'glen-housing']));
      expect(new Set(slugs(await search({ to: 1998 })))).toEqual(new Set(['kvarterhus-norrebro']));
      expect(counts(await search({ from: 2015 }), 'country')).toEqual({ NO: 1, 'GB-SCT': 1 });
    });

    it('sorts by newest, oldest and title', async () => {
      expect(slugs(await search({ sort: 'oldest', perPage: 3 }))).toEqual(['kvarterhus-norrebro', 'solhus-gardsby', 'motesplats-aldre']);
      const oldest = slugs(await search({ sort: 'oldest' }));
      expect(oldest[oldest.length - 1]).toBe('uten-periode');
      expect(slugs(await search({ sort: 'newest', perPage: 2 }))).toEqual(['tromso-medvirkning', 'park-og-turvei']);
      const byTitleEn = slugs(await search({ sort: 'title', locale: 'en', perPage: 3 }));
      expect(byTitleEn).toEqual(['glen-jobs', 'glen-housing', 'gronne-gardrum']);
      const byTitleNb = slugs(await search({ sort: 'title', perPage: 2 }));
      expect(byTitleNb).toEqual(['glen-jobs', 'glen-housing']);
    });

    it('pages through results', async () => {
      const all = slugs(await search({ perPage: 100 }));
      const page2 = await search({ perPage: 3, page: 2 });
      expect(page2.total).toBe(10);
      expect(slugs(page2)).toEqual(all.slice(3, 6));
      const last = await search({ perPage: 3, page: 4 });
      expect(slugs(last)).toEqual(all.slice(9));
      expect((await search({ perPage: 3, page: 5 })).hits).toEqual([]);
    });

    it('counts initiatives with no period in the unknown-period bucket, and filters to exactly those', async () => {
      const r = await search({ filters: { decade: ['unknown'] } });
      expect(slugs(r)).toEqual(['uten-periode']);
      expect(r.total).toBe(1);
      // Disjunctive: the decade counts are those of the whole set.
      expect(counts(r, 'decade')).toEqual({ '1990': 2, '2000': 7, '2010': 4, '2020': 1, unknown: 1 });
      expect(r.facets.decade.find((f) => f.value === 'unknown')?.selected).toBe(true);
      expect(counts(r, 'country')).toEqual({ NO: 1 });
      const either = await search({ filters: { decade: ['unknown', '1990'] } });
      expect(new Set(slugs(either))).toEqual(new Set(['uten-periode', 'kvarterhus-norrebro', 'solhus-gardsby']));
      // A year range never keeps an initiative without a period.
      expect((await search({ filters: { decade: ['unknown'] }, from: 1900 })).total).toBe(0);
    });

    it('shows an unknown facet value as selected with no matches', async () => {
      const r = await search({ filters: { country: ['XX'] } });
      expect(r.total).toBe(0);
      expect(r.facets.country).toContainEqual({ value: 'XX', count: 0, selected: true });
      expect(counts(r, 'country').NO).toBe(4);
    });
  });
}

/**
 * Recall: what people type finds what they mean, on every engine. Runs on the fixture plus
 * the records of tests/fixtures/recall-catalogue.ts.
 */
function describeRecallContract(label: string, makeEngine: EngineFactory, limits: ContractLimits): void {
  describe(`search contract, recall: ${label}`, () => {
    let handle: DatabaseHandle;
    let engine: SearchEngine;
    const search = (query: Parameters<typeof q>[0] = {}) => engine.search(q({ perPage: 50, ...query }));
    const found = async (text: string) => new Set(slugs(await search({ q: text })));
    const recall = (name: RecallCase, title: string, body: () => Promise<void>) => {
      const reason = limits[name];
      if (reason) it.skip(`${title} (NOT MET by this engine: ${reason})`, body);
      else it(title, body);
    };

    beforeAll(async () => {
      handle = createTestDatabase(recallCatalogue());
      engine = await makeEngine(handle);
    });
    afterAll(async () => {
      await engine?.close();
      handle?.close();
      if (handle) removeDbFile(handle.file);
    });

    recall('inflections', 'finds inflected forms through their stems (nb, sv, da, en)', async () => {
      const ungdom = await found('ungdom');
      expect(ungdom).toEqual(new Set(['moteplass-for-ungdom', 'ungdommer-i-parken']));
      expect(await found('ungdommer')).toEqual(ungdom);
      expect(await found('ungdoms')).toEqual(ungdom);
      expect(await found('youths')).toContain('moteplass-for-ungdom');
      expect(await found('courtyards')).toEqual(new Set(['gronne-gardrum', 'resident-participation-courtyard']));
    });

    recall('inflection-ranking', 'ranks the word as typed above its other inflections', async () => {
      expect(slugs(await search({ q: 'ungdommer' }))[0]).toBe('ungdommer-i-parken');
      expect(slugs(await search({ q: 'ungdom' }))[0]).toBe('moteplass-for-ungdom');
    });

    recall('unaccented', 'finds words with æ, ø and å typed without them, but not the other way round', async () => {
      expect(await found('Norrebro')).toEqual(new Set(['kvarterhus-norrebro', 'gronne-gardrum']));
      expect(await found('Noerrebro')).toEqual(new Set(['kvarterhus-norrebro', 'gronne-gardrum']));
      expect(await found('gardrum')).toEqual(new Set(['gronne-gardrum']));
      expect(await found('Gardsby')).toEqual(new Set(['solhus-gardsby', 'motesplats-aldre']));
      expect(await found('Osterby')).toEqual(new Set(['park-og-turvei', 'tromso-medvirkning']));
      expect(await found('motesplats')).toEqual(new Set(['motesplats-aldre']));
      // Typed with the letter, ø is not o: "Tromsø" does not find the record spelled "Tromso".
      expect(await found('Tromsø')).toEqual(new Set(['moteplass-for-ungdom', 'tromso-medvirkning']));
      expect(await found('tromso')).toEqual(new Set(['street-art-tromso', 'moteplass-for-ungdom', 'tromso-medvirkning']));
    });

    recall('unaccented-ranking', 'ranks the exact spelling above the one without æ, ø or å', async () => {
      expect(slugs(await search({ q: 'tromso' }))[0]).toBe('street-art-tromso');
    });

    recall('glossary-phrases', 'expands glossary entries, single words and phrases, both ways', async () => {
      const participation = await found('beboermedvirkning');
      // The group holds "medvirkning" too (seed/data/glossary.json), so records that say only that are found.
      expect(participation).toEqual(new Set(['resident-participation-courtyard', 'borgerinddragelse-kvarteret', 'tromso-medvirkning', 'kvarterhus-norrebro']));
      expect(await found('borgerinddragelse')).toEqual(participation);
      expect(await found('medborgardialog')).toEqual(participation);
      // A typed phrase finds its group, and its own words anywhere as well.
      const typed = await found('resident participation');
      for (const slug of participation) expect(typed).toContain(slug);
      const estate = await found('drabantby');
      expect(estate).toEqual(new Set(['playground-housing-estate', 'bibliotek-drabantbyen']));
      for (const word of ['boligområde', 'förort']) expect(await found(word), word).toEqual(estate);
      for (const slug of estate) expect(await found('housing estate')).toContain(slug);
      expect(await found('area-based regeneration')).toEqual(await found('områdeløft'));
      expect(await found('area-based regeneration')).toContain('kvarterhus-norrebro');
      expect(await found('omradeloft')).toEqual(await found('områdeløft'));
    });

    recall('names', 'finds country, district, municipality, programme and organisation names not in the text', async () => {
      const scotland = new Set(['glen-jobs', 'glen-housing', 'resident-participation-courtyard', 'playground-housing-estate']);
      expect(await found('Skottland')).toEqual(scotland);
      expect(await found('Scotland')).toEqual(scotland);
      expect(await found('Sverige')).toEqual(new Set(['solhus-gardsby', 'motesplats-aldre']));
      expect(await found('Danmark')).toEqual(new Set(['kvarterhus-norrebro', 'gronne-gardrum', 'borgerinddragelse-kvarteret']));
      expect(await found('Norge')).toContain('ungdommer-i-parken');
      expect(await found('Göteborg')).toEqual(new Set(['solhus-gardsby', 'motesplats-aldre']));
      expect(await found('Goteborg')).toEqual(new Set(['solhus-gardsby', 'motesplats-aldre']));
      expect(await found('Bydel Nord')).toEqual(new Set(['moteplass-for-ungdom', 'tromso-medvirkning']));
      expect(await found('Storstadstest')).toEqual(new Set(['solhus-gardsby', 'motesplats-aldre']));
      expect(await found('Testbanken')).toEqual(new Set(['moteplass-for-ungdom']));
    });

    recall('whole-word-ranking', 'ranks a whole-word place above a longer name that starts with it', async () => {
      // The municipality Testby (places) above the street Testbyveien (title).
      const r = slugs(await search({ q: 'Testby' }));
      expect(r).toEqual(expect.arrayContaining(['nytt-torg', 'undergang-testbyveien']));
      expect(r.indexOf('nytt-torg')).toBeLessThan(r.indexOf('undergang-testbyveien'));
    });

    recall('typos', 'matches a long word with a typo (one from 8 letters, two from 12)', async () => {
      expect(await found('Storstadtest')).toEqual(new Set(['solhus-gardsby', 'motesplats-aldre']));
      expect(await found('Kvarterpørve')).toEqual(await found('Kvarterprøve'));
      // Short words never: "tromsæ" is not Tromsø.
      expect((await search({ q: 'gærdrum' })).total).toBe(0);
    });

    recall('suggestion', 'offers a spelling from the index for a search that finds nothing, and it finds hits', async () => {
      expect((await search({ q: 'ungdon' })).total).toBe(0);
      const suggestion = vocabularyOf(handle.sqlite).suggest('ungdon');
      expect(suggestion).toBe('ungdom');
      expect((await search({ q: suggestion! })).total).toBeGreaterThan(0);
      expect(vocabularyOf(handle.sqlite).suggest('ungdom')).toBeNull();
    });
  });
}
