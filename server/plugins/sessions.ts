// Editors' sessions and CSRF protection (an own small implementation rather than
// @fastify/secure-session + @fastify/csrf-protection: sessions live in SQLite so an admin
// can end them, and the token checks are a few lines).
// - Form bodies (application/x-www-form-urlencoded) are parsed into { name: value | values }.
// - request.session: the signed-in editor's session (cookie `kb_session`: random id + HMAC
//   with SESSION_SECRET; http-only, SameSite=Lax, Secure when the site is served over https).
// - CSRF: a signed-in form carries the session's synchronizer token; a form without a
//   session (login, suggestions) carries a signed token that must equal the `kb_csrf`
//   cookie (double submit). Checked by `checkCsrf` on every POST that changes data.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveSessionSecret } from '../config.ts';
import { csrfTokenMatches, readSession, type Session } from '../domain/accounts/sessions.ts';
import { UserError } from '../errors.ts';

export const SESSION_COOKIE = 'kb_session';
export const CSRF_COOKIE = 'kb_csrf';
export const CSRF_FIELD = '_csrf';

export type FormBody = Record<string, string | string[]>;

declare module 'fastify' {
  interface FastifyInstance {
    sessionSecret: string;
  }
  interface FastifyRequest {
    session: Session | null;
    cookies: Record<string, string>;
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const name = part.slice(0, i).trim();
    try {
      out[name] ??= decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // a badly encoded cookie is ignored
    }
  }
  return out;
}

/** Parses a urlencoded form; a repeated name becomes a list. */
export function parseForm(body: string): FormBody {
  const out: FormBody = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** One value of a form field (the first, when repeated). */
export function field(body: unknown, name: string): string {
  const v = (body as FormBody | undefined)?.[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export function isSecureSite(app: FastifyInstance, request: FastifyRequest): boolean {
  return app.config.PUBLIC_URL.startsWith('https:') || request.protocol === 'https';
}

export function cookieHeader(name: string, value: string, options: { secure: boolean; maxAge?: number }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  return parts.join('; ');
}

/** Adds a Set-Cookie header without dropping ones already set. */
export function appendCookie(reply: FastifyReply, cookie: string): void {
  const prev = reply.getHeader('Set-Cookie');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)];
  reply.header('Set-Cookie', [...list, cookie]);
}

const signToken = (secret: string, value: string) => createHmac('sha256', secret).update(`csrf:${value}`).digest('base64url');

/**
 * The CSRF token a form should carry: the session's, or else the anonymous double-submit
 * token (set as a cookie when the request has none).
 */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  if (request.session) return request.session.csrfToken;
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && anonymousTokenValid(request.server.sessionSecret, existing)) return existing;
  const random = randomBytes(24).toString('base64url');
  const token = `${random}.${signToken(request.server.sessionSecret, random)}`;
  request.cookies[CSRF_COOKIE] = token;
  appendCookie(reply, cookieHeader(CSRF_COOKIE, token, { secure: isSecureSite(request.server, request) }));
  return token;
}

function anonymousTokenValid(secret: string, token: string): boolean {
  const [random, signature] = token.split('.');
  if (!random || !signature) return false;
  const a = Buffer.from(signToken(secret, random));
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws a 403 UserError unless the form's token matches the session's (or the anonymous cookie). */
export function checkCsrf(request: FastifyRequest): void {
  const given = field(request.body, CSRF_FIELD);
  const ok = request.session
    ? csrfTokenMatches(request.session.csrfToken, given)
    : Boolean(request.cookies[CSRF_COOKIE]) &&
      anonymousTokenValid(request.server.sessionSecret, given) &&
      csrfTokenMatches(request.cookies[CSRF_COOKIE], given);
  if (!ok) throw new UserError(403, [{ key: 'admin.csrf' }]);
}

export default fp(
  async function sessionsPlugin(app: FastifyInstance) {
    // Refuses to start with a missing or weak secret outside development and tests.
    app.decorate('sessionSecret', resolveSessionSecret(app.config));
    app.decorateRequest('session', null);
    app.decorateRequest('cookies', null as unknown as Record<string, string>);
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, parseForm(body as string));
    });
    app.addHook('onRequest', async (request) => {
      request.cookies = parseCookies(request.headers.cookie);
      const cookie = request.cookies[SESSION_COOKIE];
      request.session = cookie ? readSession(app.db.sqlite, app.sessionSecret, cookie) : null;
    });
  },
  { name: 'sessions', dependencies: ['database'] },
);
