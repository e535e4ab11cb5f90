// The search parameters shared by the page and the API: one parser, one set of rules,
// one set of messages. Input is the raw query string object (values may repeat).
import { BadRequestError, type MessageRef } from '../errors.ts';
import {
  SORTS,
  type Locale,
  type SearchQuery,
  type SortOrder,
} from '../search/types.ts';
import { MAX_QUERY_LENGTH } from '../search/text.ts';
import { FACETS, type FacetRegistry } from '../search/facets.ts';
import { Type, type Static, type TObject, type TOptional, type TUnion, type TString, type TArray } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
export const MAX_PAGE = 10_000;
export const MAX_FACET_VALUES = 50;
export const MAX_FACET_VALUE_LENGTH = 120;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

type RawQuery = Record<string, unknown>;

/** Control characters no search text or facet value has (tab and line breaks aside in q, which are trimmed or folded). */
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A query-string value: given once, or repeated. */
const ParameterSchema = Type.Union([Type.String(), Type.Array(Type.String())]);
type Parameter = TOptional<TUnion<[TString, TArray<TString>]>>;

const SEARCH_PARAMETERS = ['q', 'from', 'to', 'sort', 'page', 'perPage'] as const;

/**
 * The search query string as a TypeBox schema, derived from the facet registry: every
 * search parameter and every facet an optional string or list of strings; other
 * parameters are allowed (and ignored). Routes attach it as `schema: { querystring }`
 * (types and Fastify's validation) and parseSearchQuery checks input with the same
 * compiled schema before applying the rules below, which give the app's own messages.
 */
export function searchQuerystringSchema(facets: FacetRegistry = FACETS, extra: readonly string[] = []): TObject<Record<string, Parameter>> {
  const properties: Record<string, Parameter> = {};
  for (const name of [...SEARCH_PARAMETERS, ...facets.names, ...extra]) properties[name] = Type.Optional(ParameterSchema);
  return Type.Object(properties, { additionalProperties: true });
}

export type SearchQuerystring = Static<ReturnType<typeof searchQuerystringSchema>>;

const compiled = new WeakMap<FacetRegistry, TypeCheck<TObject<Record<string, Parameter>>>>();

function checkShape(raw: RawQuery, facets: FacetRegistry): boolean {
  let check = compiled.get(facets);
  if (!check) {
    check = TypeCompiler.Compile(searchQuerystringSchema(facets));
    compiled.set(facets, check);
  }
  return check.Check(raw);
}

function values(raw: RawQuery, key: string): string[] {
  const v = raw[key];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((x) => String(x));
  return [String(v)];
}

function single(raw: RawQuery, key: string, errors: FieldError[]): string | undefined {
  const all = values(raw, key);
  if (all.length > 1) {
    errors.push({ key: 'validation.once', params: { param: key }, param: key });
    return undefined;
  }
  const v = all[0]?.trim();
  return v === '' ? undefined : v;
}

function wholeNumber(
  raw: RawQuery,
  key: string,
  min: number,
  max: number,
  errors: FieldError[],
): number | null {
  const v = single(raw, key, errors);
  if (v === undefined) return null;
  if (!/^\d{1,9}$/.test(v)) {
    errors.push({ key: 'validation.wholeNumber', params: { param: key, min, max }, param: key });
    return null;
  }
  const n = Number(v);
  if (n < min || n > max) {
    errors.push({ key: 'validation.range', params: { param: key, min, max }, param: key });
    return null;
  }
  return n;
}

/** A problem with one parameter: its message and the parameter it is about. */
export interface FieldError extends MessageRef {
  param: string;
}

/** The search a URL asks for, with its invalid parameters left out, and what was wrong. */
export interface ReadSearchQuery {
  /** The valid part: an invalid parameter is at its default. */
  query: SearchQuery;
  errors: FieldError[];
}

/**
 * A facet value in the letter case its facet stores (FacetDefinition.valueCase): the one
 * place where both engines get the same value, since the embedded engine matches exactly
 * and Meilisearch's filters ignore case.
 */
export function canonicalFacetValue(facets: FacetRegistry, facet: string, value: string): string {
  return facets.get(facet)?.valueCase === 'upper' ? value.toUpperCase() : value.toLowerCase();
}

/**
 * Parses and validates search parameters. Throws BadRequestError listing every problem
 * (so the user can fix them all at once); unknown parameters are ignored.
 */
export function parseSearchQuery(raw: RawQuery, locale: Locale = 'nb', facets: FacetRegistry = FACETS): SearchQuery {
  const { query, errors } = readSearchQuery(raw, locale, facets);
  if (errors.length > 0) throw new BadRequestError(errors);
  return query;
}

/**
 * Reads search parameters without throwing: the valid part of the search and every
 * problem, each naming its parameter (the page shows a problem next to its field and
 * offers the valid part as the way back).
 */
export function readSearchQuery(raw: RawQuery, locale: Locale = 'nb', facets: FacetRegistry = FACETS): ReadSearchQuery {
  const empty = (): SearchQuery => ({
    q: '',
    filters: facets.emptyFilters(),
    from: null,
    to: null,
    sort: 'relevance',
    page: 1,
    perPage: DEFAULT_PER_PAGE,
    locale,
  });
  // Anything a query-string parser produces passes; an object from elsewhere may not.
  if (!checkShape(raw, facets)) return { query: empty(), errors: [{ key: 'error.badRequest', param: '' }] };
  const errors: FieldError[] = [];
  const query = empty();

  const q = values(raw, 'q');
  if (q.length > 1) errors.push({ key: 'validation.once', params: { param: 'q' }, param: 'q' });
  else if (q.length === 1) {
    const text = q[0].trim();
    if (text.length > MAX_QUERY_LENGTH) {
      errors.push({ key: 'validation.queryTooLong', params: { max: MAX_QUERY_LENGTH }, param: 'q' });
    } else if (CONTROL_CHARS.test(text)) {
      errors.push({ key: 'validation.controlChars', params: { param: 'q' }, param: 'q' });
    } else query.q = text;
  }

  for (const facet of facets.names) {
    const list = values(raw, facet)
      .map((v) => canonicalFacetValue(facets, facet, v.trim()))
      .filter((v) => v !== '');
    if (list.length > MAX_FACET_VALUES) {
      errors.push({ key: 'validation.tooManyValues', params: { param: facet, max: MAX_FACET_VALUES }, param: facet });
      continue;
    }
    if (list.some((v) => v.length > MAX_FACET_VALUE_LENGTH)) {
      errors.push({ key: 'validation.valueTooLong', params: { param: facet, max: MAX_FACET_VALUE_LENGTH }, param: facet });
      continue;
    }
    if (list.some((v) => CONTROL_CHARS.test(v))) {
      errors.push({ key: 'validation.controlChars', params: { param: facet }, param: facet });
      continue;
    }
    query.filters[facet] = [...new Set(list)];
  }

  query.from = wholeNumber(raw, 'from', MIN_YEAR, MAX_YEAR, errors);
  query.to = wholeNumber(raw, 'to', MIN_YEAR, MAX_YEAR, errors);
  if (query.from !== null && query.to !== null && query.from > query.to) {
    errors.push({ key: 'validation.fromAfterTo', params: { from: query.from, to: query.to }, param: 'to' });
    query.to = null;
  }

  const sort = single(raw, 'sort', errors);
  if (sort !== undefined) {
    if ((SORTS as readonly string[]).includes(sort)) query.sort = sort as SortOrder;
    else errors.push({ key: 'validation.sort', params: { allowed: SORTS.join(', ') }, param: 'sort' });
  }

  query.page = wholeNumber(raw, 'page', 1, MAX_PAGE, errors) ?? 1;
  query.perPage = wholeNumber(raw, 'perPage', 1, MAX_PER_PAGE, errors) ?? DEFAULT_PER_PAGE;

  return { query, errors };
}

/**
 * The canonical query string for a search (only non-default parameters, stable order),
 * used for every link the server builds: toggles, chips, pages, sort, language switch.
 */
export function buildSearchParams(query: SearchQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (query.q) p.set('q', query.q);
  // Filters are in registry order (parseSearchQuery builds them from emptyFilters()).
  for (const [facet, values] of Object.entries(query.filters)) for (const v of values) p.append(facet, v);
  if (query.from !== null) p.set('from', String(query.from));
  if (query.to !== null) p.set('to', String(query.to));
  if (query.sort !== 'relevance') p.set('sort', query.sort);
  if (query.perPage !== DEFAULT_PER_PAGE) p.set('perPage', String(query.perPage));
  if (query.page !== 1) p.set('page', String(query.page));
  return p;
}

export function searchHref(base: string, query: SearchQuery): string {
  const s = buildSearchParams(query).toString();
  return s ? `${base}?${s}` : base;
}
