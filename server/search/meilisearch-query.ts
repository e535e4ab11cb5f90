// The translation layer: a SearchQuery becomes one Meilisearch multi-search request (the
// main query plus one query per selected facet with that facet's own filter removed, for
// disjunctive counts), and the multi-search answer becomes the normalised EngineResult.
// Pure functions, unit-tested exactly (tests/search/meili-query.test.ts).
import { effectiveSort, type EngineResult, type FacetCount, type FacetName, type SearchQuery, type SortOrder } from './types.ts';
import { FACETS, type FacetRegistry } from './facets.ts';
import { toMeiliQueryText } from './meilisearch-documents.ts';
import { capWords } from './meili/limits.ts';

/** A filter value as a double-quoted Meilisearch string: backslashes and quotes escaped. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `facet IN ["a", "b"]`: OR within a facet. */
export function facetClause(facet: FacetName, values: string[]): string {
  return `${facet} IN [${values.map(quoteFilterValue).join(', ')}]`;
}

function year(value: number): number {
  if (!Number.isInteger(value)) throw new TypeError(`year must be a whole number, got ${value}`);
  return value;
}

/**
 * The filter expression: facet clauses ANDed, then the year range as overlap with the
 * stored [periodMin, periodMax]. `without` leaves one facet's clause out (disjunctive
 * counts). Undefined when nothing filters.
 */
export function buildFilter(query: SearchQuery, without?: FacetName, facets: FacetRegistry = FACETS): string | undefined {
  const clauses: string[] = [];
  for (const facet of facets.names) {
    if (facet === without) continue;
    const values = query.filters[facet] ?? [];
    if (values.length > 0) clauses.push(facetClause(facet, values));
  }
  if (query.from !== null) clauses.push(`periodMax >= ${year(query.from)}`);
  if (query.to !== null) clauses.push(`periodMin <= ${year(query.to)}`);
  return clauses.length > 0 ? clauses.join(' AND ') : undefined;
}

const SORT_RULES: Record<Exclude<SortOrder, 'relevance'>, (q: SearchQuery) => string[]> = {
  newest: () => ['newestStart:desc', 'newestEnd:desc', 'id:desc'],
  oldest: () => ['oldestStart:asc', 'oldestEnd:asc', 'id:asc'],
  title: (q) => [q.locale === 'en' ? 'titleSortEn:asc' : 'titleSortNb:asc', 'id:asc'],
};

/** The sort sent; undefined for relevance (the ranking rules then break ties newest first). */
export function buildSort(query: SearchQuery, text: string): string[] | undefined {
  const sort = effectiveSort(query, text !== '');
  return sort === 'relevance' ? undefined : SORT_RULES[sort](query);
}

export interface MeiliSearchRequest {
  indexUid: string;
  q: string;
  filter?: string;
  facets: string[];
  sort?: string[];
  page: number;
  hitsPerPage: number;
  matchingStrategy: 'all';
  attributesToRetrieve: string[];
}

export interface SearchPlan {
  queries: MeiliSearchRequest[];
  /** Which query's facetDistribution counts each facet (0 = the main query). */
  facetSource: Record<FacetName, number>;
}

/**
 * One multi-search request. The main query asks for every facet; each facet with a
 * selection gets its own zero-hit query without its own clause, and its counts come from
 * there. Pagination by page/hitsPerPage, so totalHits is exact.
 */
export function buildSearchPlan(query: SearchQuery, indexUid: string, facets: FacetRegistry = FACETS): SearchPlan {
  // Meilisearch reads only the first 10 words; never send more (meili/limits.ts).
  const q = capWords(toMeiliQueryText(query.q));
  const base = { indexUid, q, matchingStrategy: 'all' as const };
  const main: MeiliSearchRequest = {
    ...base,
    filter: buildFilter(query, undefined, facets),
    facets: [...facets.names],
    sort: buildSort(query, q),
    page: query.page,
    hitsPerPage: query.perPage,
    attributesToRetrieve: ['id', 'slug'],
  };
  const queries = [main];
  const facetSource = {} as Record<FacetName, number>;
  for (const facet of facets.names) {
    facetSource[facet] = 0;
    if ((query.filters[facet] ?? []).length === 0) continue;
    facetSource[facet] = queries.length;
    queries.push({
      ...base,
      filter: buildFilter(query, facet, facets),
      facets: [facet],
      page: 1,
      hitsPerPage: 0,
      attributesToRetrieve: ['id'],
    });
  }
  for (const r of queries) {
    if (r.filter === undefined) delete r.filter;
    if (r.sort === undefined) delete r.sort;
  }
  return { queries, facetSource };
}

export interface MeiliSearchResponse {
  hits: Record<string, unknown>[];
  totalHits?: number;
  estimatedTotalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
  /** Set when the server stopped at its search cut-off: hits and counts may be missing. */
  degraded?: boolean;
}

/** Meilisearch answered, but not with what was asked (e.g. a facet that is not filterable). */
export class MeiliResponseError extends Error {}

/** The multi-search answer as an EngineResult; throws if any requested facet is missing. */
export function readSearchResults(plan: SearchPlan, query: SearchQuery, results: MeiliSearchResponse[], engine = 'meilisearch'): EngineResult {
  if (results.length !== plan.queries.length) {
    throw new MeiliResponseError(`expected ${plan.queries.length} results, got ${results.length}`);
  }
  const main = results[0];
  const total = main.totalHits ?? main.estimatedTotalHits;
  if (typeof total !== 'number') throw new MeiliResponseError('the answer has no totalHits');
  const hits = main.hits.map((h) => {
    if (typeof h.id !== 'number' || typeof h.slug !== 'string') throw new MeiliResponseError('a hit has no id or slug');
    return { id: h.id, slug: h.slug };
  });
  const facets: Record<FacetName, FacetCount[]> = {};
  for (const facet of Object.keys(plan.facetSource)) {
    const distribution = results[plan.facetSource[facet]].facetDistribution?.[facet];
    // Meilisearch silently leaves out a facet that is not in filterableAttributes.
    if (distribution === undefined) throw new MeiliResponseError(`facet "${facet}" missing from the answer: is it filterable?`);
    facets[facet] = facetCounts(distribution, query.filters[facet] ?? []);
  }
  // A search stopped at the cut-off is an incomplete answer, not a complete one.
  const incomplete = results.some((r) => r.degraded === true);
  return incomplete ? { engine, total, hits, facets, incomplete } : { engine, total, hits, facets };
}

/** Counts as a list; every selected value is kept even when nothing matches it (as the embedded engine does). */
export function facetCounts(distribution: Record<string, number>, selectedValues: string[]): FacetCount[] {
  const selected = new Set(selectedValues);
  const out: FacetCount[] = Object.entries(distribution).map(([value, count]) => ({ value, count, selected: selected.has(value) }));
  for (const value of selected) if (!Object.hasOwn(distribution, value)) out.push({ value, count: 0, selected: true });
  return out;
}
