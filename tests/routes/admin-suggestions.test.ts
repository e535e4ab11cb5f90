// Suggestions from anyone: the public form (CSRF, honeypot, size limits, rate limit,
// receipt), the editors' queue, a suggestion turned into a draft and one dismissed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, agent, signIn, type Agent } from '../helpers/admin.ts';

let t: TestApp;
let editor: Agent;
const count = () => t.app.db.sqlite.prepare(`SELECT count(*) FROM suggestions`).pluck().get() as number;

beforeAll(async () => {
  t = await buildTestApp();
  await addUser(t.app, 'editor@example.no');
  editor = await signIn(t.app, 'editor@example.no');
});
afterAll(() => t.close());

describe('the public form', () => {
  it('takes a new case with a source and gives a receipt, in both languages', async () => {
    const a = agent(t.app);
    const page = await a.get('/en/suggest');
    expect(page.statusCode).toBe(200);
    expect(parse(page.body).querySelector('h1')?.text).toBe('Suggest an initiative or report an error');
    const res = await a.post('/en/suggest', { type: 'new', text: 'Hagefellesskap på Tøyen\nEt felles hageprosjekt.', sourceUrl: 'https://example.org/hage' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/suggest/thanks');
    expect((await a.get('/en/suggest/thanks')).body).toContain('Thank you for the suggestion');
    expect(count()).toBe(1);
  });

  it('says what is wrong: a new case needs a source, the text a limit, the e-mail a valid form', async () => {
    const a = agent(t.app);
    await a.get('/suggest');
    const res = await a.post('/suggest', { type: 'new', text: 'x'.repeat(5001), email: 'not-an-email' });
    expect(res.statusCode).toBe(400);
    const html = parse(res.body);
    expect(html.querySelector('#text-error')?.text).toBe('Teksten kan være høyst 5000 tegn.');
    expect(html.querySelector('#sourceUrl-error')?.text).toContain('Oppgi en kilde');
    expect(html.querySelector('#email-error')).toBeTruthy();
    expect(count()).toBe(1);
  });

  it('refuses a post without the CSRF token and stores nothing from a filled honeypot', async () => {
    const a = agent(t.app);
    await a.get('/suggest');
    expect((await a.post('/suggest', { type: 'new', text: 'x', sourceUrl: 'https://example.org/' }, { csrf: null })).statusCode).toBe(403);
    const bot = await a.post('/suggest', { type: 'new', text: 'Buy now', sourceUrl: 'https://spam.example/', website: 'https://spam.example/' });
    expect(bot.statusCode).toBe(303);
    expect(count()).toBe(1);
  });

  it('takes a correction to a published record only', async () => {
    const a = agent(t.app);
    const ref = t.app.db.sqlite.prepare(`SELECT ref FROM initiatives LIMIT 1`).pluck().get() as string;
    const page = parse((await a.get(`/suggest?kind=initiative&ref=${ref}`)).body);
    expect(page.querySelector('input[name="targetRef"]')?.getAttribute('value')).toBe(ref);
    expect((await a.post('/suggest', { type: 'correction', targetKind: 'initiative', targetRef: ref, text: 'Året er feil: 2009, ikke 2008.' })).statusCode).toBe(303);
    const bad = await a.post('/suggest', { type: 'correction', targetKind: 'initiative', targetRef: 'NOPE', text: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(count()).toBe(2);
  });

  it('limits how many suggestions one address sends in an hour', async () => {
    const a = agent(t.app);
    await a.get('/suggest');
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await a.post('/suggest', { type: 'new', text: `Forslag ${i}`, sourceUrl: 'https://example.org/x' })).statusCode);
    expect(codes).toEqual([303, 303, 303, 429]);
    const html = parse((await a.post('/suggest', { type: 'new', text: 'En til', sourceUrl: 'https://example.org/x' })).body);
    expect(html.querySelector('[role=alert]')?.text).toContain('Vent en time');
  });
});

describe('the queue', () => {
  it('is for editors only', async () => {
    expect((await t.app.inject('/admin/suggestions')).statusCode).toBe(303);
  });

  it('turns a new case into a pre-filled draft in one step, invisible to the public', async () => {
    const html = parse((await editor.get('/admin/suggestions')).body);
    const item = html.querySelectorAll('.admin-suggestion').find((li) => li.text.includes('Hagefellesskap'))!;
    const id = item.getAttribute('id')!.replace('suggestion-', '');
    expect(item.querySelector('input[name="title"]')?.getAttribute('value')).toBe('Hagefellesskap på Tøyen');
    const res = await editor.post(`/admin/suggestions/${id}/accept`, { title: 'Hagefellesskap på Tøyen', country: 'NO' });
    expect(res.statusCode).toBe(303);
    const draftUrl = res.headers.location!;
    const form = parse((await editor.get(draftUrl)).body);
    expect(form.querySelector('.admin-state .state')?.text).toBe('Utkast');
    expect(form.querySelector('#f-sourceUrls')?.text).toBe('https://example.org/hage');
    expect((await t.app.inject('/api/v1/initiatives?q=Hagefellesskap')).json().total).toBe(0);
    const after = parse((await editor.get('/admin/suggestions')).body).querySelector(`#suggestion-${id}`)!;
    expect(after.getAttribute('data-status')).toBe('accepted');
    expect(after.text).toContain('editor@example.no');
    expect((await editor.post(`/admin/suggestions/${id}/reject`, { note: 'x' })).statusCode).toBe(409);
  });

  it('dismisses a suggestion only with a reason, and keeps the reason', async () => {
    const html = parse((await editor.get('/admin/suggestions')).body);
    const item = html.querySelectorAll('.admin-suggestion[data-status="open"]')[0];
    const id = item.getAttribute('id')!.replace('suggestion-', '');
    expect((await editor.post(`/admin/suggestions/${id}/reject`, { note: '' })).statusCode).toBe(400);
    expect((await editor.post(`/admin/suggestions/${id}/reject`, { note: 'Finnes allerede som I003.' })).statusCode).toBe(303);
    const after = parse((await editor.get('/admin/suggestions')).body).querySelector(`#suggestion-${id}`)!;
    expect(after.getAttribute('data-status')).toBe('rejected');
    expect(after.text).toContain('Finnes allerede som I003.');
  });
});
