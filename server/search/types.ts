// The one search interface. Both engines (embedded SQLite FTS5 and Meilisearch) take a
// validated SearchQuery and return the same EngineResult; the domain layer turns that
// into what pages and the API show (labels, highlights, toggle links).

// Facets are defined once, in the registry (facets.ts); here they are plain names.
export type FacetName = string;

export const SORTS = ['relevance', 'newest', 'oldest', 'title'] as const;
export type SortOrder = (typeof SORTS)[number];

/** Selected values per facet name (every facet of the registry, empty when not chosen). */
export type Filters = Record<FacetName, string[]>;

export interface SearchQuery {
  /** The user's text, trimmed; '' lists everything. */
  q: string;
  /** Selected values per facet: OR within a facet, AND across facets. */
  filters: Filters;
  /** Keep initiatives whose period overlaps [from, to] (either end may be open). */
  from: number | null;
  to: number | null;
  sort: SortOrder;
  /** From 1. */
  page: number;
  perPage: number;
  /** The reader's language: decides which title the `title` sort uses. */
  locale: Locale;
}

export type Locale = 'nb' | 'en';

export interface FacetCount {
  value: string;
  count: number;
  selected: boolean;
}

export interface EngineHit {
  id: number;
  slug: string;
  score?: number;
}

export interface EngineResult {
  engine: string;
  total: number;
  hits: EngineHit[];
  /** Disjunctive counts: a facet's own selection is left out when counting it. */
  facets: Record<FacetName, FacetCount[]>;
  /** Set when the answer came from a fallback engine; the reason is shown as a notice. */
  degraded?: string;
}

export interface EngineHealth {
  ok: boolean;
  detail?: string;
}

export interface SearchEngine {
  readonly name: string;
  search(query: SearchQuery): Promise<EngineResult>;
  health(): Promise<EngineHealth>;
  close(): Promise<void>;
}

/** The effective sort: relevance needs a query, so without one the default is newest. */
export function effectiveSort(query: Pick<SearchQuery, 'q' | 'sort'>, hasTerms: boolean): SortOrder {
  if (query.sort === 'relevance' && !hasTerms) return 'newest';
  return query.sort;
}

/** Decades (as '1990', '2000' …) that a period touches; an open end counts as its start. */
export function decadesOf(periodStart: number | null, periodEnd: number | null): string[] {
  const start = periodStart ?? periodEnd;
  const end = periodEnd ?? periodStart;
  if (start === null || end === null) return [];
  const out: string[] = [];
  for (let d = Math.floor(Math.min(start, end) / 10) * 10; d <= Math.max(start, end); d += 10) {
    out.push(String(d));
  }
  return out;
}

/**
 * Whether a period overlaps the year range [from, to] (either end may be open). A
 * missing end year is read as the start year and vice versa, the same reading as
 * decadesOf(): the sources do not say that the work went on. With no period at all the
 * initiative is left out whenever a range is given.
 */
export function periodOverlaps(
  periodStart: number | null,
  periodEnd: number | null,
  from: number | null,
  to: number | null,
): boolean {
  if (from === null && to === null) return true;
  const start = periodStart ?? periodEnd;
  const end = periodEnd ?? periodStart;
  if (start === null || end === null) return false;
  if (from !== null && Math.max(start, end) < from) return false;
  if (to !== null && Math.min(start, end) > to) return false;
  return true;
}
