// The editing part of `npm run soak`: one editor, signed in through the real login form,
// saves an initiative again and again through the real admin form (CSRF token, revision
// check) while the load runs, each save with a new marker word in its English summary.
// Reports saves, failures and latencies, and whether search found the last marker
// afterwards (every save must reach search through the change feed).
import { parse, type HTMLElement } from 'node-html-parser';

export interface EditingResult {
  saves: number;
  failures: number;
  /** Status and a line of the body of the first failures, for the log. */
  failureNotes: string[];
  p50: number;
  p99: number;
  /** The last saved marker was found by the API search after the phase. */
  lastSaveSearchable: boolean | null;
}

type Jar = Map<string, string>;

function remember(jar: Jar, res: Response): void {
  for (const cookie of res.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

async function request(origin: string, jar: Jar, path: string, body?: URLSearchParams): Promise<{ res: Response; text: string }> {
  const res = await fetch(origin + path, {
    method: body ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { cookie: cookieHeader(jar), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body,
  });
  remember(jar, res);
  return { res, text: await res.text() };
}

/**
 * Every field of a form as the browser would send it: checked boxes, the selected option
 * (the first when none is marked), text areas; buttons and files left out.
 */
export function formPairs(form: HTMLElement): [string, string][] {
  const pairs: [string, string][] = [];
  for (const el of form.querySelectorAll('input, textarea, select')) {
    const name = el.getAttribute('name');
    if (!name) continue;
    const type = (el.getAttribute('type') ?? '').toLowerCase();
    if (el.tagName === 'SELECT') {
      const chosen = el.querySelector('option[selected]') ?? el.querySelector('option');
      if (chosen) pairs.push([name, chosen.getAttribute('value') ?? chosen.text]);
    } else if (el.tagName === 'TEXTAREA') pairs.push([name, el.text]);
    else if (type === 'checkbox' || type === 'radio') {
      if (el.hasAttribute('checked')) pairs.push([name, el.getAttribute('value') ?? 'on']);
    } else if (type !== 'submit' && type !== 'file') pairs.push([name, el.getAttribute('value') ?? '']);
  }
  return pairs;
}

function fieldsOf(html: string, selector: string): URLSearchParams {
  const form = parse(html).querySelector(selector);
  if (!form) throw new Error(`no ${selector} on the page`);
  return new URLSearchParams(formPairs(form));
}

export async function signIn(origin: string, email: string, password: string): Promise<Jar> {
  const jar: Jar = new Map();
  const login = await request(origin, jar, '/admin/login');
  const fields = fieldsOf(login.text, 'form');
  fields.set('email', email);
  fields.set('password', password);
  const res = await request(origin, jar, '/admin/login', fields);
  if (res.res.status !== 303) throw new Error(`the editor could not sign in (${res.res.status})`);
  return jar;
}

const stats = (times: number[]) => {
  const s = [...times].sort((a, b) => a - b);
  return { p50: Math.round(s[Math.floor(s.length / 2)] ?? 0), p99: Math.round(s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] ?? 0) };
};

/** Saves the initiative at `editPath` every `pauseMs` until `until()` says stop. */
export async function editWhile(origin: string, jar: Jar, editPath: string, until: () => boolean, pauseMs = 250): Promise<EditingResult> {
  const times: number[] = [];
  const failureNotes: string[] = [];
  let failures = 0;
  let marker = '';
  for (let n = 1; !until(); n++) {
    const started = performance.now();
    try {
      const page = await request(origin, jar, editPath);
      const fields = fieldsOf(page.text, '#record-form');
      const summary = (fields.get('summary.en') ?? '').replace(/ soakmark\d+[a-z]+$/, '');
      marker = `soakmark${n}${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 6) || 'x'}`;
      fields.set('summary.en', `${summary} ${marker}`);
      const saved = await request(origin, jar, editPath, fields);
      if (saved.res.status !== 303) {
        failures++;
        if (failureNotes.length < 5) failureNotes.push(`${saved.res.status}: ${saved.text.replace(/\s+/g, ' ').slice(0, 160)}`);
        marker = '';
      } else times.push(performance.now() - started);
    } catch (err) {
      failures++;
      if (failureNotes.length < 5) failureNotes.push((err as Error).message);
      marker = '';
    }
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  let lastSaveSearchable: boolean | null = null;
  if (marker) {
    try {
      const res = await fetch(`${origin}/api/v1/initiatives?q=${marker}`);
      const body = (await res.json()) as { total?: number };
      lastSaveSearchable = res.ok && body.total === 1;
    } catch {
      // The server is gone (stopped, or killed by a fault test): not searchable from here.
      lastSaveSearchable = false;
    }
  }
  return { saves: times.length, failures, failureNotes, ...stats(times), lastSaveSearchable };
}
