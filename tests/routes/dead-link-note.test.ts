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

describe('dead-link note on an organisation website', () => {
  let org: { id: number; slug: string; website: string };
  let other: { id: number; slug: string };
  beforeAll(() => {
    const db = openDatabase(t.dbFile);
    const rows = db.sqlite.prepare(`SELECT id, slug FROM organisations ORDER BY id LIMIT 2`).all() as { id: number; slug: string }[];
    org = { ...rows[0]!, website: 'https://example.test/org-home' };
    other = rows[1]!;
    const setWebsite = db.sqlite.prepare(`UPDATE organisations SET website = ? WHERE id = ?`);
    setWebsite.run(org.website, org.id);
    setWebsite.run('https://example.test/other-home', other.id);
    const check = db.sqlite.prepare(
      `INSERT INTO organisation_website_checks (organisation_id, url, link_status, http_status, final_url, last_checked) VALUES (?, ?, ?, ?, NULL, '2026-12-01')`,
    );
    check.run(org.id, org.website, 'broken', 404);
    // A check of an address the organisation no longer has says nothing about its website.
    check.run(other.id, 'https://example.test/old-address', 'broken', 404);
    db.close();
  });

  const websiteFact = (html: string, website: string) => {
    const doc = parse(html);
    return doc.querySelectorAll('dl.facts dd').find((dd) => dd.querySelector('a')?.getAttribute('href') === website);
  };

  it('shows under the website on the organisation page, nb and en', async () => {
    const nb = websiteFact((await t.app.inject(`/organisations/${org.slug}`)).body, org.website)!;
    expect(nb.querySelector('.source__dead')?.text).toBe('Lenken svarte ikke ved siste kontroll (1. desember 2026).');
    const en = websiteFact((await t.app.inject(`/en/organisations/${org.slug}`)).body, org.website)!;
    expect(en.querySelector('.source__dead')?.text).toBe('The link did not answer at the last check (1 December 2026).');
  });

  it('shows nothing for a website that was not checked broken, nor for a stale check of another address', async () => {
    const db = openDatabase(t.dbFile);
    const website = (db.sqlite.prepare(`SELECT website FROM organisations WHERE id = ?`).get(other.id) as { website: string }).website;
    db.close();
    const res = await t.app.inject(`/en/organisations/${other.slug}`);
    expect(res.statusCode).toBe(200);
    expect(websiteFact(res.body, website)!.querySelector('.source__dead')).toBeNull();
  });
});
