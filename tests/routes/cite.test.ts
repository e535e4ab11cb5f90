// The "Cite" box on every record page (four formats with the absolute permalink from
// PUBLIC_URL, the access date, the downloads, the record's sources) and the downloads
// themselves (content type, file name, body), in both languages; 404s for unknown refs
// and formats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { recordFixture } from '../fixtures/records.ts';
import { todayIso } from '../../server/domain/citation.ts';

const ORIGIN = 'https://kb.example.no';
// <pre> parsed as HTML (by default node-html-parser keeps its content raw).
const page = (html: string) => parse(html, { blockTextElements: { script: true, style: true } });
const PAGES = [
  ['/initiatives/moteplass-for-ungdom', '/i/moteplass-for-ungdom', 'Møteplass for ungdom', 'Tiltak'],
  ['/programmes/prog-no', '/p/prog-no', 'Testløftet', 'Program'],
  ['/areas/osterby', '/a/osterby', 'Østerby', 'Område'],
  ['/organisations/test-kommune', '/o/test-kommune', 'Testvik kommune', 'Organisasjon'],
  ['/events/testkonferansen', '/e/test-event', 'Testkonferansen', 'Arrangement'],
  ['/resources/erfaringer-fra-testvik', '/r/test-talk', 'Erfaringer fra Testvik', 'Ressurs'],
] as const;

describe('cite', () => {
  let t: TestApp;
  const today = todayIso();
  const year = today.slice(0, 4);
  beforeAll(async () => {
    t = await buildTestApp({ catalogue: recordFixture(), env: { PUBLIC_URL: ORIGIN } });
  });
  afterAll(async () => t.close());

  describe.each(PAGES)('the page %s', (path, permalink, title, kind) => {
    it('has a Cite box with APA, BibTeX, RIS and CSL-JSON naming the absolute permalink, and the downloads', async () => {
      const doc = page((await t.app.inject(path)).body);
      const box = doc.querySelector('#cite')!;
      expect(box.querySelector('h2')?.text).toBe('Siter');
      const formats = Object.fromEntries(box.querySelectorAll('details').map((d) => [d.getAttribute('data-format'), d.querySelector('pre')!.text]));
      expect(Object.keys(formats)).toEqual(['apa', 'bibtex', 'ris', 'csl']);
      expect(formats.apa).toBe(`Kunnskapsbase for områdeløft. (${year}). ${title} [${kind}]. Hentet ${box.querySelector('.cite__accessed')!.text.slice(5, -1)} fra ${ORIGIN}${permalink}`);
      expect(formats.bibtex).toContain(`  url = {${ORIGIN}${permalink}},`);
      expect(formats.bibtex).toContain(`  urldate = {${today}},`);
      expect(formats.ris).toContain(`UR  - ${ORIGIN}${permalink}`);
      expect(JSON.parse(formats.csl)[0]).toMatchObject({ title, URL: `${ORIGIN}${permalink}`, 'container-title': 'Kunnskapsbase for områdeløft' });
      expect(box.querySelectorAll('.cite__downloads a').map((a) => a.getAttribute('href'))).toEqual(['bib', 'ris', 'json'].map((f) => `${permalink}/cite.${f}`));
    });
  });

  it('lists the sources the record rests on, with links', async () => {
    const doc = parse((await t.app.inject('/initiatives/moteplass-for-ungdom')).body);
    expect(doc.querySelectorAll('#cite .cite__sources a').map((a) => a.getAttribute('href'))).toEqual([
      'https://example.test/source-1',
      'https://copies.example.test/report-copy',
    ]);
  });

  it('speaks English on English pages, with English links', async () => {
    const doc = page((await t.app.inject('/en/initiatives/moteplass-for-ungdom')).body);
    expect(doc.querySelector('#cite h2')?.text).toBe('Cite');
    expect(doc.querySelector('#cite [data-format=apa] pre')?.text).toMatch(
      new RegExp(`^Kunnskapsbase for områdeløft\\. \\(${year}\\)\\. Meeting place for youth \\[Initiative\\]\\. Retrieved .+, ${year}, from ${ORIGIN}/en/i/moteplass-for-ungdom$`),
    );
    expect(doc.querySelector('#cite .cite__downloads a')?.getAttribute('href')).toBe('/en/i/moteplass-for-ungdom/cite.bib');
  });

  describe('downloads', () => {
    it('BibTeX', async () => {
      const res = await t.app.inject('/i/MOTEPLASS-FOR-UNGDOM/cite.bib');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-bibtex; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="moteplass-for-ungdom.bib"');
      expect(res.body.startsWith('@misc{omradeloft-moteplass-for-ungdom,\n')).toBe(true);
      expect(res.body).toContain('  title = {{Møteplass for ungdom}},');
    });

    it('RIS, with CRLF lines', async () => {
      const res = await t.app.inject('/a/osterby/cite.ris');
      expect(res.headers['content-type']).toBe('application/x-research-info-systems; charset=utf-8');
      expect(res.body.split('\r\n')[0]).toBe('TY  - ELEC');
      expect(res.body).toContain(`UR  - ${ORIGIN}/a/osterby\r\n`);
      expect(res.body).toContain('TI  - Østerby\r\n');
    });

    it('CSL-JSON, in English under /en', async () => {
      const res = await t.app.inject('/en/r/test-talk/cite.json');
      expect(res.headers['content-type']).toBe('application/vnd.citationstyles.csl+json; charset=utf-8');
      const [item] = res.json();
      expect(item).toMatchObject({ id: 'omradeloft-test-talk', type: 'webpage', title: 'Lessons from Testvik', genre: 'Resource', URL: `${ORIGIN}/en/r/test-talk` });
      expect(item.accessed['date-parts'][0]).toEqual(today.split('-').map(Number));
    });

    it('404 for an unknown record or format', async () => {
      expect((await t.app.inject('/i/nope/cite.bib')).statusCode).toBe(404);
      expect((await t.app.inject('/p/moteplass-for-ungdom/cite.bib')).statusCode).toBe(404);
      const pdf = await t.app.inject('/i/moteplass-for-ungdom/cite.pdf');
      expect(pdf.statusCode).toBe(404);
      expect(parse(pdf.body).querySelector('.error-messages')?.text).toMatch(/Ukjent siteringsformat «pdf»/);
    });
  });
});
