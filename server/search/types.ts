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
  /**
   * Set when the engine stopped before it had looked at everything (Meilisearch's search
   * cut-off, `degraded: true` in its answer): total, hits and counts may be short. Shown
   * as a notice on the page and as `incomplete: true` in the API.
   */
  incomplete?: boolean;
}

export interface EngineHealth {
  ok: boolean;
  detail?: string;
}

export interface SearchEngine {
  readonly name: string;
  /**
   * The most hits one search may be asked for when every hit is collected (exports and
   * feeds page through them at this size); the search page's own limit when not set.
   */
  readonly bulkPageSize?: number;
  search(query: SearchQuery): Promise<EngineResult>;
  health(): Promise<EngineHealth>;
  close(): Promise<void>;
}

/** The effective sort: relevance needs a query, so without one the default is newest. */
export function effectiveSort(query: Pick<SearchQuery, 'q' | 'sort'>, hasTerms: boolean): SortOrder {
  if (query.sort === 'relevance' && !hasTerms) return 'newest';
  return query.sort;
}

/**
 * The years an initiative counts for in year filters and decades: [lo, hi], or null
 * with no period at all. A missing end year is read as the start year and vice versa
 * (the sources do not say that the work went on: "from 2008, end unknown" counts 2008
 * only); an initiative whose status is ongoing counts every year from its start to the
 * current year (or its planned end, if later).
 */
export function searchedPeriod(
  periodStart: number | null,
  periodEnd: number | null,
  status: string | undefined = undefined,
  thisYear: number = currentYear(),
): [number, number] | null {
  const start = periodStart ?? periodEnd;
  const end = periodEnd ?? periodStart;
  if (start === null || end === null) return null;
  const lo = Math.min(start, end);
  const hi = Math.max(start, end);
  return status === 'ongoing' ? [lo, Math.max(hi, thisYear)] : [lo, hi];
}

export function currentYear(): number {
  return new Date().getUTCFullYear();
}

/** Decades (as '1990', '2000' …) that a period touches, read as searchedPeriod() reads it. */
export function decadesOf(periodStart: number | null, periodEnd: number | null, status?: string): string[] {
  const period = searchedPeriod(periodStart, periodEnd, status);
  if (period === null) return [];
  const out: string[] = [];
  for (let d = Math.floor(period[0] / 10) * 10; d <= period[1]; d += 10) out.push(String(d));
  return out;
}

/**
 * Whether a period, read as searchedPeriod() reads it, overlaps the year range
 * [from, to] (either end may be open). With no period at all the initiative is left out
 * whenever a range is given.
 */
export function periodOverlaps(
  periodStart: number | null,
  periodEnd: number | null,
  from: number | null,
  to: number | null,
  status?: string,
): boolean {
  if (from === null && to === null) return true;
  const period = searchedPeriod(periodStart, periodEnd, status);
  if (period === null) return false;
  if (from !== null && period[1] < from) return false;
  if (to !== null && period[0] > to) return false;
  return true;
}
