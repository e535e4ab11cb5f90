// A search prepares no SQL statement: preparing costs more than running the small ones a
// search makes (the change-feed check before every search and every kept answer took
// longer to prepare than the whole FTS5 read of a rare word). Counted, not timed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('statements on the search path', () => {
  it('are prepared once per connection, not per search or per kept answer', async () => {
    const urls = ['/?q=park', '/?country=NO&measure=social', '/api/v1/initiatives?q=youth', '/?q=ungdommer&sort=title', '/en/?q=meeting'];
    for (const url of urls) expect((await t.app.inject(url)).statusCode).toBe(200);
    const sqlite = t.app.db.sqlite;
    const prepare = sqlite.prepare.bind(sqlite);
    const prepared: string[] = [];
    sqlite.prepare = ((sql: string) => {
      prepared.push(sql.replace(/\s+/g, ' ').trim().slice(0, 120));
      return prepare(sql);
    }) as typeof sqlite.prepare;
    try {
      for (const url of urls) {
        // Computed again (nothing kept) and then answered from the kept answers.
        t.app.answers.clear();
        t.app.embeddedSearch.clearMatchCache();
        expect((await t.app.inject(url)).statusCode).toBe(200);
        expect((await t.app.inject(url)).statusCode).toBe(200);
      }
    } finally {
      sqlite.prepare = prepare;
    }
    expect(prepared).toEqual([]);
  });
});
