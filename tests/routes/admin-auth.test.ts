// Accounts: login, wrong password, lockout, logout, CSRF, role checks, secure cookies,
// and no password in the logs.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, agent, PASSWORD, signIn } from '../helpers/admin.ts';
import { buildApp } from '../../server/app.ts';
import { ConfigError, resolveSessionSecret } from '../../server/config.ts';
import { createTestDatabase, testConfig, removeDbFile } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await addUser(t.app, 'admin@example.no', 'admin');
  await addUser(t.app, 'editor@example.no', 'editor');
});
afterAll(() => t.close());

describe('login', () => {
  it('sends a visitor of /admin to the login form, in both languages', async () => {
    const res = await t.app.inject('/admin/initiatives');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/login?next=%2Fadmin%2Finitiatives');
    const en = await t.app.inject('/en/admin/login');
    expect(en.statusCode).toBe(200);
    expect(parse(en.body).querySelector('h1')?.text).toBe('Log in');
    expect(en.headers['x-robots-tag']).toContain('noindex');
  });

  it('signs in with the right password, sets an http-only SameSite cookie, and signs out', async () => {
    const a = agent(t.app);
    await a.get('/admin/login');
    const res = await a.post('/admin/login', { email: 'Editor@Example.no', password: PASSWORD, next: '/admin/areas' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/areas');
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((c) => c.startsWith('kb_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await a.get('/admin')).statusCode).toBe(200);
    const out = await a.post('/admin/logout', {});
    expect(out.statusCode).toBe(303);
    expect((await a.get('/admin')).statusCode).toBe(303);
  });

  it('refuses a wrong password and an unknown e-mail with the same message (401)', async () => {
    for (const email of ['editor@example.no', 'nobody@example.no']) {
      const a = agent(t.app);
      await a.get('/admin/login');
      const res = await a.post('/admin/login', { email, password: 'not the password at all' });
      expect(res.statusCode).toBe(401);
      expect(parse(res.body).querySelector('[role=alert]')?.text).toContain('Feil e-post eller passord');
    }
  });

  it('locks an e-mail out after five failures from one address, with a clear message', async () => {
    await addUser(t.app, 'target@example.no');
    const a = agent(t.app);
    await a.get('/admin/login');
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await a.post('/admin/login', { email: 'target@example.no', password: `wrong guess ${i}` })).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 429]);
    const locked = await a.post('/admin/login', { email: 'target@example.no', password: PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(parse(locked.body).querySelector('[role=alert]')?.text).toMatch(/For mange mislykkede forsøk\. Prøv igjen om 15 minutter/);
  });

  it('refuses a login without or with a wrong CSRF token (403)', async () => {
    const a = agent(t.app);
    await a.get('/admin/login');
    expect((await a.post('/admin/login', { email: 'editor@example.no', password: PASSWORD }, { csrf: null })).statusCode).toBe(403);
    const wrong = await a.post('/admin/login', { email: 'editor@example.no', password: PASSWORD }, { csrf: 'abc.def' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain('Skjemaet var utløpt');
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const s = await buildTestApp({ env: { PUBLIC_URL: 'https://kb.example.no' } });
    await addUser(s.app, 'x@example.no');
    const a = agent(s.app);
    await a.get('/admin/login');
    const res = await a.post('/admin/login', { email: 'x@example.no', password: PASSWORD });
    expect(([] as string[]).concat(res.headers['set-cookie'] as string[]).find((c) => c.startsWith('kb_session='))).toMatch(/; Secure/);
    await s.close();
  });
});

describe('CSRF and roles', () => {
  it('rejects a signed-in POST with a missing or wrong token', async () => {
    const a = await signIn(t.app, 'admin@example.no');
    const missing = await a.post('/admin/users', { email: 'new@example.no', password: PASSWORD, role: 'editor' }, { csrf: null });
    expect(missing.statusCode).toBe(403);
    const wrong = await a.post('/admin/users', { email: 'new@example.no', password: PASSWORD, role: 'editor' }, { csrf: 'x'.repeat(43) });
    expect(wrong.statusCode).toBe(403);
  });

  it('keeps /admin/users to admins', async () => {
    const editor = await signIn(t.app, 'editor@example.no');
    expect((await editor.get('/admin/users')).statusCode).toBe(403);
    expect((await editor.post('/admin/users', { email: 'y@example.no', password: PASSWORD, role: 'admin' })).statusCode).toBe(403);
    const anon = await t.app.inject({ method: 'POST', url: '/admin/users', payload: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(anon.statusCode).toBe(401);
  });

  it('lets an admin create, re-role and disable an editor; a disabled editor cannot sign in', async () => {
    const a = await signIn(t.app, 'admin@example.no');
    const weak = await a.post('/admin/users', { email: 'weak@example.no', password: 'short', role: 'editor' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('minst 12 tegn');
    expect((await a.post('/admin/users', { email: 'kari@example.no', password: PASSWORD, role: 'editor' })).statusCode).toBe(303);
    const page = parse((await a.get('/admin/users')).body);
    const row = page.querySelector('tr[data-email="kari@example.no"]')!;
    expect(row).toBeTruthy();
    const id = row.querySelector('form')!.getAttribute('action')!.split('/').pop()!;
    expect((await a.post(`/admin/users/${id}`, { action: 'role', role: 'admin' })).statusCode).toBe(303);
    expect((await a.post(`/admin/users/${id}`, { action: 'disable' })).statusCode).toBe(303);
    const k = agent(t.app);
    await k.get('/admin/login');
    expect((await k.post('/admin/login', { email: 'kari@example.no', password: PASSWORD })).statusCode).toBe(401);
  });

  it('never lets the last admin be disabled', async () => {
    const s = await buildTestApp();
    const admin = await addUser(s.app, 'only@example.no', 'admin');
    const a = await signIn(s.app, 'only@example.no');
    const res = await a.post(`/admin/users/${admin.id}`, { action: 'disable' });
    expect(res.statusCode).toBe(409);
    await s.close();
  });
});

describe('secrets', () => {
  it('refuses to start without a strong SESSION_SECRET outside development and test', () => {
    expect(() => resolveSessionSecret({ SESSION_SECRET: '' }, 'production')).toThrow(ConfigError);
    expect(() => resolveSessionSecret({ SESSION_SECRET: 'short' }, 'staging')).toThrow(/too short/);
    expect(() => resolveSessionSecret({ SESSION_SECRET: 'a'.repeat(40) }, 'production')).toThrow(/predictable/);
    const strong = 'q8V1-kz3P0s_YtW9mL2xR7bN4cJ6fH5dA0eG';
    expect(resolveSessionSecret({ SESSION_SECRET: strong }, 'production')).toBe(strong);
    expect(resolveSessionSecret({ SESSION_SECRET: '' }, 'development')).toHaveLength(43);
    // A first `npm start` (NODE_ENV unset) is development: it starts, with a per-process secret.
    expect(resolveSessionSecret({ SESSION_SECRET: '' }, undefined)).toHaveLength(43);
  });

  it('never writes the password to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const db = createTestDatabase();
    const file = db.file;
    db.close();
    const app = await buildApp({ config: testConfig({ DB_FILE: file }), logger: { level: 'trace', stream }, seedIfEmpty: false });
    await app.ready();
    await addUser(app, 'log@example.no');
    const a = agent(app);
    await a.get('/admin/login');
    await a.post('/admin/login', { email: 'log@example.no', password: 'a wrong secret phrase' });
    await a.post('/admin/login', { email: 'log@example.no', password: PASSWORD });
    await app.close();
    removeDbFile(file);
    const log = lines.join('');
    expect(log).toContain('login failed');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('a wrong secret phrase');
    expect(log).not.toContain(encodeURIComponent(PASSWORD));
  });
});
