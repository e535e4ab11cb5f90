// A search, as pages and the API show it: the engine's result joined with the rows from
// SQLite (one query per page), labels in the reader's language, highlighted text, and
// every link (facet toggles, chips, sort, pages) computed here so templates stay dumb.
import { searchRecords } from '../search/record-search.ts';
import type { RecordDocumentKind } from '../search/record-documents.ts';
import { loadRecordRefs, RECORD_PATHS } from '../domain/record-refs.ts';
import type Database from 'better-sqlite3';
import {
  effectiveSort,
  type EngineResult,
  type FacetName,
  type Locale,
  type SearchEngine,
  type SearchQuery,
  type SortOrder,
  SORTS,
} from '../search/types.ts';
import { highlight, queryTerms, snippet } from '../search/text.ts';
import { DEFAULT_PER_PAGE, searchHref } from '../schemas/search-query.ts';
import { t } from '../i18n/index.ts';
import { FACETS, type FacetRegistry } from '../search/facets.ts';
import { labelFacetValue, sortFacetValues } from '../domain/facet-labels.ts';
import { getInitiativeSummaries, type InitiativeSummary } from '../domain/records/initiatives.ts';
import { displaySummary, displayTitle } from './record-text.ts';
import { loadSearchLabels } from '../domain/labels.ts';

export interface SearchDeps {
  sqlite: Database.Database;
  engine: SearchEngine;
  /** The facets to show (the app's registry unless given). */
  facets?: FacetRegistry;
}

export interface FacetValueCount {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  known: boolean;
}

export interface FacetValueView extends FacetValueCount {
  toggleUrl: string;
  /** The checkbox id, derived from the value so it survives re-sorting (htmx refocuses by id). */
  inputId: string;
}

/** At most this many values of one facet are rendered on the page (the API has them all). */
export const MAX_FACET_VALUES_SHOWN = 50;

export interface FacetView {
  name: FacetName;
  label: string;
  /** Every value with its count, in display order (for the API). */
  values: FacetValueCount[];
  /** The values the page renders: selected ones and the first MAX_FACET_VALUES_SHOWN. */
  shown: FacetValueView[];
  /** How many values are left out of `shown`. */
  omitted: number;
  /** How many of `shown` to list before "show more". */
  visible: number;
}

export interface ChipView {
  facet: string;
  label: string;
  removeUrl: string;
}

export interface HitView extends InitiativeSummary {
  url: string;
  title: { text: string; lang: string; html: string };
  summary: { text: string; lang: string; html: string };
  /** A snippet from the outcomes when the query matched there and not in the summary. */
  outcomesHtml: string | null;
  countryLabel: string;
  measureLabels: string[];
}

export interface SearchPage {
  query: SearchQuery;
  locale: Locale;
  engine: string;
  degraded: string | null;
  /** The engine stopped early (Meilisearch's search cut-off): the list may be incomplete. */
  incomplete: boolean;
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  sort: SortOrder;
  terms: string[];
  hits: HitView[];
  facets: FacetView[];
  chips: ChipView[];
  clearUrl: string;
  sortOptions: { value: SortOrder; formValue: string; label: string; selected: boolean; url: string }[];
  pages: { number: number; url: string; current: boolean }[];
  previousUrl: string | null;
  nextUrl: string | null;
  /** Canonical URL of this search (page and fragment share it). */
  url: string;
  /** The same search as a CSV download (GET /export.csv takes the page's parameters). */
  exportUrl: string;
  /** The same search as JSON (GET /export.json) and as an Atom feed (GET /initiatives.atom). */
  exportJsonUrl: string;
  feedUrl: string;
  /** Areas, programmes, organisations, events and resources matching the words (none without words). */
  recordMatches: RecordMatchView[];
}

/** Other records the words match: areas, programmes, organisations, events, talks. */
export interface RecordMatchView {
  kind: string;
  /** "Områder", "Programmes" … */
  heading: string;
  total: number;
  items: { name: string; url: string }[];
}

export interface Paths {
  /** '' for Norwegian, '/en' for English. */
  prefix: string;
}

export function pathsFor(locale: Locale): Paths {
  return { prefix: locale === 'en' ? '/en' : '' };
}

/** Runs the search and builds everything the page and the API show. */
export async function searchCatalogue(deps: SearchDeps, query: SearchQuery): Promise<SearchPage> {
  const result = await deps.engine.search(query);
  return presentSearch(deps.sqlite, query, result, deps.facets);
}

const MATCH_KINDS: RecordDocumentKind[] = ['area', 'programme', 'organisation', 'resource', 'event'];

/** The other records the words find, a few of each kind, on the first page only. */
export function presentRecordMatches(sqlite: Database.Database, query: SearchQuery, limit = 5): RecordMatchView[] {
  if (query.page !== 1 || queryTerms(query.q).length === 0) return [];
  const { byKind } = searchRecords(sqlite, query.q, { limit });
  const prefix = pathsFor(query.locale).prefix;
  return MATCH_KINDS.flatMap((kind) => {
    const found = byKind[kind];
    if (!found) return [];
    const items = loadRecordRefs(sqlite, kind, found.hits.map((h) => h.id)).map((r) => ({
      name: r.name[query.locale],
      url: `${prefix}${RECORD_PATHS[kind]}/${encodeURIComponent(r.slug)}`,
    }));
    return [{ kind, heading: t(query.locale, `search.matches.${kind}`), total: found.total, items }];
  });
}

export function presentSearch(
  sqlite: Database.Database,
  query: SearchQuery,
  result: EngineResult,
  registry: FacetRegistry = FACETS,
): SearchPage {
  const locale = query.locale;
  const paths = pathsFor(locale);
  const base = `${paths.prefix}/`;
  const labels = loadSearchLabels(sqlite);
  const { vocab } = labels;
  const terms = queryTerms(query.q);

  // A filter change always goes back to page 1.
  const withFilters = (facet: FacetName, values: string[]): SearchQuery => ({
    ...query,
    page: 1,
    filters: { ...query.filters, [facet]: values },
  });

  const facets: FacetView[] = registry.list.map((facet) => {
    const name = facet.name;
    const current = query.filters[name] ?? [];
    const values: FacetValueCount[] = (result.facets[name] ?? []).map((f) => ({ ...f, ...labelFacetValue(facet, f.value, locale, labels) }));
    sortFacetValues(facet, values, labels);
    // Links and ids only for what the page renders: a large facet (hundreds of areas)
    // would otherwise cost more to render than the search itself.
    const shown: FacetValueView[] = values
      .filter((v, i) => i < MAX_FACET_VALUES_SHOWN || v.selected)
      .map((v) => {
        const next = v.selected ? current.filter((x) => x !== v.value) : [...current, v.value];
        return { ...v, toggleUrl: searchHref(base, withFilters(name, next)), inputId: facetInputId(name, v.value) };
      });
    const selectedCount = shown.filter((v) => v.selected).length;
    return {
      name,
      label: t(locale, facet.heading),
      values,
      shown,
      omitted: values.length - shown.length,
      visible: Math.max(8, selectedCount),
    };
  });

  const chips: ChipView[] = [];
  for (const facet of registry.list) {
    const chosen = query.filters[facet.name] ?? [];
    for (const value of chosen) {
      chips.push({
        facet: t(locale, facet.heading),
        label: labelFacetValue(facet, value, locale, labels).label,
        removeUrl: searchHref(base, withFilters(facet.name, chosen.filter((v) => v !== value))),
      });
    }
  }
  if (query.from !== null || query.to !== null) {
    chips.push({
      facet: t(locale, 'search.period'),
      label: `${query.from ?? '…'}–${query.to ?? '…'}`,
      removeUrl: searchHref(base, { ...query, from: null, to: null, page: 1 }),
    });
  }

  const rows = getInitiativeSummaries(sqlite, result.hits.map((h) => h.id));
  const hits: HitView[] = rows.map((row) => {
    const title = displayTitle(row, locale);
    const summary = displaySummary(row, locale);
    const summaryHasHit = terms.length > 0 && /<mark>/.test(highlight(summary.text, terms));
    const outcomesHit = terms.length > 0 && !summaryHasHit && row.outcomes ? snippet(row.outcomes, terms, 200) : null;
    return {
      ...row,
      url: `${paths.prefix}/initiatives/${encodeURIComponent(row.slug)}`,
      title: { ...title, html: highlight(title.text, terms) },
      summary: { ...summary, html: snippet(summary.text, terms, 260) },
      outcomesHtml: outcomesHit && outcomesHit.includes('<mark>') ? outcomesHit : null,
      countryLabel: vocab.country.get(row.country)?.[locale] ?? row.country,
      measureLabels: row.measureTypes.map((m) => vocab.measure.get(m)?.[locale] ?? m),
    };
  });

  const sort = effectiveSort(query, terms.length > 0);
  const pageCount = Math.max(1, Math.ceil(result.total / query.perPage));
  const pageUrl = (n: number) => searchHref(base, { ...query, page: n });
  const pages: SearchPage['pages'] = [];
  for (let n = Math.max(1, query.page - 3); n <= Math.min(pageCount, query.page + 3); n++) {
    pages.push({ number: n, url: pageUrl(n), current: n === query.page });
  }
  const sortOptions = SORTS.filter((s) => s !== 'relevance' || terms.length > 0).map((s) => ({
    value: s,
    // What the form submits: '' while no order was chosen, so typing a query after loading
    // the page (where "newest" shows as the default) still sorts by relevance.
    formValue: s === sort && query.sort === 'relevance' ? '' : s,
    label: t(locale, `search.sort.${s}`),
    selected: s === sort,
    url: searchHref(base, { ...query, sort: s, page: 1 }),
  }));

  return {
    query,
    locale,
    engine: result.engine,
    degraded: result.degraded ?? null,
    incomplete: result.incomplete === true,
    total: result.total,
    page: query.page,
    perPage: query.perPage,
    pageCount,
    sort,
    terms,
    hits,
    facets,
    chips,
    clearUrl: searchHref(base, { ...query, filters: registry.emptyFilters(), from: null, to: null, page: 1 }),
    sortOptions,
    pages,
    previousUrl: query.page > 1 ? pageUrl(query.page - 1) : null,
    nextUrl: query.page < pageCount ? pageUrl(query.page + 1) : null,
    url: searchHref(base, query),
    exportUrl: searchHref(`${paths.prefix}/export.csv`, { ...query, page: 1 }),
    exportJsonUrl: searchHref(`${paths.prefix}/export.json`, { ...query, page: 1 }),
    feedUrl: searchHref(`${paths.prefix}/initiatives.atom`, { ...query, page: 1, sort: 'relevance', perPage: DEFAULT_PER_PAGE }),
    recordMatches: presentRecordMatches(sqlite, query),
  };
}

/** A valid, unique HTML id for a facet value's checkbox: letters, digits and - kept, anything else as _hex_. */
export function facetInputId(facet: FacetName, value: string): string {
  return `f-${facet}-${value.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}

/** The JSON shape of GET /api/v1/initiatives. */
export function toApiResult(page: SearchPage, origin = '') {
  return {
    total: page.total,
    page: page.page,
    perPage: page.perPage,
    engine: page.engine,
    ...(page.degraded ? { degraded: page.degraded } : {}),
    ...(page.incomplete ? { incomplete: true } : {}),
    hits: page.hits.map((h) => ({
      slug: h.slug,
      title: h.title.text,
      titleEn: h.titleEn,
      summary: h.summary.text,
      country: h.country,
      programme: h.programme ? { slug: h.programme.slug, name: page.locale === 'en' ? h.programme.nameEn : h.programme.nameOriginal } : null,
      area: h.areas[0] ?? null,
      areas: h.areas,
      measureTypes: h.measureTypes,
      themes: h.themes,
      targetGroups: h.targetGroups,
      periodStart: h.periodStart,
      periodEnd: h.periodEnd,
      url: `${origin}${h.url}`,
      highlight: { title: h.title.html, summary: h.summary.html, ...(h.outcomesHtml ? { outcomes: h.outcomesHtml } : {}) },
    })),
    facets: Object.fromEntries(
      page.facets.map((f) => [f.name, f.values.map((v) => ({ value: v.value, label: v.label, count: v.count, selected: v.selected }))]),
    ),
  };
}
