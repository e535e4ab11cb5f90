// A search for a place, a programme, an organisation, a speaker or a talk title shows
// the matching records beside the initiative results (first page, both languages).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('record matches on the search page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  const groups = async (url: string) => {
    const html = parse((await t.app.inject(url)).body);
    return Object.fromEntries(
      html.querySelectorAll('.record-matches__group').map((g) => [
        g.getAttribute('data-kind'),
        g.querySelectorAll('a').map((a) => [a.text, a.getAttribute('href')]),
      ]),
    );
  };

  it('finds a talk by its speaker and links it', async () => {
    expect(await groups('/?q=Kari+Testesen')).toEqual({ resource: [['Erfaringer fra Testvik', '/resources/erfaringer-fra-testvik']] });
    expect(await groups('/en/?q=Kari+Testesen')).toEqual({ resource: [['Lessons from Testvik', '/en/resources/erfaringer-fra-testvik']] });
  });

  it('finds an organisation by its short name, and an area and programme by their names', async () => {
    expect((await groups('/?q=TB')).organisation).toEqual([['Testbanken', '/organisations/test-bank']]);
    expect((await groups('/?q=Gårdsby')).area).toEqual([['Gårdsby', '/areas/gardsby']]);
    expect((await groups('/?q=Storstadstest')).programme).toEqual([['Storstadstest', '/programmes/prog-se']]);
  });

  it('shows nothing without words, on later pages, or in the fragment when nothing matches', async () => {
    expect(await groups('/')).toEqual({});
    expect(await groups('/?q=Testvik&page=2')).toEqual({});
    expect(await groups('/?q=zzzyx')).toEqual({});
  });

  it('escapes record names', async () => {
    t.app.db.sqlite.prepare(`UPDATE organisations SET name = '<b>Testbanken</b>' WHERE slug = 'test-bank'`).run();
    const body = (await t.app.inject('/?q=Testbanken')).body;
    expect(body).toContain('&lt;b&gt;Testbanken&lt;/b&gt;');
    expect(body).not.toContain('<b>Testbanken</b>');
  });
});
