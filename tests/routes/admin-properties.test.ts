// Hostile input never breaks anything, on the forms that change data (issue 14): a signed-in
// editor posts arbitrary values to every admin form — each record kind's create and edit
// form (fields found in the rendered form, row fields included), state changes, restores,
// the suggestion queue, user management, import — and a visitor to the public suggestion
// form and the login form. Values are hostile text, repeated fields, broken numbers and
// dates, markup, and valid forms with one to three fields made hostile. Every answer is a
// 2xx/3xx/4xx with a message, escaped, never a stack; an edit that is refused leaves the
// stored record exactly as it was; a page saved with hostile text shows it escaped.
import fc from 'fast-check';
import { parse, type HTMLElement } from 'node-html-parser';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, agent, cookieHeader, form, multipart, signIn, type Agent } from '../helpers/admin.ts';
import { checkAnswer, hostileText, MARKUP } from '../helpers/hostile.ts';
import { KIND_LIST, type KindInfo } from '../../server/domain/editorial/kinds.ts';
import { readRecordInput } from '../../server/domain/editorial/read-input.ts';
import { formPairs } from '../../scripts/soak-editor.ts';

const NUM_RUNS = Math.ceil(Number(process.env.PROPERTY_RUNS ?? 100) / 2);

type Pairs = [string, string][];

/** Every field name and every option value of a form, for the generators. */
function fieldsOf(formEl: HTMLElement): { names: string[]; options: string[] } {
  const names = new Set<string>();
  const options = new Set<string>();
  for (const el of formEl.querySelectorAll('input[name], textarea[name], select[name]')) {
    const name = el.getAttribute('name')!;
    if (name !== '_csrf' && name !== '_revision') names.add(name);
    for (const o of el.querySelectorAll('option')) options.add(o.getAttribute('value') ?? '');
    if (el.getAttribute('type') === 'checkbox' || el.getAttribute('type') === 'radio') options.add(el.getAttribute('value') ?? '');
  }
  return { names: [...names], options: [...options].filter(Boolean) };
}

/** A value a field might get: hostile text, a valid option of some field, a number or date at the edge. */
function value(options: string[]) {
  return fc.oneof(
    { weight: 4, arbitrary: hostileText },
    { weight: 2, arbitrary: options.length ? fc.constantFrom(...options) : hostileText },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1899', '2031', '20000', '1e3', '2010.5', '0x7d0', '2024-02-30', '2024-13-01', '31.12.2020', 'http://', 'javascript:alert(1)', 'ftp://x', 'https://example.org/a b') },
  );
}

/** A posted form: the valid form with up to 3 fields changed (set, repeated or removed), or loose hostile pairs. */
function posted(valid: Pairs, names: string[], options: string[]) {
  const v = value(options);
  const change = fc.tuple(fc.constantFrom(...names), fc.constantFrom('set', 'repeat', 'remove'), v, v);
  const mutated = fc.array(change, { maxLength: 3 }).map((changes) => {
    let pairs = valid.map(([k, x]) => [k, x] as [string, string]);
    for (const [name, how, a, b] of changes) {
      pairs = pairs.filter(([k]) => k !== name);
      if (how === 'set') pairs.push([name, a]);
      if (how === 'repeat') pairs.push([name, a], [name, b]);
    }
    return pairs;
  });
  const loose = fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: hostileText }), v), { maxLength: 15 });
  return fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: loose });
}

function encode(pairs: Pairs, csrf: string | null): string {
  const p = new URLSearchParams();
  if (csrf !== null) p.append('_csrf', csrf);
  for (const [k, v] of pairs) if (k !== '_csrf') p.append(k, v);
  return p.toString();
}

let t: TestApp;
let editor: Agent;
let admin: Agent;
let adminId: number;

async function send(who: Agent, url: string, body: string, htmx = false): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { cookie: cookieHeader(who.jar), 'content-type': 'application/x-www-form-urlencoded' };
  if (htmx) headers['hx-request'] = 'true';
  return t.app.inject({ method: 'POST', url, payload: body, headers });
}

/** Checks an answer and, after a redirect, the page it leads to (where hostile text shows up escaped). */
async function checkAndFollow(who: Agent, res: LightMyRequestResponse, url: string): Promise<void> {
  checkAnswer(res, url);
  const next = String(res.headers.location ?? res.headers['hx-redirect'] ?? '');
  if (next.startsWith('/')) checkAnswer(await who.get(next), `${next} after ${url}`);
}

const stored = (info: KindInfo, ref: string) => JSON.stringify(readRecordInput(t.app.db.sqlite, info.kind, ref));

/** The edit form of a record, and its fields with one of each row added (rows are added by a posted "_add"). */
async function formOf(who: Agent, url: string): Promise<{ valid: Pairs; names: string[]; options: string[]; csrf: string }> {
  const page = parse((await who.get(url)).body);
  const el = page.querySelector('form:has(button[name="_save"])') ?? page.querySelectorAll('form').at(-1)!;
  const valid = formPairs(el);
  const all = fieldsOf(el);
  for (const add of el.querySelectorAll('button[name="_add"]').map((b) => b.getAttribute('value')!)) {
    const withRow = parse((await send(who, url.replace(/\?.*$/, ''), encode([...valid, ['_add', add]], who.csrf))).body);
    const rowForm = withRow.querySelector('form:has(button[name="_save"])');
    if (rowForm) for (const n of fieldsOf(rowForm).names) if (!all.names.includes(n)) all.names.push(n);
  }
  return { valid, ...all, csrf: who.csrf };
}

beforeAll(async () => {
  t = await buildTestApp();
  adminId = (await addUser(t.app, 'admin@example.org', 'admin')).id;
  await addUser(t.app, 'editor@example.org', 'editor');
  admin = await signIn(t.app, 'admin@example.org');
  editor = await signIn(t.app, 'editor@example.org');
});
afterAll(async () => t.close());

describe('hostile input on every admin form', () => {
  for (const info of KIND_LIST) {
    it(`${info.plural}: create and edit answer any posted form with a 2xx/3xx/4xx, escaped; a refused edit changes nothing`, { timeout: 300_000 }, async () => {
      const ref = t.app.db.sqlite.prepare(`SELECT ref FROM ${info.table} ORDER BY ref LIMIT 1`).pluck().get() as string;
      const editUrl = `/admin/${info.plural}/${encodeURIComponent(ref)}`;
      const create = await formOf(editor, `/admin/${info.plural}/new`);
      const edit = await formOf(editor, editUrl);
      const names = [...new Set([...create.names, ...edit.names])];
      const options = [...new Set([...create.options, ...edit.options])];
      let saved = 0;
      await fc.assert(
        fc.asyncProperty(fc.boolean(), posted(edit.valid, names, options), fc.boolean(), fc.constantFrom('token', 'token', 'token', 'token', 'none', 'wrong'), async (isEdit, pairs, htmx, csrfMode) => {
          const page = parse((await editor.get(isEdit ? editUrl : `/admin/${info.plural}/new`)).body);
          const revision = page.querySelector('input[name="_revision"]')?.getAttribute('value') ?? '0';
          const csrf = csrfMode === 'token' ? editor.csrf : csrfMode === 'wrong' ? 'x'.repeat(43) : null;
          const body = encode([...pairs.filter(([k]) => k !== '_revision'), ['_revision', revision]], csrf);
          const before = stored(info, ref);
          const url = isEdit ? editUrl : `/admin/${info.plural}/new`;
          const res = await send(editor, url, body, htmx);
          await checkAndFollow(editor, res, `POST ${url}`);
          if (csrfMode !== 'token') expect(res.statusCode, `POST ${url} without its token`).toBe(403);
          if (isEdit && res.statusCode >= 400) expect(stored(info, ref), `refused edit of ${ref}`).toBe(before);
          if (res.statusCode === 303 || res.headers['hx-redirect']) saved++;
        }),
        { numRuns: NUM_RUNS },
      );
      // The runs must reach the save, not only the validation: some forms went through.
      expect(saved, `${info.plural}: saved forms`).toBeGreaterThan(0);
      expect(t.app.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    });
  }

  it('state changes and restores answer any target state, revision and revision number', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KIND_LIST), hostileText, hostileText, hostileText, async (info, to, revision, number) => {
        const ref = t.app.db.sqlite.prepare(`SELECT ref FROM ${info.table} ORDER BY random() LIMIT 1`).pluck().get() as string;
        await editor.get(`/admin/${info.plural}/${encodeURIComponent(ref)}`);
        const before = stored(info, ref);
        const stateUrl = `/admin/${info.plural}/${encodeURIComponent(ref)}/state`;
        const a = await send(editor, stateUrl, form({ _csrf: editor.csrf, to, _revision: revision }));
        await checkAndFollow(editor, a, `POST ${stateUrl}`);
        if (a.statusCode >= 400) expect(stored(info, ref)).toBe(before);
        const restoreUrl = `/admin/${info.plural}/${encodeURIComponent(ref)}/history/${encodeURIComponent(number)}/restore`;
        const b = await send(editor, restoreUrl, form({ _csrf: editor.csrf, _revision: revision }));
        await checkAndFollow(editor, b, `POST ${restoreUrl}`);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the suggestion form and the queue answer any text, contact, target, action and note', { timeout: 300_000 }, async () => {
    const visitor = agent(t.app);
    const suggestForm = await formOf(visitor, '/suggest');
    await fc.assert(
      fc.asyncProperty(posted(suggestForm.valid, suggestForm.names, suggestForm.options), async (pairs) => {
        await visitor.get('/suggest');
        const res = await send(visitor, '/suggest', encode(pairs, visitor.csrf));
        await checkAndFollow(visitor, res, 'POST /suggest');
      }),
      { numRuns: NUM_RUNS },
    );
    // The queue now holds what the visitor sent; editors act on it with hostile values.
    const ids = t.app.db.sqlite.prepare(`SELECT id FROM suggestions`).pluck().all() as number[];
    const id = fc.oneof(ids.length ? fc.constantFrom(...ids.map(String)) : fc.constant('1'), hostileText.map(encodeURIComponent));
    await fc.assert(
      fc.asyncProperty(id, fc.oneof(fc.constantFrom('accept', 'reject'), hostileText.map(encodeURIComponent)), hostileText, hostileText, hostileText, async (sid, action, note, title, country) => {
        await editor.get('/admin/suggestions');
        const url = `/admin/suggestions/${sid}/${action}`;
        const res = await send(editor, url, form({ _csrf: editor.csrf, note, title, country }));
        await checkAndFollow(editor, res, `POST ${url}`);
      }),
      { numRuns: NUM_RUNS },
    );
    // The queue page shows whatever was suggested, escaped.
    checkAnswer(await editor.get('/admin/suggestions'), '/admin/suggestions');
  });

  it('user management answers any email, role, name, password and action; the signed-in admin stays', { timeout: 300_000 }, async () => {
    const other = (await addUser(t.app, 'other@example.org', 'editor')).id;
    const id = fc.oneof(fc.constant(String(other)), hostileText.filter((x) => Number(x) !== adminId).map(encodeURIComponent));
    await fc.assert(
      fc.asyncProperty(hostileText, fc.oneof(fc.constantFrom('editor', 'admin'), hostileText), hostileText, hostileText, id, fc.oneof(fc.constantFrom('disable', 'enable', 'role'), hostileText), async (email, role, name, password, uid, action) => {
        await admin.get('/admin/users');
        const a = await send(admin, '/admin/users', form({ _csrf: admin.csrf, email, role, name, password }));
        await checkAndFollow(admin, a, 'POST /admin/users');
        const url = `/admin/users/${uid}`;
        const b = await send(admin, url, form({ _csrf: admin.csrf, action, role }));
        await checkAndFollow(admin, b, `POST ${url}`);
      }),
      { numRuns: NUM_RUNS },
    );
    expect((await admin.get('/admin/users')).statusCode).toBe(200);
    // Editors cannot reach it at all.
    expect((await send(editor, '/admin/users', form({ _csrf: editor.csrf, email: 'x@example.org', role: 'admin', password: 'p'.repeat(20) }))).statusCode).toBe(403);
  });

  it('import answers any file, name and content with a 2xx/4xx and a message, and writes nothing on an error', { timeout: 300_000 }, async () => {
    const count = () => t.app.db.sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number;
    const content = fc.oneof(
      hostileText,
      fc.array(fc.array(hostileText, { maxLength: 12 }).map((cells) => cells.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')), { maxLength: 6 }).map(
        (rows) => ['ref;titleEn;titleNb;country;periodStart;periodEnd;status;measureTypes;summaryNb;sourceUrls;sourceTitle', ...rows].join('\n'),
      ),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom('[{"ref": 1}]', '{"initiatives": "x"}', '[', '\ufeff', `[{"titleEn": "${MARKUP[0]}"}]`),
    );
    const filename = fc.oneof(fc.constantFrom('a.csv', 'a.json', 'a.txt', 'a', '.csv', '../../a.csv'), hostileText.map((x) => x.replace(/["\r\n]/g, '')));
    await fc.assert(
      fc.asyncProperty(content, filename, async (text, name) => {
        await admin.get('/admin/import');
        const before = count();
        const { payload, contentType } = multipart({ _csrf: admin.csrf }, { name, data: Buffer.from(text), type: 'text/csv' });
        const res = await t.app.inject({ method: 'POST', url: '/admin/import', payload, headers: { 'content-type': contentType, cookie: cookieHeader(admin.jar) } });
        checkAnswer(res, `import of ${JSON.stringify(name)}`);
        expect(count()).toBe(before);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the login form answers any email and password with a 2xx/3xx/4xx and never signs anyone in', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (email, password) => {
        const visitor = agent(t.app);
        await visitor.get('/admin/login');
        const res = await visitor.post('/admin/login', { email, password });
        checkAnswer(res, 'POST /admin/login');
        expect(res.statusCode).not.toBe(303);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
