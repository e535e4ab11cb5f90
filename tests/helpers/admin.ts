// Signing in through the real login form, for admin route tests.
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { createUser, type Role } from '../../server/domain/accounts/users.ts';

export const PASSWORD = 'korrekt hest batteri stift';

export function cookiesOf(res: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  return Object.fromEntries(list.map((c: string) => c.split(';')[0].split('=')).map(([k, ...v]) => [k, decodeURIComponent(v.join('='))]));
}

export const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('; ');

export function csrfIn(html: string): string {
  return parse(html).querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '';
}

export const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};

/** A multipart/form-data body: text fields and at most one file, as a browser sends it. */
export function multipart(fields: Record<string, string>, file: { name: string; data: Buffer; type?: string } | null) {
  const boundary = '----test' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface Agent {
  jar: Record<string, string>;
  csrf: string;
  get(url: string): Promise<import('light-my-request').Response>;
  post(url: string, fields: Record<string, string | string[]>, options?: { csrf?: string | null }): Promise<import('light-my-request').Response>;
}

/** A browser-like client: keeps cookies, reads the CSRF token of the last page. */
export function agent(app: FastifyInstance): Agent {
  const a: Agent = {
    jar: {},
    csrf: '',
    async get(url) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(a.jar) } });
      Object.assign(a.jar, cookiesOf(res));
      const token = csrfIn(res.body);
      if (token) a.csrf = token;
      return res;
    },
    async post(url, fields, options = {}) {
      const body = { ...fields };
      const token = options.csrf === undefined ? a.csrf : options.csrf;
      if (token !== null) body._csrf = token;
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { cookie: cookieHeader(a.jar), 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(body),
      });
      Object.assign(a.jar, cookiesOf(res));
      const t = csrfIn(res.body);
      if (t) a.csrf = t;
      return res;
    },
  };
  return a;
}

export async function addUser(app: FastifyInstance, email: string, role: Role = 'editor', password = PASSWORD) {
  return createUser(app.db.sqlite, { email, password, role });
}

/** Signs in and returns the agent, with the admin overview's CSRF token. */
export async function signIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<Agent> {
  const a = agent(app);
  await a.get('/admin/login');
  const res = await a.post('/admin/login', { email, password });
  if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode}`);
  await a.get('/admin');
  return a;
}
