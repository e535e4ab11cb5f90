// The public suggestion form is one click away: every record page links to it set to
// correct that record, and the search page and the footer link to it for a new
// initiative, in both languages; the link from a record opens the form about that record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t?.close());

const RECORDS = [
  ['initiative', '/initiatives/moteplass-for-ungdom', 'moteplass-for-ungdom'],
  ['area', '/areas/tromso-nord', 'tromso-nord'],
  ['programme', '/programmes/prog-no', 'prog-no'],
  ['organisation', '/organisations/test-kommune', 'test-kommune'],
  ['event', '/events/testkonferansen', 'test-event'],
  ['resource', '/resources/erfaringer-fra-testvik', 'test-talk'],
] as const;

describe('links to the suggestion form', () => {
  for (const [kind, path, ref] of RECORDS) {
    it(`${kind} page: "suggest a change" opens the form about that record`, async () => {
      for (const prefix of ['', '/en']) {
        const doc = parse((await t.app.inject(`${prefix}${path}`)).body);
        const href = doc.querySelector('.suggest-change a')?.getAttribute('href');
        expect(href).toBe(`${prefix}/suggest?kind=${kind}&ref=${ref}`);
        const form = await t.app.inject(href!);
        expect(form.statusCode).toBe(200);
        // The form names the record it is about (a correction, not a new initiative).
        expect(parse(form.body).querySelector('input[name="targetRef"]')?.getAttribute('value')).toBe(ref);
      }
    });
  }

  it('search page and footer: suggest a new initiative, in each language', async () => {
    for (const [prefix, text] of [['', 'Foreslå et tiltak'], ['/en', 'Suggest an initiative']] as const) {
      const doc = parse((await t.app.inject(`${prefix}/`)).body);
      expect(doc.querySelector('.suggest-missing a')?.getAttribute('href')).toBe(`${prefix}/suggest`);
      const footer = doc.querySelectorAll('.site-footer a').find((a) => a.getAttribute('href') === `${prefix}/suggest`);
      expect(footer?.text).toBe(text);
    }
  });
});
