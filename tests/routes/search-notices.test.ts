// Notices on answers that are not complete: `country=se` selects SE (one letter case for
// both engines), and an answer the engine cut off (Meilisearch's `degraded: true`) is shown
// as incomplete on the page and in the API, never as a complete answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('search notices', () => {
  let t: TestApp;
  let cutOff = false;
  beforeAll(async () => {
    t = await buildTestApp({
      // The embedded engine plays Meilisearch here, whose answers are not kept (app.answers).
      env: { SEARCH_ANSWER_CACHE_MB: '0' },
      beforeReady: (app) => {
        // Play an engine that stopped at its cut-off (as Meilisearch reports it).
        const search = app.embeddedSearch.search.bind(app.embeddedSearch);
        app.embeddedSearch.search = async (query) => {
          const result = await search(query);
          return cutOff ? { ...result, incomplete: true } : result;
        };
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('matches a facet value typed in another case like the stored one', async () => {
    const lower = (await t.app.inject('/api/v1/initiatives?country=se')).json();
    const upper = (await t.app.inject('/api/v1/initiatives?country=SE')).json();
    expect(lower.total).toBeGreaterThan(0);
    expect(lower.total).toBe(upper.total);
    expect(lower.facets.country.find((f: { value: string }) => f.value === 'SE')).toMatchObject({ selected: true });
  });

  it('says nothing about completeness on a complete answer', async () => {
    cutOff = false;
    const api = (await t.app.inject('/api/v1/initiatives?q=glen')).json();
    expect(api).not.toHaveProperty('incomplete');
    const html = parse((await t.app.inject('/?q=glen')).body);
    expect(html.querySelector('.notice--incomplete')).toBeNull();
  });

  it('shows a cut-off answer as incomplete, on the page (both languages) and in the API', async () => {
    cutOff = true;
    const api = (await t.app.inject('/api/v1/initiatives?q=glen')).json();
    expect(api.incomplete).toBe(true);
    const nb = parse((await t.app.inject('/?q=glen')).body);
    expect(nb.querySelector('.notice--incomplete')?.text).toMatch(/ufullstendig/);
    const en = parse((await t.app.inject('/en/?q=glen')).body);
    expect(en.querySelector('.notice--incomplete')?.text).toMatch(/incomplete/);
    cutOff = false;
  });
});
