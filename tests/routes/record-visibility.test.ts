// A record that is not published (draft, in review, withdrawn) answers 404 on its public
// page and its API record — of every kind, by slug and by ref — and is back when published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const KINDS = ['initiatives', 'areas', 'programmes', 'organisations', 'events', 'resources'] as const;

describe('unpublished records on public pages and the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  for (const kind of KINDS) {
    it(`hides a ${kind.slice(0, -1)} in draft or withdrawn, then shows it again`, async () => {
      const sqlite = t.app.db.sqlite;
      const { slug, ref } = sqlite.prepare(`SELECT slug, ref FROM ${kind} ORDER BY id LIMIT 1`).get() as { slug: string; ref: string };
      const urls = [`/${kind}/${slug}`, `/en/${kind}/${slug}`, `/api/v1/${kind}/${slug}`, `/api/v1/${kind}/${ref.toLowerCase()}`];
      for (const url of urls) expect((await t.app.inject(url)).statusCode, url).toBe(200);
      for (const state of ['draft', 'review', 'withdrawn']) {
        sqlite.prepare(`UPDATE ${kind} SET state = ? WHERE slug = ?`).run(state, slug);
        for (const url of urls) expect((await t.app.inject(url)).statusCode, `${state} ${url}`).toBe(404);
      }
      sqlite.prepare(`UPDATE ${kind} SET state = 'published' WHERE slug = ?`).run(slug);
      for (const url of urls) expect((await t.app.inject(url)).statusCode, url).toBe(200);
    });
  }

  it('hides the comparable initiatives of an unpublished initiative', async () => {
    const sqlite = t.app.db.sqlite;
    const { slug } = sqlite.prepare(`SELECT slug FROM initiatives ORDER BY id LIMIT 1`).get() as { slug: string };
    expect((await t.app.inject(`/api/v1/initiatives/${slug}/similar`)).statusCode).toBe(200);
    sqlite.prepare(`UPDATE initiatives SET state = 'draft' WHERE slug = ?`).run(slug);
    expect((await t.app.inject(`/api/v1/initiatives/${slug}/similar`)).statusCode).toBe(404);
    sqlite.prepare(`UPDATE initiatives SET state = 'published' WHERE slug = ?`).run(slug);
  });
});
