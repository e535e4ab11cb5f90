// The search querystring's TypeBox schema comes from the facet registry, and the parser
// checks input with the same compiled schema.
import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { parseSearchQuery, readSearchQuery, searchHref, searchQuerystringSchema } from '../../server/schemas/search-query.ts';
import { FACETS } from '../../server/search/facets.ts';
import { BadRequestError } from '../../server/errors.ts';

describe('searchQuerystringSchema', () => {
  it('declares every facet and search parameter as an optional string or list of strings', () => {
    const schema = searchQuerystringSchema(FACETS, ['limit']);
    for (const name of [...FACETS.names, 'q', 'from', 'to', 'sort', 'page', 'perPage', 'limit']) expect(schema.properties).toHaveProperty(name);
    expect(Value.Check(schema, { country: ['NO', 'SE'], q: 'x', utm_source: 'y' })).toBe(true);
    expect(Value.Check(schema, { country: 5 })).toBe(false);
  });

  it('makes the parser reject input of the wrong shape with a 400', () => {
    expect(() => parseSearchQuery({ country: { nested: true } })).toThrow(BadRequestError);
  });
});

describe('facet values reach both engines in one letter case', () => {
  // The embedded engine compares values exactly; Meilisearch's filter equality ignores
  // case. Bringing every value to its facet's case here makes both answer the same.
  it('upper-cases country codes and lower-cases slugs and codes', () => {
    const query = parseSearchQuery({ country: ['se', 'Dk', 'gb-sct'], area: 'Gardsby', measure: 'PHYSICAL', decade: 'Unknown' });
    expect(query.filters.country).toEqual(['SE', 'DK', 'GB-SCT']);
    expect(query.filters.area).toEqual(['gardsby']);
    expect(query.filters.measure).toEqual(['physical']);
    expect(query.filters.decade).toEqual(['unknown']);
  });

  it('treats two spellings of one value as one selection', () => {
    expect(parseSearchQuery({ country: ['SE', 'se'] }).filters.country).toEqual(['SE']);
  });
});

describe('readSearchQuery', () => {
  it('keeps the valid part of a search and names the parameter of each problem', () => {
    const { query, errors } = readSearchQuery({ q: 'park', country: 'NO', from: '2010', to: '2000', page: 'x', sort: 'random' });
    expect(searchHref('/', query)).toBe('/?q=park&country=NO&from=2010');
    expect(errors.map((e) => [e.param, e.key])).toEqual([
      ['to', 'validation.fromAfterTo'],
      ['sort', 'validation.sort'],
      ['page', 'validation.wholeNumber'],
    ]);
  });

  it('gives parseSearchQuery its problems: the same messages, thrown', () => {
    const raw = { from: '199' };
    expect(readSearchQuery(raw).errors).toHaveLength(1);
    expect(() => parseSearchQuery(raw)).toThrow(BadRequestError);
    expect(readSearchQuery({ q: 'x' }).errors).toEqual([]);
  });
});
