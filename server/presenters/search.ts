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
import { buildSearchParams, DEFAULT_PER_PAGE, searchHref } from '../schemas/search-query.ts';
import { messageText, t } from '../i18n/index.ts';
import type { FieldError } from '../schemas/search-query.ts';
import { FACETS, type FacetDefinition, type FacetRegistry } from '../search/facets.ts';
import { labelFacetValue, sortFacetValues } from '../domain/facet-labels.ts';
import { getInitiativeSummaries, type InitiativeSummary } from '../domain/records/initiatives.ts';
import { displaySummary, displayTitle } from './record-text.ts';
import { periodText } from './records.ts';
import { loadSearchLabels, type SearchLabels } from '../domain/labels.ts';
import { vocabularyOf } from '../search/sqlite/vocabulary.ts';

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
  /** The checkbox id, derived from the value so it survives re-sorting (htmx refocuses by id). */
  inputId: string;
  /** The whole label as a tooltip when the page may cut it to two lines. */
  title: string | null;
  /** What the value means (the vocabulary's definition), on the facet's own page only; else null. */
  definition: string | null;
  /** The definition's element id, for the checkbox's aria-describedby; null without one. */
  definitionId: string | null;
}

/** Labels longer than this may be cut to two lines in the filter column; they carry a tooltip. */
const FACET_LABEL_CLAMP = 40;

/**
 * The search page lists this many values of a facet (those with most hits) and the chosen
 * ones; "show all" leads to the facet's page with every value (the API has them all too).
 * Hundreds of areas or organisations would otherwise make the page heavy on a phone.
 */
export const FACET_VALUES_INLINE = 5;

export interface FacetView {
  name: FacetName;
  label: string;
  /** Every value with its count, in display order (for the API). */
  values: FacetValueCount[];
  /** The values the page renders: the first FACET_VALUES_INLINE and every selected one. */
  shown: FacetValueView[];
  /** The facet's page with every value for this search, when `shown` leaves some out. */
  allUrl: string | null;
  /** One line on what the group means (i18n), or null. */
  help: string | null;
  /**
   * On the search page, the facet's own page where each value stands with its definition
   * (vocabulary facets only; names and decades need none); null there and on that page.
   * The definitions live on one page, not in every search page (it stays light).
   */
  aboutUrl: string | null;
  /** The id of the list of values, which aboutUrl points to: on the facet's own page only. */
  listId: string | null;
}

/** A less used filter group shown on the search page as one link to its own page. */
export interface FacetLinkView {
  name: FacetName;
  label: string;
  /** The facet's page with every value for this search. */
  url: string;
}

export interface ChipView {
  facet: string;
  label: string;
  removeUrl: string;
}

export interface HitView extends InitiativeSummary {
  url: string;
  /** `lang` is null where the text is in the page's own language (it inherits the page's). */
  title: { text: string; lang: string | null; html: string };
  summary: { text: string; lang: string | null; html: string };
  /** A snippet from the outcomes when the query matched there and not in the summary. */
  outcomesHtml: string | null;
  countryLabel: string;
  /** The line under the title: country, places, programme, period. */
  meta: string;
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
  /** Every facet with all its values and counts (the API's and the facet pages' source). */
  facets: FacetView[];
  /** The groups the search page shows as boxes: those with values, less used ones only with a value chosen. */
  facetGroups: FacetView[];
  /** The less used groups with nothing chosen, each one link to its own page (see FacetDefinition.searchPage). */
  facetLinks: FacetLinkView[];
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
  /** Ways on from a search that found nothing (null when it found something). */
  zeroHits: ZeroHitsView | null;
  /** How many filters are chosen (chips), for "Filtrer (n valgt)". */
  selectedCount: number;
  /** Set when the search has hits but this page is past the last one: the way to page 1. */
  firstPageUrl: string | null;
  /** The document title for this search ("«park» – 4 tiltak"). */
  title: string;
}

/** What a search that found nothing offers instead: both only when they find something. */
export interface ZeroHitsView {
  /** "Mente du …?": the words respelled from the index's own vocabulary. */
  suggestion: { q: string; url: string; total: number } | null;
  /** The same search without its most restrictive filter (the one whose removal finds most). */
  relax: { filter: string; url: string; total: number } | null;
}

/** Problems with what was typed or chosen, as the search form shows them. */
export interface InputErrorsView {
  /** Messages by field (from, to, q …), in the 400 page's wording. */
  byField: Record<string, string[]>;
  /** Every message, for the summary and the live region. */
  all: string[];
  /** What the reader had typed in the year fields, shown again as typed. */
  raw: Record<string, string>;
}

export function presentInputErrors(locale: Locale, errors: FieldError[], raw: Record<string, unknown>): InputErrorsView {
  const byField: Record<string, string[]> = {};
  const all: string[] = [];
  for (const e of errors) {
    const text = messageText(locale, e);
    all.push(text);
    (byField[e.param] ??= []).push(text);
  }
  const typed: Record<string, string> = {};
  for (const name of ['from', 'to']) {
    const v = raw[name];
    if (typeof v === 'string') typed[name] = v;
  }
  return { byField, all, raw: typed };
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
  const page = presentSearch(deps.sqlite, query, result, deps.facets);
  if (result.total === 0) page.zeroHits = await presentZeroHits(deps, query);
  return page;
}

/**
 * For a search that found nothing: a respelling of its words from the index's vocabulary
 * (vocabularyOf().suggest, edit distance) and the search without the filter whose removal
 * finds most. Each is checked with the engine and offered only when it finds something;
 * this costs one search per active filter, and only on a zero-hit page.
 */
export async function presentZeroHits(deps: SearchDeps, query: SearchQuery): Promise<ZeroHitsView> {
  const registry = deps.facets ?? FACETS;
  const base = `${pathsFor(query.locale).prefix}/`;
  const count = async (q: SearchQuery) => (await deps.engine.search({ ...q, page: 1, perPage: 1 })).total;

  let suggestion: ZeroHitsView['suggestion'] = null;
  const respelled = query.q ? vocabularyOf(deps.sqlite).suggest(query.q) : null;
  if (respelled) {
    const q = { ...query, q: respelled, page: 1 };
    const total = await count(q);
    if (total > 0) suggestion = { q: respelled, url: searchHref(base, q), total };
  }

  const candidates: { filter: string; query: SearchQuery }[] = [];
  for (const facet of registry.list) {
    if ((query.filters[facet.name] ?? []).length === 0) continue;
    candidates.push({ filter: t(query.locale, facet.heading), query: { ...query, page: 1, filters: { ...query.filters, [facet.name]: [] } } });
  }
  if (query.from !== null || query.to !== null) {
    candidates.push({ filter: t(query.locale, 'search.period'), query: { ...query, page: 1, from: null, to: null } });
  }
  let relax: ZeroHitsView['relax'] = null;
  for (const c of candidates) {
    const total = await count(c.query);
    if (total > (relax?.total ?? 0)) relax = { filter: c.filter, url: searchHref(base, c.query), total };
  }
  return { suggestion, relax };
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

/**
 * One facet's group: its values with counts. On the search page (`inline` a number) the
 * first `inline` values and every selected one, with links to the rest and to what they
 * mean; on the facet's own page (`inline` Infinity) every value, each with its definition.
 */
function presentFacet(facet: FacetDefinition, result: EngineResult, query: SearchQuery, labels: SearchLabels, inline: number): FacetView {
  const { name } = facet;
  const locale = query.locale;
  const values: FacetValueCount[] = (result.facets[name] ?? []).map((f) => ({ ...f, ...labelFacetValue(facet, f.value, locale, labels) }));
  sortFacetValues(facet, values, labels);
  const whole = inline === Infinity;
  const defined = facet.labels.from === 'vocabulary' ? labels.vocab.definitions[facet.labels.kind] : undefined;
  const definitionOf = (value: string) => (whole ? (defined?.get(value)?.[locale] ?? null) : null);
  const shown = presentFacetValues(name, values.filter((v, i) => i < inline || v.selected), definitionOf);
  const helpKey = `facet.help.${name}`;
  const ownPage = facetValuesHref(locale, name, query);
  return {
    name,
    label: t(locale, facet.heading),
    values,
    shown,
    allUrl: shown.length < values.length ? ownPage : null,
    help: t(locale, helpKey) === helpKey ? null : t(locale, helpKey),
    aboutUrl: !whole && defined && values.some((v) => defined.has(v.value)) ? `${ownPage}#values-${name}` : null,
    listId: whole ? `values-${name}` : null,
  };
}

/** The page with every value of one facet for a search: a form back to the search. */
export interface FacetValuesPage {
  facet: FacetView;
  /** The rest of the search (words, years, sort, other filters) as the form's hidden fields. */
  hidden: { name: string; value: string }[];
  /** The search as it was, for "back". */
  backUrl: string;
  action: string;
}

export function presentFacetValuesPage(sqlite: Database.Database, query: SearchQuery, result: EngineResult, facet: FacetDefinition): FacetValuesPage {
  const base = `${pathsFor(query.locale).prefix}/`;
  const view = presentFacet(facet, result, query, loadSearchLabels(sqlite), Infinity);
  // The form sends this facet's boxes itself; page 1, as after any filter change.
  const rest = buildSearchParams({ ...query, page: 1, filters: { ...query.filters, [facet.name]: [] } });
  return {
    facet: view,
    hidden: [...rest].map(([name, value]) => ({ name, value })),
    backUrl: searchHref(base, query),
    action: base,
  };
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

  const facets = registry.list.map((facet) => presentFacet(facet, result, query, labels, FACET_VALUES_INLINE));
  const asLink = (facet: FacetDefinition) => facet.searchPage === 'link' && (query.filters[facet.name] ?? []).length === 0;
  const facetGroups = facets.filter((view, i) => view.shown.length > 0 && !asLink(registry.list[i]));
  const facetLinks: FacetLinkView[] = facets
    .filter((view, i) => view.values.length > 0 && asLink(registry.list[i]))
    .map((view) => ({ name: view.name, label: view.label, url: facetValuesHref(locale, view.name, query) }));

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
      title: { text: title.text, lang: langIfOther(title.lang, locale), html: highlight(title.text, terms) },
      summary: { text: summary.text, lang: langIfOther(summary.lang, locale), html: snippet(summary.text, terms, 240) },
      outcomesHtml: outcomesHit && outcomesHit.includes('<mark>') ? outcomesHit : null,
      countryLabel: vocab.country.get(row.country)?.[locale] ?? row.country,
      meta: hitMeta(row, vocab.country.get(row.country)?.[locale] ?? row.country, locale),
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
    facetGroups,
    facetLinks,
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
    zeroHits: null,
    selectedCount: chips.length,
    firstPageUrl: hits.length === 0 && result.total > 0 && query.page > 1 ? pageUrl(1) : null,
    title: searchTitle(locale, query.q, result.total),
  };
}

/** A text's language for its `lang` attribute: null when it is the page's own. */
function langIfOther(lang: string, locale: Locale): string | null {
  return lang === locale ? null : lang;
}

/** The document title of a search: its words and count, or the page's name. */
export function searchTitle(locale: Locale, q: string, total: number): string {
  const name = t(locale, 'search.title');
  if (!q) return name;
  return `${t(locale, 'search.quoted', { q })} – ${t(locale, total === 1 ? 'search.resultCountOne' : 'search.resultCount', { count: total })}`;
}

/** A hit's line under its title: country · places (or the place as written) · programme · period. */
function hitMeta(row: InitiativeSummary, country: string, locale: Locale): string {
  const place = row.areas.length ? row.areas.map((a) => a.name).join(', ') : row.locationText;
  const programme = row.programme ? (locale === 'en' ? row.programme.nameEn : row.programme.nameOriginal) : null;
  const period = row.periodStart || row.periodEnd ? periodText(locale, row.periodStart, row.periodEnd) : null;
  return [country, place, programme, period].filter(Boolean).join(' · ');
}

/** Values as the page renders them: each with its checkbox id. */
export function presentFacetValues(name: FacetName, values: FacetValueCount[], definitionOf: (value: string) => string | null = () => null): FacetValueView[] {
  return values.map((v) => {
    const inputId = facetInputId(name, v.value);
    const definition = definitionOf(v.value);
    return { ...v, inputId, title: v.label.length > FACET_LABEL_CLAMP ? v.label : null, definition, definitionId: definition ? `${inputId}-means` : null };
  });
}

/** The page listing every value of one facet for this search (GET /filters/:facet). */
export function facetValuesHref(locale: Locale, name: FacetName, query: SearchQuery): string {
  return searchHref(`${pathsFor(locale).prefix}/filters/${name}`, { ...query, page: 1 });
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
    ...(page.zeroHits
      ? {
          zeroHits: {
            suggestion: page.zeroHits.suggestion && { q: page.zeroHits.suggestion.q, total: page.zeroHits.suggestion.total, url: `${origin}${page.zeroHits.suggestion.url}` },
            relax: page.zeroHits.relax && { filter: page.zeroHits.relax.filter, total: page.zeroHits.relax.total, url: `${origin}${page.zeroHits.relax.url}` },
          },
        }
      : {}),
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
