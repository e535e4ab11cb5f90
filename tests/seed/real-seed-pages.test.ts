// Every record of the shipped seed renders: each initiative, area, programme,
// organisation, event and resource page answers 200 in both languages, and every
// permalink leads to it. Catches a template that breaks on real data the fixture lacks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeedCatalogue } from '../../seed/catalogue.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { RECORD_ROUTES } from '../../server/presenters/records.ts';

describe('the real seed, page by page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ catalogue: readSeedCatalogue() });
  });
  afterAll(async () => t.close());

  const TABLES = {
    initiative: 'initiatives',
    area: 'areas',
    programme: 'programmes',
    organisation: 'organisations',
    event: 'events',
    resource: 'resources',
  } as const;

  for (const [kind, table] of Object.entries(TABLES) as [keyof typeof TABLES, (typeof TABLES)[keyof typeof TABLES]][]) {
    it(`renders every ${kind} page in both languages, and its permalink leads there`, async () => {
      const rows = t.app.db.sqlite.prepare(`SELECT ref, slug FROM ${table} ORDER BY id`).all() as { ref: string; slug: string }[];
      const seeded = readSeedCatalogue()[table].length;
      expect(rows).toHaveLength(seeded);
      for (const { ref, slug } of rows) {
        for (const prefix of ['', '/en']) {
          const url = `${prefix}${RECORD_ROUTES[kind].path}/${slug}`;
          const res = await t.app.inject(url);
          expect(res.statusCode, url).toBe(200);
          expect(res.body, url).toContain('class="ds-link permalink"');
        }
        const permalink = await t.app.inject(`${RECORD_ROUTES[kind].permalink}/${ref}`);
        expect([permalink.statusCode, permalink.headers.location], ref).toEqual([301, `${RECORD_ROUTES[kind].path}/${slug}`]);
      }
    });
  }

  it('renders the lists and answers the API for every record', async () => {
    for (const url of ['/programmes', '/areas', '/organisations', '/resources', '/en/organisations', '/en/resources']) {
      expect((await t.app.inject(url)).statusCode, url).toBe(200);
    }
    for (const [kind, table] of Object.entries(TABLES)) {
      for (const slug of t.app.db.sqlite.prepare(`SELECT slug FROM ${table}`).pluck().all() as string[]) {
        const res = await t.app.inject(`/api/v1${RECORD_ROUTES[kind as keyof typeof TABLES].path}/${slug}`);
        expect(res.statusCode, `${kind} ${slug}`).toBe(200);
      }
    }
  });
});
