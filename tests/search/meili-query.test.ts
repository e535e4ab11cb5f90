// The Meilisearch translation layer, exactly: the multi-search request sent for given
// parameters (filter string, facets, sort, page) and how the answer is read back.
import { describe, expect, it } from 'vitest';
import { periodOverlaps, type FacetName } from '../../server/search/types.ts';
import { FACETS as REGISTRY } from '../../server/search/facets.ts';

const FACETS = REGISTRY.names;
import {
  buildFilter,
  buildSearchPlan,
  facetCounts,
  quoteFilterValue,
  readSearchResults,
  MeiliResponseError,
  type MeiliSearchResponse,
} from '../../server/search/meilisearch-query.ts';
import {
  encodeNordic,
  filterableAttributes,
  glossarySynonyms,
  meiliSettings,
  SORTABLE_ATTRIBUTES,
  titleSortKey,
  toMeiliDocument,
  toMeiliQueryText,
} from '../../server/search/meilisearch-documents.ts';
import type { SearchDocument } from '../../server/search/documents.ts';
import { decodeNordic } from '../../server/search/meili/nordic-encoding.ts';
import { capWords } from '../../server/search/meili/limits.ts';
import { expansionsOf, glossaryGroups } from '../../server/search/glossary.ts';
import { plainSpellings } from '../../server/search/text.ts';
import { q } from './contract.ts';

const ALL_FACETS = [...FACETS];

describe('quoteFilterValue', () => {
  it('quotes every value and escapes backslashes before quotes', () => {
    expect(quoteFilterValue('SE')).toBe('"SE"');
    expect(quoteFilterValue('a"b')).toBe('"a\\"b"');
    expect(quoteFilterValue('c\\d')).toBe('"c\\\\d"');
    expect(quoteFilterValue('x\\"y')).toBe('"x\\\\\\"y"');
    expect(quoteFilterValue('Østerby Ä å')).toBe('"Østerby Ä å"');
    expect(quoteFilterValue('a OR b = c')).toBe('"a OR b = c"');
    expect(quoteFilterValue('')).toBe('""');
  });
});

/** Every facet answered by the main query (index 0). */
const NO_SOURCE = Object.fromEntries(FACETS.map((n) => [n, 0]));

describe('buildSearchPlan', () => {
  it('lists everything newest first, every facet, page 1, for an empty query', () => {
    expect(buildSearchPlan(q(), 'initiatives')).toEqual({
      queries: [
        {
          indexUid: 'initiatives',
          q: '',
          matchingStrategy: 'all',
          facets: ALL_FACETS,
          sort: ['newestStart:desc', 'newestEnd:desc', 'id:desc'],
          page: 1,
          hitsPerPage: 20,
          attributesToRetrieve: ['id', 'slug'],
        },
      ],
      facetSource: { ...NO_SOURCE },
    });
  });

  it('sends the folded, encoded terms and no sort for relevance', () => {
    const [main] = buildSearchPlan(q({ q: '  Tromsö "nord" AND Gårdsby ' }), 'idx').queries;
    expect(main.q).toBe('tromsø nord and g\u0251rdsby');
    expect(main).not.toHaveProperty('sort');
    expect(main).not.toHaveProperty('filter');
  });

  it('sends at most 10 words, the number Meilisearch reads', () => {
    const words = Array.from({ length: 14 }, (_, i) => `ord${i}`);
    const [main] = buildSearchPlan(q({ q: words.join(' ') }), 'idx').queries;
    expect(main.q.split(' ')).toEqual(words.slice(0, 10));
    expect(capWords('a b c', 2)).toBe('a b');
    expect(capWords('a b', 2)).toBe('a b');
  });

  it('builds the main query and one disjunctive query per selected facet', () => {
    const plan = buildSearchPlan(
      q({ filters: { country: ['SE', 'DK'], measure: ['physical'] }, from: 2005, to: 2008, page: 2, perPage: 5, sort: 'title', locale: 'en' }),
      'initiatives',
    );
    expect(plan.queries).toEqual([
      {
        indexUid: 'initiatives',
        q: '',
        matchingStrategy: 'all',
        filter: 'country IN ["SE", "DK"] AND measure IN ["physical"] AND periodMax >= 2005 AND periodMin <= 2008',
        facets: ALL_FACETS,
        sort: ['titleSortEn:asc', 'id:asc'],
        page: 2,
        hitsPerPage: 5,
        attributesToRetrieve: ['id', 'slug'],
      },
      {
        indexUid: 'initiatives',
        q: '',
        matchingStrategy: 'all',
        filter: 'measure IN ["physical"] AND periodMax >= 2005 AND periodMin <= 2008',
        facets: ['country'],
        page: 1,
        hitsPerPage: 0,
        attributesToRetrieve: ['id'],
      },
      {
        indexUid: 'initiatives',
        q: '',
        matchingStrategy: 'all',
        filter: 'country IN ["SE", "DK"] AND periodMax >= 2005 AND periodMin <= 2008',
        facets: ['measure'],
        page: 1,
        hitsPerPage: 0,
        attributesToRetrieve: ['id'],
      },
    ]);
    expect(plan.facetSource).toEqual({ ...NO_SOURCE, country: 1, measure: 2 });
  });

  it('escapes quotes and backslashes and keeps Nordic letters in filter values', () => {
    const plan = buildSearchPlan(q({ filters: { area: ['a"b', 'c\\d', 'Østerby', 'x\\"y'], theme: ['æøå'] } }), 'i');
    expect(plan.queries[0].filter).toBe('area IN ["a\\"b", "c\\\\d", "Østerby", "x\\\\\\"y"] AND theme IN ["æøå"]');
    expect(plan.queries[1].filter).toBe('theme IN ["æøå"]');
    expect(plan.queries[2].filter).toBe('area IN ["a\\"b", "c\\\\d", "Østerby", "x\\\\\\"y"]');
  });

  it('leaves the filter out of a disjunctive query that has nothing else to filter on', () => {
    const plan = buildSearchPlan(q({ filters: { country: ['SE'] } }), 'i');
    expect(plan.queries[0].filter).toBe('country IN ["SE"]');
    expect(plan.queries[1]).not.toHaveProperty('filter');
  });

  it('sorts oldest, newest and by the reader’s title; relevance without terms is newest', () => {
    const sortOf = (partial: Parameters<typeof q>[0]) => buildSearchPlan(q(partial), 'i').queries[0].sort;
    expect(sortOf({ sort: 'oldest' })).toEqual(['oldestStart:asc', 'oldestEnd:asc', 'id:asc']);
    expect(sortOf({ sort: 'newest', q: 'x' })).toEqual(['newestStart:desc', 'newestEnd:desc', 'id:desc']);
    expect(sortOf({ sort: 'title' })).toEqual(['titleSortNb:asc', 'id:asc']);
    expect(sortOf({ sort: 'relevance', q: '"' })).toEqual(['newestStart:desc', 'newestEnd:desc', 'id:desc']);
    for (const s of [sortOf({ sort: 'oldest' }), sortOf({ sort: 'title', locale: 'en' }), sortOf({})]) {
      for (const rule of s ?? []) expect(SORTABLE_ATTRIBUTES).toContain(rule.split(':')[0]);
    }
  });

  it('filters open-ended year ranges on one side only', () => {
    expect(buildFilter(q({ from: 2015 }))).toBe('periodMax >= 2015');
    expect(buildFilter(q({ to: 1998 }))).toBe('periodMin <= 1998');
    expect(buildFilter(q())).toBeUndefined();
    expect(() => buildFilter(q({ from: 2015.5 }))).toThrow(TypeError);
  });
});

function doc(partial: Partial<SearchDocument>): SearchDocument {
  return {
    id: 1, slug: 's', titleNb: null, titleOriginal: null, titleEn: 'T', summaryNb: '', summaryEn: '', outcomes: null,
    country: 'NO', programme: [], programmeNames: [], areas: [], areaNames: [], districts: [], municipalities: [], locationText: null,
    measure: [], theme: [], target: [], periodStart: null, periodEnd: null, termLabels: [], outcomesNb: null,
    countryNames: [], organisation: [], organisationNames: [], participation: [], anchoring: [], continuation: [],
    evidence: ['not-stated'], status: ['unknown-end'], knowledgeText: [],
    ...partial,
  } as SearchDocument;
}

describe('the year-range filter matches periodOverlaps', () => {
  it('for every combination of stored period and requested range', () => {
    const years = [null, 1995, 2000, 2005, 2010];
    for (const ps of years) for (const pe of years) for (const from of years) for (const to of years) {
      const d = toMeiliDocument(doc({ periodStart: ps, periodEnd: pe }));
      // Meilisearch: a document without the field never matches a comparison.
      const passes =
        (from === null || (d.periodMax !== undefined && d.periodMax >= from)) &&
        (to === null || (d.periodMin !== undefined && d.periodMin <= to));
      expect(passes, `period ${ps}–${pe}, range ${from}–${to}`).toBe(periodOverlaps(ps, pe, from, to));
    }
  });
});

describe('toMeiliDocument', () => {
  it('carries encoded folded text, display fields, facet codes and sort keys', () => {
    const d = toMeiliDocument(
      doc({ id: 7, slug: 'x', titleOriginal: 'Mötesplats i Tromsø', titleEn: 'Meeting place', summaryEn: 'Café Åsen', country: 'SE', programme: ['prog-se'], areas: ['gardsby'], periodStart: 2001 }),
    );
    expect(d).toMatchObject({
      id: 7, slug: 'x', search_title: 'møtesplats i tromsø \n meeting place', titleOriginal: 'Mötesplats i Tromsø', titleEn: 'Meeting place',
      country: 'SE', programme: ['prog-se'], area: ['gardsby'], periodMin: 2001, periodMax: 2001,
      newestStart: 2001, newestEnd: -1, oldestStart: 2001, oldestEnd: 99999,
    });
    expect(d.search_body).toContain('cafe \u0251sen');
    // Stems and plain spellings, encoded the same way; never a word typed with ø as o.
    expect(d.search_variants.split(' ')).toEqual(expect.arrayContaining(['motesplats', 'tromso', 'asen']));
    const none = toMeiliDocument(doc({}));
    expect(none.decade).toEqual(['unknown']);
    expect(toMeiliDocument(doc({ periodEnd: 1999 })).decade).toEqual(['1990']);
    expect(none).not.toHaveProperty('periodMin');
    expect(none).not.toHaveProperty('periodMax');
  });

  it('encodes the query the same way, so Nordic letters stay apart', () => {
    // ø is kept by Meilisearch; æ and å (which it would fold to ae and a) become letters it keeps.
    expect(encodeNordic('tromsø æra åsen')).toBe('tromsø \u025bra \u0251sen');
    expect(decodeNordic(encodeNordic('tromsø æra åsen'))).toBe('tromsø æra åsen');
    expect(toMeiliQueryText('Tromsö')).toBe(toMeiliQueryText('Tromsø'));
    expect(toMeiliQueryText('Gärdet')).toBe(toMeiliQueryText('Gærdet'));
    expect(toMeiliQueryText('tromso')).toBe('tromso');
    expect(toMeiliQueryText('gardrum')).not.toBe(toMeiliQueryText('gårdrum'));
    expect('tromsø'.startsWith(toMeiliQueryText('tromso'))).toBe(false);
  });

  it('keeps every word its length and its first letter, so typo rules count the word as typed', () => {
    // Meilisearch allows a typo from minWordSizeForTypos letters on, and counts a typo on
    // the first letter double: both must see the real word.
    for (const word of ['gårdrum', 'åsen', 'ærø', 'øst', 'kvarterløft', 'storstadssatsning', 'områdeløft']) {
      const encoded = toMeiliQueryText(word);
      expect([...encoded]).toHaveLength([...word].length);
      expect(encoded[0] === word[0] || /[æå]/.test(word[0])).toBe(true);
      expect(encoded).not.toMatch(/^[aeq]/);
    }
    const { oneTypo } = meiliSettings().typoTolerance.minWordSizeForTypos;
    expect([...toMeiliQueryText('gårdrum')].length).toBeLessThan(oneTypo); // 7 letters: no typo allowed
    expect([...toMeiliQueryText('kvarterløft')].length).toBeGreaterThanOrEqual(oneTypo);
  });

  it('sends each word as its shortest stem, glossary words and phrases as typed', () => {
    expect(toMeiliQueryText('ungdommer')).toBe('ungdom');
    expect(toMeiliQueryText('Ungdoms youths')).toBe('ungdom youth');
    expect(toMeiliQueryText('förort')).toBe(encodeNordic('førort'));
    expect(toMeiliQueryText('area-based regeneration')).toBe('area based regeneration');
  });

  it('gives title sort keys in the embedded engine’s collation order', () => {
    const titles = ['Åsen', 'Zebra', 'Øya', 'Ærlig', 'apple', 'Item 10', 'Item 9', 'ébène'];
    const nb = new Intl.Collator('nb', { sensitivity: 'base', numeric: true });
    const en = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    const byKey = (locale: 'nb' | 'en') => [...titles].sort((a, b) => (titleSortKey(a, locale) < titleSortKey(b, locale) ? -1 : 1));
    expect(byKey('nb')).toEqual([...titles].sort(nb.compare));
    expect(byKey('en')).toEqual([...titles].sort(en.compare));
  });
});

describe('the unknown-period bucket', () => {
  it('is a decade value like any other: filtered with IN, counted from the distribution', () => {
    const query = q({ filters: { decade: ['unknown'] } });
    const plan = buildSearchPlan(query, 'i');
    expect(plan.queries[0].filter).toBe('decade IN ["unknown"]');
    expect(plan.queries).toHaveLength(2);
    expect(plan.queries[1]).toMatchObject({ facets: ['decade'], hitsPerPage: 0 });
    expect(plan.queries[1]).not.toHaveProperty('filter');
    const empty = Object.fromEntries(FACETS.map((f) => [f, {}]));
    const r = readSearchResults(plan, query, [
      { hits: [{ id: 10, slug: 'uten-periode' }], totalHits: 1, facetDistribution: { ...empty, country: { NO: 1 }, decade: { unknown: 1 } } },
      { hits: [], totalHits: 10, facetDistribution: { decade: { '1990': 2, '2000': 7, '2010': 4, '2020': 1, unknown: 1 } } },
    ]);
    expect(r.total).toBe(1);
    expect(r.facets.decade).toContainEqual({ value: 'unknown', count: 1, selected: true });
    expect(r.facets.decade).toContainEqual({ value: '2000', count: 7, selected: false });
  });
});

describe('index settings', () => {
  it('makes every facet and the period fields filterable, in ranked searchable order', () => {
    const s = meiliSettings();
    for (const f of FACETS) expect(s.filterableAttributes).toContain(f);
    expect(filterableAttributes()).toEqual(expect.arrayContaining(['periodMin', 'periodMax']));
    expect(s.searchableAttributes).toEqual(['search_title', 'search_places', 'search_programme', 'search_body', 'search_variants']);
    expect(s.rankingRules[0]).toBe('sort');
    expect(s.typoTolerance.disableOnAttributes).toEqual(expect.arrayContaining(['slug', 'country', 'area']));
    expect(s.localizedAttributes[0].locales).toEqual(['nob', 'swe', 'dan', 'eng']);
  });

  it('sends the glossary as synonyms, encoded like the indexed text', () => {
    const syn = glossarySynonyms();
    const omr = encodeNordic('områdeløft');
    expect(syn[omr]).toEqual(expect.arrayContaining([encodeNordic('kvarterløft'), encodeNordic('områdesatsing'), 'storstadssatsning', 'area based regeneration']));
    expect(syn['stadsdel']).toEqual(expect.arrayContaining(['bydel', 'district']));
    expect(syn['omradeloft']).toEqual(expect.arrayContaining([encodeNordic('kvarterløft'), encodeNordic('områdesatsing')]));
    expect(syn['stadsdel']).not.toContain('stadsdel');
  });

  it('triggers exactly what the embedded engine expands, to exactly the same spellings', () => {
    const syn = glossarySynonyms();
    const keys = new Set<string>();
    for (const group of glossaryGroups()) {
      for (const entry of group.terms) {
        const typed = entry.join(' ');
        for (const term of [typed, ...plainSpellings(typed)]) {
          const embedded = expansionsOf(term).map((w) => encodeNordic(w.join(' '))).filter((w) => w !== encodeNordic(term));
          if (embedded.length === 0) {
            // Not a trigger on the embedded engine: no key here either.
            expect(syn).not.toHaveProperty([encodeNordic(term)]);
          } else {
            keys.add(encodeNordic(term));
            expect(new Set(syn[encodeNordic(term)])).toEqual(new Set(embedded));
          }
        }
      }
    }
    expect(Object.keys(syn)).toHaveLength(keys.size);
    // Multi-word entries are keys too, as the embedded engine expands typed phrases.
    expect(syn['area based regeneration']).toEqual(expect.arrayContaining([encodeNordic('områdeløft')]));
    expect(keys.size).toBeGreaterThan(0);
    // A rule change on either side shows up here: an expander that also takes phrases gives phrase keys.
    const phrases = glossarySynonyms(glossaryGroups(), (t) => (t === 'area based regeneration' ? [['omradeloft']] : []));
    expect(phrases).toEqual({ 'area based regeneration': ['omradeloft'] });
  });
});

describe('readSearchResults', () => {
  const emptyDist = (facets: FacetName[]) => Object.fromEntries(facets.map((f) => [f, {}]));

  it('marks an answer cut off by the server (degraded: true) as incomplete', () => {
    const query = q({ q: 'x', filters: { country: ['SE'] } });
    const plan = buildSearchPlan(query, 'i');
    const full = (degraded?: boolean) => [
      { hits: [{ id: 1, slug: 'a' }], totalHits: 1, facetDistribution: emptyDist(ALL_FACETS), ...(degraded === undefined ? {} : { degraded }) },
      { hits: [], totalHits: 3, facetDistribution: { country: { SE: 1, NO: 2 } } },
    ];
    expect(readSearchResults(plan, query, full())).not.toHaveProperty('incomplete');
    expect(readSearchResults(plan, query, full(false))).not.toHaveProperty('incomplete');
    expect(readSearchResults(plan, query, full(true))).toMatchObject({ total: 1, incomplete: true });
    const facetCut = full();
    (facetCut[1] as MeiliSearchResponse).degraded = true;
    expect(readSearchResults(plan, query, facetCut).incomplete).toBe(true);
  });

  it('takes hits and total from the main query, a selected facet’s counts from its own query', () => {
    const query = q({ filters: { country: ['SE', 'XX'] } });
    const plan = buildSearchPlan(query, 'i');
    const results: MeiliSearchResponse[] = [
      { hits: [{ id: 4, slug: 'a' }, { id: 5, slug: 'b' }], totalHits: 2, facetDistribution: { ...emptyDist(ALL_FACETS), country: { SE: 2 }, measure: { social: 2 } } },
      { hits: [], totalHits: 10, facetDistribution: { country: { NO: 4, SE: 2, DK: 2 } } },
    ];
    const r = readSearchResults(plan, query, results);
    expect(r.engine).toBe('meilisearch');
    expect(r.total).toBe(2);
    expect(r.hits).toEqual([{ id: 4, slug: 'a' }, { id: 5, slug: 'b' }]);
    expect(r.facets.country).toEqual([
      { value: 'NO', count: 4, selected: false },
      { value: 'SE', count: 2, selected: true },
      { value: 'DK', count: 2, selected: false },
      { value: 'XX', count: 0, selected: true },
    ]);
    expect(r.facets.measure).toEqual([{ value: 'social', count: 2, selected: false }]);
  });

  it('refuses an answer that lacks a requested facet (not filterable) or a total', () => {
    const query = q();
    const plan = buildSearchPlan(query, 'i');
    const dist = emptyDist(ALL_FACETS.filter((f) => f !== 'decade'));
    expect(() => readSearchResults(plan, query, [{ hits: [], totalHits: 0, facetDistribution: dist }])).toThrow(MeiliResponseError);
    expect(() => readSearchResults(plan, query, [{ hits: [], facetDistribution: emptyDist(ALL_FACETS) }])).toThrow(/totalHits/);
    expect(() => readSearchResults(plan, query, [])).toThrow(/expected 1 results/);
  });

  it('does not mistake object built-ins for facet values', () => {
    expect(facetCounts({}, ['constructor'])).toEqual([{ value: 'constructor', count: 0, selected: true }]);
  });
});
