// A source last checked as broken carries the dead-link note on the record page, in both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { openDatabase } from '../../db/client.ts';

let t: TestApp;
let slug = '';
beforeAll(async () => {
  t = await buildTestApp();
  const db = openDatabase(t.dbFile);
  const row = db.sqlite
    .prepare(`SELECT i.slug, s.source_id FROM initiatives i JOIN initiative_sources s ON s.initiative_id = i.id WHERE i.state = 'published' LIMIT 1`)
    .get() as { slug: string; source_id: number };
  slug = row.slug;
  db.sqlite.prepare(`UPDATE sources SET link_status = 'broken', http_status = 404, last_checked = '2026-12-01' WHERE id = ?`).run(row.source_id);
  db.close();
});
afterAll(() => t.close());

describe('dead-link note', () => {
  it('shows under the source on the initiative page, nb and en', async () => {
    const nb = parse((await t.app.inject(`/initiatives/${slug}`)).body);
    expect(nb.querySelectorAll('.sources .source__dead').map((e) => e.text)).toContain('Lenken svarte ikke ved siste kontroll (1. desember 2026).');
    const en = parse((await t.app.inject(`/en/initiatives/${slug}`)).body);
    expect(en.querySelectorAll('.sources .source__dead').map((e) => e.text)).toContain('The link did not answer at the last check (1 December 2026).');
  });
});
