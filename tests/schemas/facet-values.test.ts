// Facet values reject control characters as q does (issue 14, defect 7), with the same
// message naming the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../server/schemas/search-query.ts';
import { BadRequestError } from '../../server/errors.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('facet values', () => {
  it('reject control characters, naming the parameter', () => {
    for (const bad of ['no\u0000', 'a\u0007b', '\u001bx', 'x\u007f']) {
      let error: unknown;
      try {
        parseSearchQuery({ country: bad });
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(bad)).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).messages).toContainEqual({ key: 'validation.controlChars', params: { param: 'country' }, param: 'country' });
    }
    expect(parseSearchQuery({ country: 'no' }).filters.country).toEqual(['NO']); // one letter case (valueCase)
  });

  describe('over HTTP', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp();
    });
    afterAll(async () => t.close());

    it('gives a 400 with the message on the page and in the API', async () => {
      const page = await t.app.inject('/?theme=%01housing');
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('«theme» inneholder ugyldige tegn.');
      const api = await t.app.inject('/api/v1/initiatives?area=x%1Fy');
      expect(api.statusCode).toBe(400);
      expect(api.json().message).toMatch(/area/);
    });
  });
});
