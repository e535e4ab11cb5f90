// Only published records are public (domain/records/shared.ts `published`): a draft of
// any kind is absent from lists, relations on other records' pages, counts, compare, the
// dataset files, overviews, the map, comparable initiatives and the record matches beside
// search results, and is back everywhere once published again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t?.close());

const get = async (url: string) => {
  const res = await t.app.inject(url);
  expect(res.statusCode, url).toBeLessThan(500);
  return res;
};
const body = async (url: string) => (await get(url)).body;
const setState = (table: string, slug: string, state: string) =>
  t.app.db.sqlite.prepare(`UPDATE ${table} SET state = ? WHERE slug = ?`).run(state, slug);

/** Runs `check(true)` with the record published, `check(false)` as a draft, then publishes it again. */
async function whilePublishedAndDraft(table: string, slug: string, check: (shown: boolean) => Promise<void>) {
  await check(true);
  setState(table, slug, 'draft');
  try {
    await check(false);
  } finally {
    setState(table, slug, 'published');
  }
  await check(true);
}

describe('a draft initiative', () => {
  it('is not listed on its area, programme, organisation or resource pages, nor counted', async () => {
    const counts: number[] = [];
    await whilePublishedAndDraft('initiatives', 'moteplass-for-ungdom', async (shown) => {
      for (const url of ['/areas/tromso-nord', '/programmes/prog-no', '/organisations/test-kommune', '/en/resources/erfaringer-fra-testvik']) {
        expect((await body(url)).includes('/initiatives/moteplass-for-ungdom'), `${url} (${shown})`).toBe(shown);
      }
      const areas = JSON.parse(await body('/api/v1/areas')) as unknown;
      const list = (Array.isArray(areas) ? areas : ((areas as { items?: unknown[] }).items ?? [])) as { slug: string; initiativeCount: number }[];
      counts.push(list.find((a) => a.slug === 'tromso-nord')!.initiativeCount);
      const total = t.app.db.sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number;
      const data = JSON.parse(await body('/api/v1/initiatives?perPage=100')) as { total: number };
      expect(data.total).toBe(shown ? total : total - 1);
    });
    // The area's count of initiatives: one less while it was a draft.
    expect(counts).toEqual([counts[0], counts[0] - 1, counts[0]]);
  });

  it('is not in the dataset files, the overview, comparable lists or a comparison', async () => {
    await whilePublishedAndDraft('initiatives', 'moteplass-for-ungdom', async (shown) => {
      expect((await body('/data/initiatives.json')).includes('"moteplass-for-ungdom"')).toBe(shown);
      expect((await body('/data/initiatives.csv')).includes('/initiatives/moteplass-for-ungdom')).toBe(shown);
      const similar = await body('/api/v1/initiatives/tromso-medvirkning/similar');
      expect(similar.includes('"moteplass-for-ungdom"')).toBe(shown);
      const compare = await get('/compare?ids=moteplass-for-ungdom,tromso-medvirkning');
      expect(compare.statusCode).toBe(shown ? 200 : 400);
    });
  });
});

describe('a draft area, programme, organisation, event or resource', () => {
  it('area: not linked from its initiatives, not listed, not on the map list, not matched beside search results', async () => {
    await whilePublishedAndDraft('areas', 'tromso-nord', async (shown) => {
      expect((await body('/initiatives/moteplass-for-ungdom')).includes('/areas/tromso-nord')).toBe(shown);
      expect((await body('/areas')).includes('/areas/tromso-nord')).toBe(shown);
      expect((await body('/api/v1/areas')).includes('"tromso-nord"')).toBe(shown);
      expect((await body('/map')).includes('/areas/tromso-nord')).toBe(shown);
      expect((await body('/?q=Troms%C3%B8+nord')).includes('href="/areas/tromso-nord"')).toBe(shown);
    });
  });

  it('programme: not linked, not listed, not on the timeline', async () => {
    await whilePublishedAndDraft('programmes', 'prog-no', async (shown) => {
      expect((await body('/initiatives/moteplass-for-ungdom')).includes('/programmes/prog-no')).toBe(shown);
      expect((await body('/programmes')).includes('/programmes/prog-no')).toBe(shown);
      expect((await body('/programmes/timeline')).includes('/programmes/prog-no')).toBe(shown);
      expect((await body('/data/programmes.json')).includes('"prog-no"')).toBe(shown);
    });
  });

  it('organisation: not linked as lead or funder, not listed', async () => {
    await whilePublishedAndDraft('organisations', 'test-kommune', async (shown) => {
      expect((await body('/initiatives/moteplass-for-ungdom')).includes('/organisations/test-kommune')).toBe(shown);
      expect((await body('/organisations')).includes('/organisations/test-kommune')).toBe(shown);
      expect((await body('/events/testkonferansen')).includes('/organisations/test-kommune')).toBe(shown);
    });
  });

  it('event: not linked from its talks, not listed', async () => {
    await whilePublishedAndDraft('events', 'testkonferansen', async (shown) => {
      expect((await body('/resources/erfaringer-fra-testvik')).includes('/events/testkonferansen')).toBe(shown);
      expect((await body('/data/events.json')).includes('"testkonferansen"')).toBe(shown);
    });
  });

  it('resource: not on its event, its initiative or the resource list', async () => {
    await whilePublishedAndDraft('resources', 'erfaringer-fra-testvik', async (shown) => {
      expect((await body('/events/testkonferansen')).includes('/resources/erfaringer-fra-testvik')).toBe(shown);
      expect((await body('/initiatives/moteplass-for-ungdom')).includes('/resources/erfaringer-fra-testvik')).toBe(shown);
      expect((await body('/resources')).includes('/resources/erfaringer-fra-testvik')).toBe(shown);
      expect((await body('/api/v1/resources')).includes('"erfaringer-fra-testvik"')).toBe(shown);
    });
  });
});
