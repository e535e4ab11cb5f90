// Import: a dry run lists every row's action and errors with line numbers and writes
// nothing; a clean file applies in one transaction as drafts; the same file twice changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, cookieHeader, multipart, signIn, type Agent } from '../helpers/admin.ts';
import { parseCsv } from '../../server/domain/editorial/import-initiatives.ts';

let t: TestApp;
let admin: Agent;
const initiatives = () => t.app.db.sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number;
const revisions = () => t.app.db.sqlite.prepare(`SELECT count(*) FROM revisions`).pluck().get() as number;

async function send(filename: string, content: string) {
  await admin.get('/admin/import');
  const { payload, contentType } = multipart({ _csrf: admin.csrf }, { name: filename, data: Buffer.from(content), type: 'text/csv' });
  return t.app.inject({ method: 'POST', url: '/admin/import', payload, headers: { 'content-type': contentType, cookie: cookieHeader(admin.jar) } });
}

const CLEAN = [
  'ref;titleEn;titleNb;country;periodStart;periodEnd;status;measureTypes;summaryNb;sourceUrls;sourceTitle',
  'KRS-01;Kristiansand street lights;Gatelys i Kvadraturen;NO;2019;2021;ended;physical;"Nye gatelys; tryggere kveldsliv";https://example.org/krs/lys;Kristiansand kommune: sluttrapport',
  'KRS-02;Kristiansand youth club;Ungdomsklubb;NO;2020;;ongoing;social|cultural;"To linjer\nmed tekst";https://example.org/krs/ungdom;',
].join('\n');

beforeAll(async () => {
  t = await buildTestApp();
  await addUser(t.app, 'admin@example.no', 'admin');
  await addUser(t.app, 'editor@example.no', 'editor');
  admin = await signIn(t.app, 'admin@example.no');
});
afterAll(() => t.close());

describe('CSV', () => {
  it('reads quoted separators, quotes and line breaks, with the line each row starts on', () => {
    const rows = parseCsv('a;b\n"x;y";"say ""hi"""\n"two\nlines";z\n');
    expect(rows.map((r) => r.cells)).toEqual([['a', 'b'], ['x;y', 'say "hi"'], ['two\nlines', 'z']]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3]);
  });
});

describe('import', () => {
  it('is for admins', async () => {
    const editor = await signIn(t.app, 'editor@example.no');
    expect((await editor.get('/admin/import')).statusCode).toBe(403);
  });

  it('lists every row error with its line and writes nothing', async () => {
    const before = initiatives();
    const file = [
      'ref,titleEn,country,periodStart,status,measureTypes,areas,sourceUrls',
      'E-1,,NO,2019,ended,physical,,https://example.org/a',
      'E-2,Bad year,NO,19x9,ended,physical,,https://example.org/b',
      'E-3,Unknown measure,NO,2019,ended,teleportation,,https://example.org/c',
      'E-4,Unknown area,NO,2019,ended,physical,NO-SUCH-AREA,https://example.org/d',
      'E-5,No source,NO,2019,ended,physical,,',
      'E-6,Fine row,SE,2019,ended,physical,,https://example.org/f',
    ].join('\n');
    const res = await send('partner.csv', file);
    expect(res.statusCode).toBe(400);
    const html = parse(res.body);
    const errorsOf = (line: number) => html.querySelector(`tr[data-line="${line}"] .import-errors`)?.text ?? '';
    expect(errorsOf(2)).toContain('Tittel på engelsk: Fyll ut dette feltet.');
    expect(errorsOf(3)).toContain('Startår: Skriv et tall.');
    expect(errorsOf(4)).toContain('«teleportation» er ikke en verdi i listen.');
    expect(errorsOf(5)).toContain('«NO-SUCH-AREA» finnes ikke i basen.');
    expect(errorsOf(6)).toContain('Oppgi minst én kilde.');
    expect(errorsOf(7)).toBe('');
    expect(html.querySelector('form[action$="/apply"]')).toBeNull();
    expect(initiatives()).toBe(before);
  });

  it('says what is wrong with a file that is not a table', async () => {
    const before = initiatives();
    // JSON that is not a list of initiatives (or an object holding one), whatever its type.
    for (const json of ['{"initiatives": 3}', 'null', '5', '"text"', 'true', '{"initiatives": null}', '{}']) {
      const res = await send('x.json', json);
      expect(res.statusCode, json).toBe(400);
      expect(res.body, json).toContain('JSON-filen må være en liste');
    }
    // A list whose new sources are not sources: each row's errors, not a failure.
    const sources = await send('x.json', '[{"titleEn": "x", "newSources": [null, 5, {"url": 3}]}]');
    expect(sources.statusCode).toBe(400);
    expect(sources.body).toContain('Nye kilder: Verdien er ugyldig.');
    expect(initiatives()).toBe(before);
    const cols = await send('x.csv', 'name;place\na;b');
    expect(cols.body).toContain('Filen mangler kolonnene: titleen, country, sourceurls.');
  });

  it('previews a row whose title has no letter a slug can keep (the slug falls back to the kind)', async () => {
    // "—" and a control character used to stop the dry run with a 500.
    const file = ['ref;titleEn;country;sourceUrls', 'DASH-01;—;NO;https://example.org/dash', 'NUL-01;\u0000;NO;https://example.org/nul'].join('\n');
    const res = await send('dash.csv', file);
    expect(res.statusCode).toBeLessThan(500);
    expect(parse(res.body).querySelectorAll('tbody tr')).toHaveLength(2);
  });

  it('applies a clean file as drafts in one step, and the same file again changes nothing', async () => {
    const before = initiatives();
    const res = await send('krs.csv', CLEAN);
    expect(res.statusCode).toBe(200);
    const html = parse(res.body);
    expect(html.querySelectorAll('tbody tr').map((r) => r.querySelectorAll('td')[3].text)).toEqual(['ny', 'ny']);
    expect(initiatives()).toBe(before);
    const apply = html.querySelector('form[action$="/apply"]')!.getAttribute('action')!;
    expect((await admin.post(apply, {})).statusCode).toBe(303);
    expect(initiatives()).toBe(before + 2);
    const states = t.app.db.sqlite.prepare(`SELECT state FROM initiatives WHERE ref IN ('KRS-01', 'KRS-02')`).pluck().all();
    expect(states).toEqual(['draft', 'draft']);
    expect((await t.app.inject('/api/v1/initiatives?q=Kvadraturen')).json().total).toBe(0);
    expect((await admin.post(apply, {})).statusCode).toBe(409);

    const revs = revisions();
    const again = await send('krs.csv', CLEAN);
    expect(parse(again.body).querySelectorAll('tbody tr').map((r) => r.querySelectorAll('td')[3].text)).toEqual(['uendret', 'uendret']);
    const applyAgain = parse(again.body).querySelector('form[action$="/apply"]')!.getAttribute('action')!;
    expect((await admin.post(applyAgain, {})).statusCode).toBe(303);
    expect(initiatives()).toBe(before + 2);
    expect(revisions()).toBe(revs);
  });
});

describe('export', () => {
  it('round-trips: the published initiatives exported and imported again change nothing', async () => {
    const { exportInitiatives } = await import('../../server/domain/editorial/export-initiatives.ts');
    const rows = exportInitiatives(t.app.db.sqlite);
    const published = t.app.db.sqlite.prepare(`SELECT count(*) FROM initiatives WHERE state = 'published'`).pluck().get();
    expect(rows).toHaveLength(published as number);
    expect(rows.every((r) => Array.isArray(r.newSources) && (r.newSources as unknown[]).length > 0)).toBe(true);
    const before = { n: initiatives(), revs: revisions(), hash: t.app.db.sqlite.prepare(`SELECT group_concat(content_hash) FROM initiatives`).pluck().get() };
    const res = await send('export.json', JSON.stringify(rows));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const actions = parse(res.body).querySelectorAll('tbody tr').map((r) => r.querySelectorAll('td')[3].text);
    expect(new Set(actions)).toEqual(new Set(['uendret']));
    const apply = parse(res.body).querySelector('form[action$="/apply"]')!.getAttribute('action')!;
    expect((await admin.post(apply, {})).statusCode).toBe(303);
    expect({ n: initiatives(), revs: revisions(), hash: t.app.db.sqlite.prepare(`SELECT group_concat(content_hash) FROM initiatives`).pluck().get() }).toEqual(before);
  });
});
