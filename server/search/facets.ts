// The facet registry: every facet a user can filter by is defined here, once. URL parsing
// and validation, the TypeBox querystring schema, both engines (the embedded facet table
// and counts, Meilisearch's filterable attributes, documents and filters), labels, value
// order, toggle links, the API and the CSV columns are all derived from these entries.
// Adding a facet is one entry below plus its labels (i18n keys or a vocabulary).
import { decadesOf } from './types.ts';
import type { FacetFields } from './documents.ts';
import type { FacetField } from './facet-fields.ts';
import type { PlaceKind, VocabularyKind } from '../domain/labels.ts';

/** Where a facet value's label comes from. */
export type FacetLabels =
  /** A controlled vocabulary read from the database (countries and terms). */
  | { from: 'vocabulary'; kind: VocabularyKind }
  /** A record's name (programme, area, organisation), by slug. */
  | { from: 'place'; kind: PlaceKind }
  /** A fixed list: value → i18n key, in display order. */
  | { from: 'fixed'; keys: Readonly<Record<string, string>> }
  /** Computed from the value; null means "unknown value". */
  | { from: 'message'; message: (value: string) => { key: string; params?: Record<string, string> } | null };

/**
 * How values are listed: in vocabulary (or fixed-list) order; selected first, then by
 * count, then by label; by label; or by number, highest first, anything else last.
 */
export type FacetOrder = 'vocabulary' | 'count' | 'label' | 'numeric-desc';

export interface FacetDefinition {
  /** URL parameter, engine field and API key. */
  name: string;
  /** i18n key of the facet's heading. */
  heading: string;
  /**
   * The field the facet files initiatives under as it stands (a vocabulary code, a slug),
   * when it is one: the facet table is then built from that field's column, without
   * calling `values` per initiative. Give either this or `values`.
   */
  field?: FacetField;
  /** The facet's values for one initiative, read from its search document (from `field` when given). */
  values: (doc: FacetFields) => string[];
  /** Whether an initiative can have several values (Meilisearch gets an array or a scalar). */
  multi: boolean;
  labels: FacetLabels;
  order: FacetOrder;
  /** CSV export: the column of the value codes, and optionally one of their names. */
  csv?: { column: string; names?: string };
  /**
   * The letter case every value of this facet is stored in (default 'lower': slugs,
   * codes, decades; 'upper' for country codes). The query parser brings a URL's value to
   * it, so `country=se` selects SE on both engines: the embedded engine compares values
   * exactly, Meilisearch's filter equality ignores case, and one canonical spelling makes
   * them agree.
   */
  valueCase?: 'upper' | 'lower';
  /**
   * How the search page shows the group: 'boxes' (the default) lists its first values as
   * check boxes; 'link', for the less used groups, is one line linking to the facet's own
   * page (every value, a form back to the search) until one of its values is chosen, when
   * the boxes show so it can be unticked in place. Keeps the page light without taking
   * any value out of reach, with or without JavaScript.
   */
  searchPage?: 'boxes' | 'link';
}

export interface FacetRegistry {
  readonly list: readonly FacetDefinition[];
  readonly names: readonly string[];
  get(name: string): FacetDefinition | undefined;
  /** A filter object with every facet empty, in registry order. */
  emptyFilters(): Record<string, string[]>;
}

/** Parameters that are not facets; a facet may not take their names. */
export const RESERVED_PARAMETERS = ['q', 'from', 'to', 'sort', 'page', 'perPage', 'limit', 'lang'] as const;

/** The counting pass gives each facet one bit of a 16-bit mask. */
export const MAX_FACETS = 16;

/** A facet as defined: `values` may be left to `field`. */
export type FacetSpec = Omit<FacetDefinition, 'values'> & { values?: FacetDefinition['values'] };

const fieldReaders = new Map<FacetField, FacetDefinition['values']>();

/** The values of a facet defined by `field`: the field's list, or its one value. */
function fieldValues(field: FacetField): FacetDefinition['values'] {
  let read = fieldReaders.get(field);
  if (!read) {
    read = (doc) => {
      const value = doc[field];
      return typeof value === 'string' ? [value] : value;
    };
    fieldReaders.set(field, read);
  }
  return read;
}

/** Builds a registry from a list of definitions (the app's is FACETS; tests build others). */
export function defineFacets(specs: readonly FacetSpec[]): FacetRegistry {
  const byName = new Map<string, FacetDefinition>();
  const list: FacetDefinition[] = [];
  for (const spec of specs) {
    // A definition spread from a registry's carries its field's own reader: still one source.
    if (spec.field && spec.values && spec.values !== fieldValues(spec.field)) {
      throw new Error(`facet "${spec.name}" gives both a field and values: give one`);
    }
    if (!spec.field && !spec.values) throw new Error(`facet "${spec.name}" needs a field or values`);
    if (!/^[a-z][A-Za-z0-9]*$/.test(spec.name)) throw new Error(`facet name "${spec.name}" must be a plain identifier`);
    const f: FacetDefinition = { ...spec, values: spec.values ?? fieldValues(spec.field!) };
    list.push(f);
    if ((RESERVED_PARAMETERS as readonly string[]).includes(f.name)) throw new Error(`facet name "${f.name}" is a reserved parameter`);
    if (byName.has(f.name)) throw new Error(`facet "${f.name}" is defined twice`);
    byName.set(f.name, f);
  }
  if (list.length > MAX_FACETS) throw new Error(`at most ${MAX_FACETS} facets`);
  const names = list.map((f) => f.name);
  return {
    list,
    names,
    get: (name) => byName.get(name),
    emptyFilters: () => Object.fromEntries(names.map((n) => [n, [] as string[]])),
  };
}

/** The decade value of initiatives with no period at all. */
export const UNKNOWN_DECADE = 'unknown';

/** The decades an initiative's period touches, or the unknown-period bucket. */
export function decadeValues(doc: Pick<FacetFields, 'periodStart' | 'periodEnd'> & Partial<Pick<FacetFields, 'status'>>): string[] {
  const decades = decadesOf(doc.periodStart, doc.periodEnd, doc.status?.[0]);
  return decades.length > 0 ? decades : [UNKNOWN_DECADE];
}

/** Every facet of the app's registry empty (see FacetRegistry.emptyFilters). */
export function emptyFilters(): Record<string, string[]> {
  return FACETS.emptyFilters();
}

/** The app's facets, in the order the page shows them. */
export const FACETS = defineFacets([
  {
    name: 'country',
    heading: 'facet.country',
    field: 'country',
    multi: false,
    valueCase: 'upper',
    labels: { from: 'vocabulary', kind: 'country' },
    order: 'vocabulary',
    csv: { column: 'country' },
  },
  {
    name: 'programme',
    heading: 'facet.programme',
    // Several per initiative: the programme it is part of and the one that funded it.
    field: 'programme',
    multi: true,
    labels: { from: 'place', kind: 'programme' },
    order: 'count',
    csv: { column: 'programme', names: 'programme_name' },
  },
  {
    name: 'area',
    heading: 'facet.area',
    field: 'areas',
    multi: true,
    labels: { from: 'place', kind: 'area' },
    order: 'count',
    csv: { column: 'areas', names: 'area_names' },
  },
  {
    name: 'measure',
    heading: 'facet.measure',
    field: 'measure',
    multi: true,
    labels: { from: 'vocabulary', kind: 'measure' },
    order: 'vocabulary',
    csv: { column: 'measure_types' },
  },
  {
    name: 'theme',
    heading: 'facet.theme',
    field: 'theme',
    multi: true,
    labels: { from: 'vocabulary', kind: 'theme' },
    order: 'count',
    csv: { column: 'themes' },
  },
  {
    name: 'target',
    heading: 'facet.target',
    field: 'target',
    multi: true,
    labels: { from: 'vocabulary', kind: 'target' },
    order: 'count',
    csv: { column: 'target_groups' },
  },
  {
    name: 'participation',
    heading: 'facet.participation',
    field: 'participation',
    multi: true,
    labels: { from: 'vocabulary', kind: 'participation-method' },
    order: 'count',
    csv: { column: 'participation_methods' },
  },
  {
    name: 'anchoring',
    heading: 'facet.anchoring',
    field: 'anchoring',
    multi: true,
    labels: { from: 'vocabulary', kind: 'anchoring' },
    order: 'vocabulary',
    csv: { column: 'anchoring' },
  },
  {
    name: 'continuation',
    heading: 'facet.continuation',
    field: 'continuation',
    multi: false,
    labels: { from: 'vocabulary', kind: 'continuation' },
    order: 'vocabulary',
    csv: { column: 'continuation' },
    searchPage: 'link',
  },
  {
    name: 'organisation',
    heading: 'facet.organisation',
    field: 'organisation',
    multi: true,
    labels: { from: 'place', kind: 'organisation' },
    order: 'count',
    csv: { column: 'organisations', names: 'organisation_names' },
    searchPage: 'link',
  },
  {
    name: 'evidence',
    heading: 'facet.evidence',
    field: 'evidence',
    multi: false,
    labels: { from: 'vocabulary', kind: 'evidence' },
    order: 'vocabulary',
    csv: { column: 'evidence_level' },
    searchPage: 'link',
  },
  {
    name: 'status',
    heading: 'facet.status',
    field: 'status',
    multi: false,
    labels: { from: 'vocabulary', kind: 'status' },
    order: 'vocabulary',
    csv: { column: 'status' },
    searchPage: 'link',
  },
  {
    name: 'decade',
    heading: 'facet.decade',
    values: decadeValues,
    multi: true,
    labels: {
      from: 'message',
      message: (v) =>
        v === UNKNOWN_DECADE ? { key: 'facet.decadeUnknown' } : /^\d{4}$/.test(v) ? { key: 'facet.decadeValue', params: { decade: v } } : null,
    },
    order: 'numeric-desc',
    searchPage: 'link',
  },
]);
