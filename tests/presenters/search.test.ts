// presentSearch: what the page renders of a large facet, and what the API keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { FACET_VALUES_INLINE, presentSearch, toApiResult } from '../../server/presenters/search.ts';
import { type EngineResult, type FacetCount } from '../../server/search/types.ts';
import { FACETS } from '../../server/search/facets.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';
import { q } from '../search/contract.ts';

describe('presentSearch with a large facet', () => {
  let handle: DatabaseHandle;
  beforeAll(() => {
    handle = createTestDatabase();
  });
  afterAll(() => {
    handle.close();
    removeDbFile(handle.file);
  });

  const areas: FacetCount[] = Array.from({ length: 60 }, (_, i) => ({ value: `area-${i}`, count: 100 - i, selected: false }));
  const result = (selected: string[]): EngineResult => ({
    engine: 'test',
    total: 0,
    hits: [],
    facets: Object.fromEntries(
      FACETS.names.map((f) => [f, f === 'area' ? areas.map((a) => ({ ...a, selected: selected.includes(a.value) })) : []]),
    ) as EngineResult['facets'],
  });

  it('renders the values with most hits and links to all of them', () => {
    const page = presentSearch(handle.sqlite, q({ q: 'park' }), result([]));
    const area = page.facets.find((f) => f.name === 'area')!;
    expect(area.shown.map((v) => v.value)).toEqual(Array.from({ length: FACET_VALUES_INLINE }, (_, i) => `area-${i}`));
    expect(area.allUrl).toBe('/filters/area?q=park');
    expect(toApiResult(page).facets.area).toHaveLength(60);
    // A facet with no more values than the page lists has no "show all".
    expect(page.facets.find((f) => f.name === 'country')!.allUrl).toBeNull();
  });

  it('always renders a selected value, however few its hits', () => {
    const page = presentSearch(handle.sqlite, q({ filters: { area: ['area-59'] } }), result(['area-59']));
    const area = page.facets.find((f) => f.name === 'area')!;
    // Chosen values come first, then those with most hits.
    expect(area.shown.map((v) => v.value)).toEqual(['area-59', ...Array.from({ length: FACET_VALUES_INLINE - 1 }, (_, i) => `area-${i}`)]);
    expect(area.shown.find((v) => v.value === 'area-59')).toMatchObject({ selected: true, inputId: 'f-area-area-59' });
    expect(area.allUrl).toBe('/filters/area?area=area-59');
  });

  it('labels the unknown-period bucket and lists it after the decades', () => {
    const decades: EngineResult = {
      ...result([]),
      facets: { ...result([]).facets, decade: [{ value: 'unknown', count: 1, selected: false }, { value: '1990', count: 2, selected: false }, { value: '2000', count: 7, selected: false }] },
    };
    const nb = presentSearch(handle.sqlite, q(), decades).facets.find((f) => f.name === 'decade')!;
    expect(nb.values.map((v) => [v.value, v.label])).toEqual([['2000', '2000-tallet'], ['1990', '1990-tallet'], ['unknown', 'Ukjent periode']]);
    const en = presentSearch(handle.sqlite, q({ locale: 'en' }), decades).facets.find((f) => f.name === 'decade')!;
    expect(en.values.at(-1)).toMatchObject({ value: 'unknown', label: 'Unknown period', known: true });
  });
});
