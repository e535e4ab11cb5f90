// A facet value's label and a facet's value order, as its registry entry says: from a
// vocabulary, a place name, a fixed list of i18n keys or a message. Shared by the search
// presenter (facets, chips) and the CSV export (name columns, value order).
import type { Locale } from '../search/types.ts';
import type { FacetDefinition } from '../search/facets.ts';
import type { SearchLabels } from './labels.ts';
import type { Label } from './labels.ts';
import { t } from '../i18n/index.ts';

export interface FacetLabel {
  label: string;
  /** False when the value is not in the facet's label source (shown as "unknown value"). */
  known: boolean;
}

/** The label of `value` in `locale`; an unknown value is named as such. */
export function labelFacetValue(facet: FacetDefinition, value: string, locale: Locale, labels: SearchLabels): FacetLabel {
  const source = facet.labels;
  let found: Label | undefined;
  let text: string | undefined;
  if (source.from === 'vocabulary') found = labels.vocab[source.kind].get(value);
  else if (source.from === 'place') found = labels.places[source.kind].get(value);
  else if (source.from === 'fixed') {
    const key = Object.hasOwn(source.keys, value) ? source.keys[value] : undefined;
    if (key !== undefined) text = t(locale, key);
  } else {
    const message = source.message(value);
    if (message) text = t(locale, message.key, message.params);
  }
  if (found) text = found[locale];
  return text === undefined ? { label: t(locale, 'search.unknownValue', { value }), known: false } : { label: text, known: true };
}

/** The codes of the facet's vocabulary or fixed list in their order, or null if it has none. */
function vocabularyOrder(facet: FacetDefinition, labels: SearchLabels): readonly string[] | null {
  const source = facet.labels;
  if (source.from === 'vocabulary') return labels.vocab.order[source.kind];
  if (source.from === 'fixed') return Object.keys(source.keys);
  return null;
}

/** A comparator of values by vocabulary (or fixed-list) rank, unknown codes last; null without one. */
export function vocabularyRank(facet: FacetDefinition, labels: SearchLabels): ((a: string, b: string) => number) | null {
  const order = vocabularyOrder(facet, labels);
  if (!order) return null;
  const rank = new Map(order.map((c, i) => [c, i]));
  return (a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9);
}

/**
 * The order of `a.localeCompare(b, 'nb')` (the same collator by definition), made once:
 * localeCompare with a locale argument builds a collator per call, which cost more than
 * the facet counting when sorting hundreds of area labels on every search.
 */
const nbCollator = new Intl.Collator('nb');

export interface SortableFacetValue {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

/** Sorts a facet's values in place in the facet's display order. */
export function sortFacetValues(facet: FacetDefinition, values: SortableFacetValue[], labels: SearchLabels): void {
  const byRank = facet.order === 'vocabulary' ? vocabularyRank(facet, labels) : null;
  if (byRank) {
    values.sort((a, b) => byRank(a.value, b.value));
  } else if (facet.order === 'numeric-desc') {
    // Numbers highest first; anything else (e.g. the unknown-period bucket) after them.
    const num = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : -Infinity);
    values.sort((a, b) => num(b.value) - num(a.value) || nbCollator.compare(a.label, b.label));
  } else if (facet.order === 'label') {
    values.sort((a, b) => nbCollator.compare(a.label, b.label));
  } else {
    values.sort((a, b) => Number(b.selected) - Number(a.selected) || b.count - a.count || nbCollator.compare(a.label, b.label));
  }
}
