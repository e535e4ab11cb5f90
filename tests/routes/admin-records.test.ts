// Editing records: create, validation beside each field, add row without JavaScript,
// publish/withdraw/undo with public pages, API and search following, conflicts (409),
// history and restore.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, signIn, type Agent } from '../helpers/admin.ts';

let t: TestApp;
let editor: Agent;
let admin: Agent;

const WORD = 'Zebrakrysset';
const base = {
  titleEn: `${WORD} street festival`,
  titleNb: `${WORD} gatefest`,
  'summary.nb': 'En gatefest i nabolaget.',
  'summary.en': '',
  country: 'NO',
  status: 'ongoing',
  measureTypes: ['social'],
  'evidence.level': 'not-stated',
  confidence: 'verified',
  sourceUrls: 'https://example.test/source-1',
};

async function searchTotal(q: string): Promise<number> {
  const res = await t.app.inject(`/api/v1/initiatives?q=${encodeURIComponent(q)}`);
  return res.json().total;
}

beforeAll(async () => {
  t = await buildTestApp();
  await addUser(t.app, 'editor@example.no', 'editor');
  await addUser(t.app, 'admin@example.no', 'admin');
  editor = await signIn(t.app, 'editor@example.no');
  admin = await signIn(t.app, 'admin@example.no');
});
afterAll(() => t.close());

describe('validation', () => {
  it('answers 400 with a message beside each wrong field, keeping what was typed', async () => {
    await editor.get('/admin/initiatives/new');
    const res = await editor.post('/admin/initiatives/new', {
      ...base,
      titleEn: '',
      sourceUrls: 'https://unknown.example/report',
      periodStart: '2020',
      periodEnd: '2019',
      'evidence.level': 'no-such-level',
    });
    expect(res.statusCode).toBe(400);
    const html = parse(res.body);
    const errorOf = (id: string) => html.querySelector(`#${id}-error`)?.text.trim();
    expect(errorOf('f-titleEn')).toBe('Fyll ut dette feltet.');
    expect(errorOf('f-sourceUrls')).toMatch(/Kilden https:\/\/unknown\.example\/report finnes ikke/);
    expect(errorOf('f-periodEnd')).toBe('Sluttåret kan ikke være før startåret.');
    expect(errorOf('f-evidence-level')).toMatch(/no-such-level/);
    expect(html.querySelector('#f-titleNb')?.getAttribute('value')).toBe(base.titleNb);
    expect(html.querySelector('#f-titleEn')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('requires a source for every initiative', async () => {
    const res = await editor.post('/admin/initiatives/new', { ...base, sourceUrls: '' });
    expect(res.statusCode).toBe(400);
    expect(parse(res.body).querySelector('#f-sourceUrls-error')?.text).toContain('minst én kilde');
  });

  it('adds a blank participation row without JavaScript, saving nothing', async () => {
    const before = (await editor.get('/admin/initiatives')).body;
    const res = await editor.post('/admin/initiatives/new', { ...base, _add: 'participation' });
    expect(res.statusCode).toBe(200);
    const html = parse(res.body);
    expect(html.querySelector('select[name="participation.0.method"]')).toBeTruthy();
    expect(html.querySelector('textarea[name="participation.0.who.nb"]')).toBeTruthy();
    expect((await editor.get('/admin/initiatives')).body).toBe(before);
  });

  it('marks a missing translation', async () => {
    const res = await editor.post('/admin/initiatives/new', { ...base, _add: 'anchoring' });
    const html = parse(res.body);
    expect(html.querySelector('#f-summary-en-missing')?.text).toBe('Oversettelse mangler');
    expect(html.querySelector('#f-summary-nb-missing')).toBeNull();
  });
});

describe('the life of a record', () => {
  let url = '';

  it('creates a draft that public pages, the API and search do not show', async () => {
    const res = await editor.post('/admin/initiatives/new', {
      ...base,
      'participation.0.method': 'open-meeting',
      'participation.0.who.nb': 'Beboere',
      'participation.0.who.en': 'Residents',
      'participation.0.sourceUrl': 'https://example.test/source-2',
      '_sources.0.url': '',
    });
    expect(res.statusCode).toBe(303);
    url = res.headers.location!.split('?')[0];
    expect(url).toMatch(/^\/admin\/initiatives\/I\d{3}$/);
    const form = parse((await editor.get(url)).body);
    expect(form.querySelector('.admin-state .state')?.text).toBe('Utkast');
    expect(form.querySelector('select[name="participation.0.method"] option[selected]')?.getAttribute('value')).toBe('open-meeting');
    const slug = 'zebrakrysset-gatefest';
    expect((await t.app.inject(`/initiatives/${slug}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/api/v1/initiatives/${slug}`)).statusCode).toBe(404);
    expect(await searchTotal(WORD)).toBe(0);
  });

  it('publishes it: page, API and search show it at the next request', async () => {
    const rev = parse((await editor.get(url)).body).querySelector('input[name="_revision"]')!.getAttribute('value')!;
    expect((await editor.post(`${url}/state`, { to: 'published', _revision: rev })).statusCode).toBe(303);
    expect((await t.app.inject('/initiatives/zebrakrysset-gatefest')).statusCode).toBe(200);
    expect((await t.app.inject('/api/v1/initiatives/zebrakrysset-gatefest')).statusCode).toBe(200);
    expect(await searchTotal(WORD)).toBe(1);
  });

  it('answers a save based on an older revision with 409 and both versions', async () => {
    const page = parse((await editor.get(url)).body);
    const rev = page.querySelector('#record-form input[name="_revision"]')!.getAttribute('value')!;
    const first = await editor.post(url, { ...base, titleEn: `${WORD} summer festival`, _revision: rev });
    expect(first.statusCode).toBe(303);
    await admin.get(url);
    const second = await admin.post(url, { ...base, titleEn: `${WORD} winter market`, _revision: rev });
    expect(second.statusCode).toBe(409);
    const html = parse(second.body);
    const row = html.querySelectorAll('.admin-diff tbody tr').find((r) => r.text.includes('summer festival'))!;
    expect(row.text).toContain('winter market');
    const saved = parse((await admin.get(url)).body).querySelector('#f-titleEn')!.getAttribute('value');
    expect(saved).toBe(`${WORD} summer festival`);
  });

  it('shows the history with a field diff and restores an old revision as a new one', async () => {
    const history = parse((await editor.get(`${url}/history`)).body);
    const revisions = history.querySelectorAll('.admin-revision');
    expect(revisions.length).toBe(3);
    const edit = history.querySelector('#revision-3')!;
    expect(edit.querySelector('.diff-old')?.text).toBe(base.titleEn);
    expect(edit.querySelector('.diff-new')?.text).toBe(`${WORD} summer festival`);
    const res = await editor.post(`${url}/history/1/restore`, { _revision: '3' });
    expect(res.statusCode).toBe(303);
    const after = parse((await editor.get(url)).body);
    expect(after.querySelector('#f-titleEn')!.getAttribute('value')).toBe(base.titleEn);
    expect(parse((await editor.get(`${url}/history`)).body).querySelectorAll('.admin-revision').length).toBe(4);
  });

  it('withdraws it (gone from page, API and search); only an admin can undo that', async () => {
    expect((await editor.post(`${url}/state`, { to: 'withdrawn', _revision: '4' })).statusCode).toBe(303);
    expect((await t.app.inject('/initiatives/zebrakrysset-gatefest')).statusCode).toBe(404);
    expect(await searchTotal(WORD)).toBe(0);
    expect((await editor.post(`${url}/state`, { to: 'published', _revision: '5' })).statusCode).toBe(403);
    expect((await admin.post(`${url}/state`, { to: 'published', _revision: '5' })).statusCode).toBe(303);
    expect(await searchTotal(WORD)).toBe(1);
  });
});

describe('every kind', () => {
  it('opens the list, the new form and an existing record of each kind', async () => {
    for (const plural of ['initiatives', 'areas', 'programmes', 'organisations', 'events', 'resources']) {
      const list = await editor.get(`/admin/${plural}`);
      expect(list.statusCode, plural).toBe(200);
      expect((await editor.get(`/en/admin/${plural}/new`)).statusCode, plural).toBe(200);
      const first = parse(list.body).querySelector('tbody tr a');
      if (first) expect((await editor.get(first.getAttribute('href')!)).statusCode, plural).toBe(200);
    }
  });

  it("starts every new form as 'unverified', a confidence its list has", async () => {
    // The form used to start on 'seen', which is not in the list: every new record failed
    // its first save on a field the editor had not touched.
    for (const plural of ['initiatives', 'areas', 'programmes', 'organisations', 'events', 'resources']) {
      const page = parse((await editor.get(`/admin/${plural}/new`)).body);
      expect(page.querySelector('select[name=confidence] option[selected]')?.getAttribute('value'), plural).toBe('unverified');
    }
    const res = await editor.post('/admin/programmes/new', { nameOriginal: 'Uprøvd program', nameEn: 'Untried programme', country: 'NO', confidence: 'unverified', sourceUrls: 'https://example.test/source-1' });
    expect(res.statusCode).toBe(303);
  });

  it('saves an existing area unchanged apart from its name, keeping its links', async () => {
    const list = parse((await editor.get('/admin/areas')).body);
    const href = list.querySelector('tbody tr a')!.getAttribute('href')!;
    const form = parse((await editor.get(href)).body).querySelector('#record-form')!;
    const fields: Record<string, string[]> = {};
    for (const el of form.querySelectorAll('input, textarea, select')) {
      const name = el.getAttribute('name');
      if (!name || name === '_csrf') continue;
      const type = el.getAttribute('type');
      let value: string | undefined;
      if (el.tagName === 'SELECT') value = el.querySelector('option[selected]')?.getAttribute('value') ?? '';
      else if (el.tagName === 'TEXTAREA') value = el.text;
      else if (type === 'checkbox') value = el.hasAttribute('checked') ? el.getAttribute('value')! : undefined;
      else value = el.getAttribute('value') ?? '';
      if (value !== undefined) (fields[name] ??= []).push(value);
    }
    fields.name = ['Renamed area'];
    const res = await editor.post(href, fields);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const history = parse((await editor.get(`${href}/history`)).body);
    const changed = history.querySelectorAll('#revision-1 .admin-diff tbody th').map((th) => th.text);
    expect(changed).toEqual(['Navn']);
  });
});

describe('htmx', () => {
  it('swaps the form fragment with the messages (200), and redirects with HX-Redirect after a save', async () => {
    const headers = { 'hx-request': 'true' };
    await editor.get('/admin/programmes/new');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/admin/programmes/new',
      headers: { ...headers, cookie: Object.entries(editor.jar).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: editor.csrf, nameOriginal: '' }).toString(),
    });
    expect(bad.statusCode).toBe(200);
    expect(bad.body.trimStart().startsWith('<form')).toBe(true);
    expect(parse(bad.body).querySelector('#f-nameOriginal-error')?.text).toBe('Fyll ut dette feltet.');
    const good = await t.app.inject({
      method: 'POST',
      url: '/admin/programmes/new',
      headers: { ...headers, cookie: Object.entries(editor.jar).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: editor.csrf, nameOriginal: 'Testprogrammet', nameEn: 'The test programme', country: 'NO', confidence: 'verified', sourceUrls: 'https://example.test/source-1' }).toString(),
    });
    expect(good.statusCode).toBe(200);
    expect(good.headers['hx-redirect']).toMatch(/^\/admin\/programmes\/P\d{3}\?saved=1$/);
  });
});
