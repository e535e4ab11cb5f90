// The record pages of every kind, in both languages, parsed: what each page shows and in
// which order, what it leaves out when empty, permalinks and old slugs (301 to the
// current page), 404s for unknown records and 400s for bad list filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type HTMLElement } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { recordFixture } from '../fixtures/records.ts';
import { importCatalogue } from '../../server/domain/import-catalogue.ts';
import { openDatabase } from '../../db/client.ts';

describe('record pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ catalogue: recordFixture() });
  });
  afterAll(async () => t.close());

  const page = async (url: string, status = 200): Promise<HTMLElement> => {
    const res = await t.app.inject(url);
    expect(res.statusCode, url).toBe(status);
    expect(res.headers['content-type'], url).toContain('text/html');
    return parse(res.body);
  };
  const texts = (doc: HTMLElement, selector: string) => doc.querySelectorAll(selector).map((e) => e.text.trim());

  describe('initiative', () => {
    it("answers a planner's questions in order, leaving nothing blank", async () => {
      const doc = await page('/initiatives/moteplass-for-ungdom');
      expect(texts(doc, 'article > section > h2')).toEqual([
        'Hva tiltaket gikk ut på',
        'Slik deltok beboerne',
        'Forankring og videreføring',
        'Hvem ledet og betalte',
        'Hva det førte til',
        'Erfaringer',
        'Relaterte tiltak',
        'Sammenlignbare tiltak',
        'Foredrag og dokumenter',
        'Kilder',
        'Om denne oppføringen',
        'Siter',
      ]);
      for (const section of doc.querySelectorAll('article > section')) expect(section.text.replace(section.querySelector('h2')!.text, '').trim()).not.toBe('');
    });

    it('shows participation with the method and its definition, who, how many, stage and influence', async () => {
      const entry = (await page('/initiatives/moteplass-for-ungdom')).querySelector('.participation-entry')!;
      expect(entry.querySelector('h3')?.text).toBe('Dør-til-dør-samtaler');
      expect(entry.querySelector('.term-definition')?.text).toMatch(/banker på dører/);
      const facts = Object.fromEntries(entry.querySelectorAll('dt').map((dt) => [dt.text, dt.nextElementSibling?.text]));
      expect(facts).toMatchObject({ Hvem: 'Beboerne i blokkene', 'Antall deltakere': '120', Fase: 'Analyse' });
      expect(facts.Innflytelse).toMatch(/^Konsultere/);
      expect(entry.querySelector('.entry-source a')?.getAttribute('href')).toBe('https://example.test/source-1');
    });

    it('links organisations with their roles, programmes with theirs, and funding with amount, year and funder', async () => {
      const actors = (await page('/initiatives/moteplass-for-ungdom')).querySelector('#actors')!;
      const orgs = actors.querySelectorAll('ul')[0].querySelectorAll('li').map((li) => [li.querySelector('a')?.getAttribute('href'), li.querySelector('.record-list__meta')?.text]);
      expect(orgs).toEqual([
        ['/organisations/test-kommune', '(Ansvarlig)'],
        ['/organisations/test-bank', '(Finansiør)'],
      ]);
      expect(actors.querySelector('a[href="/programmes/prog-no"]')?.parentNode?.text).toContain('Del av');
      const funding = actors.querySelector('.funding li')!;
      expect(funding.querySelector('strong')?.text.replace(/\s/g, ' ')).toBe('2 000 000 kr');
      expect(funding.text).toContain('(2009)');
      expect(funding.querySelector('a[href="/organisations/test-bank"]')).not.toBeNull();
      // Written only in English: shown with its language and marked as such.
      expect(funding.querySelector('span[lang="en"]')?.text).toBe('Grant for the youth house.');
      expect(funding.querySelector('.note')?.text).toBe('(bare på engelsk)');
    });

    it('shows outcomes in the other language with a note, and the evidence level with its definition', async () => {
      const results = (await page('/initiatives/moteplass-for-ungdom')).querySelector('#results')!;
      expect(results.querySelector('.note')?.text).toBe('Teksten finnes foreløpig bare på engelsk.');
      expect(results.querySelector('p[lang="en"]')?.text).toBe('Around 200 visitors a week.');
      expect(results.querySelector('.evidence h3')?.text).toBe('Dokumentasjon av resultater: Beskrevet av de ansvarlige');
      expect(results.querySelector('.evidence .term-definition')?.text).toMatch(/uten tall eller ekstern kontroll/);
      const en = (await page('/en/initiatives/moteplass-for-ungdom')).querySelector('#results')!;
      expect(en.querySelector('.note')).toBeNull();
      expect(en.querySelector('.evidence h3')?.text).toBe('Evidence of results: Described by those responsible');
    });

    it('marks a copy as a copy with the original publisher, and gives each source its kind', async () => {
      const items = (await page('/initiatives/moteplass-for-ungdom')).querySelectorAll('.sources__list li');
      expect(items.map((li) => li.querySelector('.source__kind')?.getAttribute('data-kind'))).toEqual(['publisher', 'copy']);
      expect(items[1].querySelector('.source__copy')?.text).toBe('Kopi. Originalen er utgitt av Testinstituttet.');
      expect(items[0].querySelector('.source__copy')).toBeNull();
    });

    it('lists related initiatives and linked talks, and shows the permalink and last check', async () => {
      const doc = await page('/initiatives/moteplass-for-ungdom');
      expect(doc.querySelector('#related a')?.getAttribute('href')).toBe('/initiatives/park-og-turvei');
      expect(doc.querySelector('#resources a')?.getAttribute('href')).toBe('/resources/erfaringer-fra-testvik');
      expect(doc.querySelector('.permalink')?.getAttribute('href')).toBe('/i/moteplass-for-ungdom');
      expect(doc.querySelector('.record-quality')?.text).toContain('2. november 2026');
      expect((await page('/en/initiatives/moteplass-for-ungdom')).querySelector('.permalink')?.getAttribute('href')).toBe('/en/i/moteplass-for-ungdom');
    });

    it('leaves out every section an initiative has nothing for', async () => {
      const doc = await page('/initiatives/park-og-turvei');
      expect(texts(doc, 'article > section > h2')).toEqual(['Hva tiltaket gikk ut på', 'Hvem ledet og betalte', 'Sammenlignbare tiltak', 'Kilder', 'Om denne oppføringen', 'Siter']);
      for (const id of ['participation', 'anchoring', 'results', 'lessons', 'related', 'resources']) expect(doc.querySelector(`#${id}`), id).toBeNull();
    });

    it('says when an end is unknown', async () => {
      const facts = (await page('/initiatives/tromso-medvirkning')).querySelectorAll('.facts dt');
      const period = facts.find((dt) => dt.text === 'Periode')?.nextElementSibling?.text.trim();
      expect(period).toBe('fra 2017, slutt ukjent');
    });
  });

  it('shows a programme with its organisations by role, level-free facts and talks about it', async () => {
    const doc = await page('/programmes/prog-no');
    expect(doc.querySelector('h1')?.text).toBe('Testløftet');
    const orgs = doc.querySelectorAll('h2').find((h) => h.text === 'Organisasjoner')?.nextElementSibling;
    expect(orgs?.querySelector('a')?.getAttribute('href')).toBe('/organisations/test-bank');
    expect(orgs?.text).toContain('Eier');
    expect(doc.querySelector('.resource-list a')?.getAttribute('href')).toBe('/resources/erfaringer-fra-testvik');
    expect(doc.querySelector('.permalink')?.getAttribute('href')).toBe('/p/prog-no');
    // Nothing about its budget in the fixture: no heading for it.
    expect(texts(doc, 'h2')).not.toContain('Budsjett i tall');
  });

  it('shows an area with its type, structured population and talks about it', async () => {
    const doc = await page('/areas/osterby');
    const facts = Object.fromEntries(doc.querySelectorAll('.facts dt').map((dt) => [dt.text, dt.nextElementSibling?.querySelector('span')?.text]));
    expect(facts['Områdetype']).toBe('Drabantby og boligområde');
    expect(doc.querySelector('.population-count')?.text.replace(/\s/g, ' ')).toBe('4 012 innbyggere (2019)');
    expect(doc.text).toContain('Om lag 4 000 innbyggere');
    expect(doc.querySelector('.resource-list a')?.getAttribute('href')).toBe('/resources/erfaringer-fra-testvik');
    const en = await page('/en/areas/osterby');
    expect(en.querySelector('.population-count')?.text).toBe('4,012 residents (2019)');
    // An area with no type, population or talks shows none of them.
    const glen = await page('/areas/glen-test');
    expect(texts(glen, 'h2')).not.toContain('Befolkning');
    expect(glen.querySelector('.resource-list')).toBeNull();
  });

  it('lists organisations by country and shows one with its roles and its people’s talks', async () => {
    const list = await page('/organisations');
    expect(texts(list, '.by-country h2')).toEqual(['Norge']);
    expect(list.querySelectorAll('a[href^="/organisations/"]').map((a) => a.getAttribute('href'))).toEqual(['/organisations/test-bank', '/organisations/test-kommune']);
    const doc = await page('/organisations/test-kommune');
    expect(doc.querySelector('h1')?.text).toBe('Testvik kommune');
    const section = (heading: string) => doc.querySelectorAll('h2').find((h) => h.text === heading)?.nextElementSibling;
    expect(section('Roller i tiltak')?.querySelector('a')?.getAttribute('href')).toBe('/initiatives/moteplass-for-ungdom');
    expect(section('Roller i tiltak')?.text).toContain('Ansvarlig');
    expect(section('Roller i arrangementer')?.text).toContain('Arrangør');
    expect(section('Foredrag og dokumenter av folk herfra')?.querySelector('a')?.getAttribute('href')).toBe('/resources/erfaringer-fra-testvik');
    const bank = await page('/en/organisations/test-bank');
    expect(bank.querySelector('h2 + ul a[href="/en/programmes/prog-no"]')?.parentNode?.text).toContain('Owner');
  });

  it('shows an event: a missing date said in words, the date note marked as an inference, organisers, talks, what was not found', async () => {
    const doc = await page('/events/testkonferansen');
    expect(doc.querySelector('.event-date--missing')?.text).toBe('Ikke oppgitt i kildene');
    expect(doc.querySelector('.event-date-note strong')?.text).toBe('Vår slutning, ikke oppgitt i kildene:');
    expect(doc.querySelector('.event-date-note')?.text).toContain('Datoen er ikke oppgitt i kildene.');
    expect(doc.querySelectorAll('h2 + ul.record-list a[href^="/organisations/"]').map((a) => a.getAttribute('href'))).toEqual([
      '/organisations/test-kommune',
      '/organisations/test-bank',
    ]);
    expect(doc.querySelector('.resource-list a')?.getAttribute('href')).toBe('/resources/erfaringer-fra-testvik');
    expect(texts(doc, '.not-found li')).toEqual(['Lysbildene']);
    const en = await page('/en/events/testkonferansen');
    expect(en.querySelector('h1')?.text).toBe('The test conference');
    expect(texts(en, '.not-found li')).toEqual(['The slides']);
    expect(en.querySelector('.event-date--missing')?.text).toBe('Not given in the sources');
  });

  it('shows a resource with its people, event, links and subjects', async () => {
    const doc = await page('/resources/erfaringer-fra-testvik');
    expect(doc.querySelector('h1')?.text).toBe('Erfaringer fra Testvik');
    expect(doc.querySelector('.people li')?.text).toBe('Kari Testesen, bydelsdirektør, Testvik kommune');
    expect(doc.querySelector('.people a')?.getAttribute('href')).toBe('/organisations/test-kommune');
    expect(doc.querySelector('.facts a[href="/events/testkonferansen"]')).not.toBeNull();
    expect(doc.querySelector('.links a')?.getAttribute('href')).toBe('https://example.test/source-4');
    expect(doc.querySelectorAll('.subjects a').map((a) => a.getAttribute('href'))).toEqual([
      '/initiatives/moteplass-for-ungdom',
      '/programmes/prog-no',
      '/areas/tromso-nord',
      '/areas/osterby',
    ]);
    const en = await page('/en/resources/erfaringer-fra-testvik');
    expect(en.querySelector('h1')?.text).toBe('Lessons from Testvik');
    expect(en.querySelector('.subtitle span[lang="nb"]')?.text).toBe('Erfaringer fra Testvik');
  });

  describe('the resource list', () => {
    const hrefs = (doc: HTMLElement) => doc.querySelectorAll('.resource-results a[href^="/resources/"], .resource-results a[href^="/en/resources/"]').map((a) => a.getAttribute('href'));

    it('is a GET form with a search box and six filters that works without JavaScript', async () => {
      const doc = await page('/resources');
      const form = doc.querySelector('form.resource-filters')!;
      expect(form.getAttribute('method')).toBe('get');
      expect(form.getAttribute('action')).toBe('/resources');
      expect(form.querySelector('input[name="q"]')).not.toBeNull();
      expect(form.querySelectorAll('select').map((s) => s.getAttribute('name'))).toEqual(['kind', 'country', 'programme', 'area', 'year', 'organisation']);
      for (const select of form.querySelectorAll('select')) expect(form.querySelector(`label[for="${select.id}"]`), select.id).not.toBeNull();
      expect(hrefs(doc)).toEqual(['/resources/erfaringer-fra-testvik']);
      expect(doc.querySelector('#resource-results-heading')?.text).toBe('1 foredrag eller dokument');
    });

    it('filters by each field, with empty fields meaning any, and keeps the choices selected', async () => {
      for (const query of ['kind=talk', 'country=NO', 'programme=prog-no', 'area=osterby', 'organisation=test-kommune', 'organisation=test-bank', 'q=Kari', 'q=Testvik&kind=&year=']) {
        expect(hrefs(await page(`/resources?${query}`)), query).toEqual(['/resources/erfaringer-fra-testvik']);
      }
      for (const query of ['kind=report', 'country=SE', 'programme=prog-se', 'area=gardsby', 'year=2019', 'q=zzzyx']) {
        const doc = await page(`/resources?${query}`);
        expect(hrefs(doc), query).toEqual([]);
        expect(doc.querySelector('.resource-results p')?.text).toBe('Ingen foredrag eller dokumenter passer til søket.');
      }
      const doc = await page('/en/resources?kind=talk&q=Kari');
      expect(doc.querySelector('select[name="kind"] option[selected]')?.getAttribute('value')).toBe('talk');
      expect(doc.querySelector('input[name="q"]')?.getAttribute('value')).toBe('Kari');
      expect(hrefs(doc)).toEqual(['/en/resources/erfaringer-fra-testvik']);
    });

    it('answers invalid values with a 400 that names them', async () => {
      const cases: [string, RegExp][] = [
        ['kind=podcast', /Ukjent verdi «podcast» for «kind»/],
        ['country=XX', /Ukjent verdi «XX» for «country»/],
        ['programme=nope', /Ukjent verdi «nope» for «programme»/],
        ['area=nope', /Ukjent verdi «nope» for «area»/],
        ['organisation=nope', /Ukjent verdi «nope» for «organisation»/],
        ['year=20x9', /«year» må være et årstall med fire sifre/],
        ['year=1200', /«year» må være et årstall med fire sifre/],
        ['kind=talk&kind=report', /«kind» kan bare oppgis én gang/],
        [`q=${'a'.repeat(201)}`, /høyst 200 tegn/],
        [`area=${'x'.repeat(130)}`, /lengre enn 120 tegn/],
      ];
      for (const [query, message] of cases) {
        const doc = await page(`/resources?${query}`, 400);
        expect(doc.querySelector('.error-messages')?.text, query).toMatch(message);
      }
      const en = await page('/en/resources?kind=podcast', 400);
      expect(en.querySelector('.error-messages')?.text).toMatch(/Unknown value “podcast” for “kind”/);
    });
  });

  it('answers unknown records of every kind with a 404 page', async () => {
    for (const path of ['/organisations/nope', '/events/nope', '/resources/nope', '/organisations/%3Cb%3E', '/en/events/nope']) {
      const doc = await page(path, 404);
      expect(doc.querySelector('.error-messages')?.text.length, path).toBeGreaterThan(0);
    }
    expect((await page('/resources/nope', 404)).querySelector('.error-messages')?.text).toContain('Fant ikke foredraget eller dokumentet «nope».');
  });

  it('adds organisations and talks to the main menu, marking the current section', async () => {
    const doc = await page('/organisations/test-bank');
    expect(doc.querySelector('.site-nav a[aria-current="page"]')?.getAttribute('href')).toBe('/organisations');
    expect((await page('/en/resources')).querySelector('.site-nav a[aria-current="page"]')?.getAttribute('href')).toBe('/en/resources');
  });

  it('gives record pages their own canonical URL', async () => {
    const doc = await page('/en/organisations/test-bank');
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('http://127.0.0.1:3000/en/organisations/test-bank');
  });

  describe('permalinks and old slugs', () => {
    const redirect = async (url: string) => {
      const res = await t.app.inject(url);
      return [res.statusCode, res.headers.location];
    };

    it('sends every permalink to the current page (301, any letter case, same language)', async () => {
      expect(await redirect('/i/moteplass-for-ungdom')).toEqual([301, '/initiatives/moteplass-for-ungdom']);
      expect(await redirect('/i/MOTEPLASS-FOR-UNGDOM')).toEqual([301, '/initiatives/moteplass-for-ungdom']);
      expect(await redirect('/p/PROG-NO')).toEqual([301, '/programmes/prog-no']);
      expect(await redirect('/a/osterby')).toEqual([301, '/areas/osterby']);
      expect(await redirect('/o/Test-Bank')).toEqual([301, '/organisations/test-bank']);
      expect(await redirect('/e/test-event')).toEqual([301, '/events/testkonferansen']);
      expect(await redirect('/r/test-talk')).toEqual([301, '/resources/erfaringer-fra-testvik']);
      expect(await redirect('/en/r/test-talk')).toEqual([301, '/en/resources/erfaringer-fra-testvik']);
    });

    it('answers an unknown or malformed ref, or a ref of another kind, with a 404', async () => {
      for (const url of ['/i/I999', '/p/test-talk', '/r/%2F%2Fevil.example', '/o/a.b', '/en/e/nope']) {
        expect((await t.app.inject(url)).statusCode, url).toBe(404);
      }
      expect((await page('/i/I999', 404)).querySelector('.error-messages')?.text).toContain('Ingen oppføring har id «I999».');
    });

    it('keeps old slugs working after a record is renamed, and permalinks follow', async () => {
      const renamed = recordFixture();
      renamed.initiatives.find((i) => i.slug === 'park-og-turvei')!.slug = 'elveparken';
      renamed.organisations.find((o) => o.slug === 'test-bank')!.slug = 'testbanken';
      renamed.resources[0].slug = 'erfaringer-testvik';
      const handle = openDatabase(t.dbFile);
      importCatalogue(handle.sqlite, renamed);
      handle.close();
      expect(await redirect('/initiatives/park-og-turvei')).toEqual([301, '/initiatives/elveparken']);
      expect(await redirect('/en/organisations/test-bank')).toEqual([301, '/en/organisations/testbanken']);
      expect(await redirect('/resources/erfaringer-fra-testvik')).toEqual([301, '/resources/erfaringer-testvik']);
      expect(await redirect('/i/park-og-turvei')).toEqual([301, '/initiatives/elveparken']);
      expect((await page('/initiatives/elveparken')).querySelector('h1')?.text).toBe('Park og turvei langs elva');
      // The API finds the record by its old slug too.
      const api = await t.app.inject('/api/v1/organisations/test-bank');
      expect(api.statusCode).toBe(200);
      expect(api.json()).toMatchObject({ slug: 'testbanken', url: '/organisations/testbanken', permalink: '/o/test-bank' });
      // A slug nobody ever had is still a 404.
      expect((await t.app.inject('/initiatives/aldri-brukt')).statusCode).toBe(404);
      // Back to the fixture's slugs for the other tests.
      const again = openDatabase(t.dbFile);
      importCatalogue(again.sqlite, recordFixture());
      again.close();
    });
  });
});
