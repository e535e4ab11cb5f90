// The facet registry: a facet registered in one place (one entry) shows up in the URL
// parser, the engine's counts, the API JSON and the CSV header, with no other change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACETS, defineFacets, type FacetDefinition } from '../../server/search/facets.ts';
import { parseSearchQuery, searchHref } from '../../server/schemas/search-query.ts';
import { BadRequestError } from '../../server/errors.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

/** A test-only facet: the first letter of the slug. */
const INITIAL: FacetDefinition = {
  name: 'initial',
  heading: 'facet.initial',
  values: (doc) => [doc.slug[0]],
  multi: false,
  labels: { from: 'message', message: (v) => (/^[a-z]$/.test(v) ? { key: 'facet.initialValue', params: { letter: v.toUpperCase() } } : null) },
  order: 'label',
  csv: { column: 'initial' },
};
const REGISTRY = defineFacets([...FACETS.list, INITIAL]);

describe('a facet registered in one place', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ facets: REGISTRY });
  });
  afterAll(async () => t.close());

  it('is parsed, validated and written back by the URL parser', () => {
    const query = parseSearchQuery({ initial: ['g', 'g', ' p '], country: 'NO' }, 'nb', REGISTRY);
    expect(query.filters.initial).toEqual(['g', 'p']);
    expect(searchHref('/', query)).toBe('/?country=NO&initial=g&initial=p');
    expect(() => parseSearchQuery({ initial: 'x'.repeat(121) }, 'nb', REGISTRY)).toThrow(BadRequestError);
    // The app's own registry does not know it: an unknown parameter is ignored.
    expect(parseSearchQuery({ initial: 'g' }).filters).not.toHaveProperty('initial');
  });

  it('is counted by the engine and shown in the API JSON', async () => {
    const all = (await t.app.inject('/api/v1/initiatives')).json();
    // Fixture slugs: glen-housing, glen-jobs, gronne-gardrum start with g.
    expect(all.facets.initial).toContainEqual({ value: 'g', label: 'facet.initialValue', count: 3, selected: false });
    const res = await t.app.inject('/api/v1/initiatives?initial=g&country=GB-SCT');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    // Disjunctive: its own selection is left out when counting it.
    expect(body.facets.initial).toContainEqual({ value: 'g', label: 'facet.initialValue', count: 2, selected: true });
    expect(body.facets.country).toContainEqual(expect.objectContaining({ value: 'DK', count: 1 }));
  });

  it('renders on the page and is a CSV column', async () => {
    const page = await t.app.inject('/?initial=k');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-facet="initial"');
    const csv = await t.app.inject('/export.csv?initial=k');
    const [header, row] = csv.body.replace(/^\ufeff/, '').split('\r\n');
    const columns = header.split(',').map((c) => JSON.parse(c));
    expect(columns).toContain('initial');
    expect(row.split(',')[columns.indexOf('initial')]).toBe('"k"');
  });

  it('refuses a facet that takes a reserved name or is defined twice', () => {
    expect(() => defineFacets([{ ...INITIAL, name: 'page' }])).toThrow(/reserved/);
    expect(() => defineFacets([INITIAL, INITIAL])).toThrow(/twice/);
  });

  it('takes a field or values, not both and not neither; a field gives its values', () => {
    const { values: _values, ...bare } = INITIAL;
    expect(() => defineFacets([bare])).toThrow(/needs a field or values/);
    expect(() => defineFacets([{ ...INITIAL, field: 'status' }])).toThrow(/both a field and values/);
    const [byField] = defineFacets([{ ...bare, name: 'place', field: 'country' }, { ...bare, name: 'ways', field: 'participation' }]).list;
    const doc = { ...FACETS.list[0], country: 'NO' } as unknown as Parameters<FacetDefinition['values']>[0];
    expect(byField.values(doc)).toEqual(['NO']);
    // A definition spread from a registry keeps its field's reader: still one source.
    expect(() => defineFacets(FACETS.list.map((f) => ({ ...f })))).not.toThrow();
  });
});
