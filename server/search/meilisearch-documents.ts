// What Meilisearch indexes for one initiative, and the index settings. The searchable
// fields are the embedded engine's folded FTS columns (ftsColumns), so both engines read
// the same words; display fields, facet codes and sort keys ride along.
//
// Stems and plain spellings (text.ts variantsText) go in `search_variants`, the last
// searchable attribute, so they rank below the text; the query sends each word as its
// shortest stem (queryWordsForSynonyms), which the variants hold for every inflection
// (or the text, where the stem is a word of it: variantsText leaves those out).
//
// Meilisearch normalises text again: it keeps ø, but folds æ→ae and å→a, so "gardrum"
// would find "gårdrum", which the embedded engine (and the contract) keeps apart. The
// folded text and the query therefore carry æ and å as letters Meilisearch leaves alone,
// one letter for one, so typo thresholds and the first-letter rule count the real word
// (meili/nordic-encoding.ts).
import { searchedPeriod } from './types.ts';
import type { Locale } from './types.ts';
import { FACETS, type FacetRegistry } from './facets.ts';
import { foldText, plainSpellings, queryWordsForSynonyms, TYPO_MIN_LENGTH } from './text.ts';
import { ftsColumns, ftsVariants, type SearchDocument } from './documents.ts';
import { expansionsOf, glossaryGroups, type GlossaryGroup } from './glossary.ts';
import { encodeNordic } from './meili/nordic-encoding.ts';

/**
 * Bump when toMeiliDocument() changes: the sync worker then builds a new index and swaps
 * it in. (A change of the settings is noticed by itself: meili/index-swap.ts.)
 */
export const MEILI_DOCUMENT_VERSION = 6;

export { encodeNordic };

/**
 * The query text Meilisearch gets: the same folded terms the embedded engine uses, each
 * as its shortest stem unless the glossary knows it, encoded.
 */
export function toMeiliQueryText(q: string): string {
  return queryWordsForSynonyms(q).map(encodeNordic).join(' ');
}

export interface MeiliDocument {
  id: number;
  slug: string;
  // Searchable, in ranking order: folded and encoded.
  search_title: string;
  search_places: string;
  search_programme: string;
  search_body: string;
  /** Stems and plain spellings of all four (ranked last). */
  search_variants: string;
  // Display fields, as written.
  titleNb: string | null;
  titleOriginal: string | null;
  titleEn: string;
  summaryNb: string;
  summaryEn: string;
  outcomes: string | null;
  // Facets (one field per registry facet, named as in the URL): the same codes the URL
  // carries; an array for a multi-valued facet, else the value or null.
  [facet: string]: unknown;
  periodStart: number | null;
  periodEnd: number | null;
  /**
   * The period as periodOverlaps() reads it (a missing end is the start and vice versa):
   * [periodMin, periodMax]. Left out when there is no period at all, so a year filter
   * (`periodMax >= from`, `periodMin <= to`) excludes those initiatives, as the embedded
   * engine does.
   */
  periodMin?: number;
  periodMax?: number;
  // Sort keys with unknown years last in both directions, like the embedded engine.
  newestStart: number;
  newestEnd: number;
  oldestStart: number;
  oldestEnd: number;
  titleSortNb: string;
  titleSortEn: string;
}

const UNKNOWN_LOW = -1;
const UNKNOWN_HIGH = 99999;

/**
 * A string that sorts (by code point) as the embedded engine's collator does, near enough:
 * case and accents ignored, numbers by value, and for bokmål æ, ø, å after z in that order.
 */
export function titleSortKey(title: string, locale: Locale): string {
  let key = foldText(title).trim();
  key =
    locale === 'nb'
      ? key.replace(/[æøå]/g, (c) => ({ æ: '{', ø: '|', å: '}' })[c]!)
      : key.replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a');
  return key.replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(10, '0'));
}

export function toMeiliDocument(doc: SearchDocument, facets: FacetRegistry = FACETS): MeiliDocument {
  const cols = ftsColumns(doc);
  const period = searchedPeriod(doc.periodStart, doc.periodEnd, doc.status[0]);
  const out: MeiliDocument = {
    id: doc.id,
    slug: doc.slug,
    search_title: encodeNordic(cols.title),
    search_places: encodeNordic(cols.places),
    search_programme: encodeNordic(cols.programme),
    search_body: encodeNordic(cols.body),
    search_variants: encodeNordic(ftsVariants(cols)),
    titleNb: doc.titleNb,
    titleOriginal: doc.titleOriginal,
    titleEn: doc.titleEn,
    summaryNb: doc.summaryNb,
    summaryEn: doc.summaryEn,
    outcomes: doc.outcomes,
    periodStart: doc.periodStart,
    periodEnd: doc.periodEnd,
    newestStart: doc.periodStart ?? UNKNOWN_LOW,
    newestEnd: doc.periodEnd ?? UNKNOWN_LOW,
    oldestStart: doc.periodStart ?? UNKNOWN_HIGH,
    oldestEnd: doc.periodEnd ?? UNKNOWN_HIGH,
    titleSortNb: titleSortKey(doc.titleNb ?? doc.titleOriginal ?? doc.titleEn, 'nb'),
    titleSortEn: titleSortKey(doc.titleEn, 'en'),
  };
  for (const f of facets.list) {
    const values = f.values(doc);
    out[f.name] = f.multi ? values : (values[0] ?? null);
  }
  if (period !== null) {
    [out.periodMin, out.periodMax] = period;
  }
  return out;
}

/**
 * The glossary as Meilisearch synonyms, taken from the embedded engine's own expansion
 * (expansionsOf in glossary.ts) so the two never diverge: an entry, one word or several,
 * and its spellings without æ/ø/å are keys exactly when the embedded engine expands them,
 * and map to exactly the entries it expands to.
 */
export function glossarySynonyms(groups: GlossaryGroup[] = glossaryGroups(), expand: (term: string) => string[][] = expansionsOf): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of groups) {
    for (const entry of g.terms) {
      const typed = entry.join(' ');
      for (const key of [typed, ...plainSpellings(typed)]) {
        const others = expand(key).map((words) => encodeNordic(words.join(' ')));
        if (others.length === 0) continue;
        const k = encodeNordic(key);
        out[k] = [...new Set([...(out[k] ?? []), ...others])].filter((o) => o !== k);
      }
    }
  }
  return out;
}

export const SEARCHABLE_ATTRIBUTES = ['search_title', 'search_places', 'search_programme', 'search_body', 'search_variants'];
/** What Meilisearch may filter on: every registry facet and the period bounds. */
export function filterableAttributes(facets: FacetRegistry = FACETS): string[] {
  return [...facets.names, 'periodMin', 'periodMax'];
}
export const SORTABLE_ATTRIBUTES = ['newestStart', 'newestEnd', 'oldestStart', 'oldestEnd', 'titleSortNb', 'titleSortEn', 'id'];
/** More than any vocabulary or place list holds, so no facet value is ever cut off. */
export const MAX_VALUES_PER_FACET = 1000;

/** The index settings, applied (and waited for) at start-up and by `npm run reindex`. */
export function meiliSettings(facets: FacetRegistry = FACETS) {
  return {
    searchableAttributes: SEARCHABLE_ATTRIBUTES,
    filterableAttributes: filterableAttributes(facets),
    sortableAttributes: SORTABLE_ATTRIBUTES,
    displayedAttributes: ['*'],
    // `sort` first: an explicit sort orders strictly, like the embedded engine; without
    // one, relevance decides and the newest-first keys break ties, like the embedded engine.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'newestStart:desc', 'newestEnd:desc', 'id:desc'],
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' as const } },
    pagination: { maxTotalHits: 100_000 },
    // Typos only in long words (counted on the word as typed: the encoding keeps lengths
    // and first letters): "kvarterloft" (11) finds kvarterløft and
    // "Storstadsatsningen" finds Storstadssatsningen, but a short word with a different
    // Nordic letter ("tromso", "gardrum") stays a different word. Never on codes or slugs.
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: TYPO_MIN_LENGTH.one, twoTypos: TYPO_MIN_LENGTH.two },
      disableOnAttributes: ['slug', ...facets.names],
    },
    synonyms: glossarySynonyms(),
    localizedAttributes: [
      {
        attributePatterns: ['search_*', 'title*', 'summary*', 'outcomes'],
        locales: ['nob', 'swe', 'dan', 'eng'],
      },
    ],
  };
}
