// Login and logout at /admin/login (and /en/admin/login).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { verifyPassword, dummyPasswordHash } from '../../domain/accounts/passwords.ts';
import { findLoginByEmail, normaliseEmail } from '../../domain/accounts/users.ts';
import { createSession, endSession, SESSION_HOURS } from '../../domain/accounts/sessions.ts';
import { clearFailures, lockedMinutes, recordFailure } from '../../domain/accounts/login-throttle.ts';
import { appendCookie, checkCsrf, cookieHeader, csrfTokenFor, field, isSecureSite, SESSION_COOKIE } from '../../plugins/sessions.ts';
import { pathsFor } from '../../presenters/search.ts';
import { toSameOriginPath } from '../../same-origin-path.ts';
import { privatePage } from './guard.ts';

/** Where to go after login: a same-site /admin path only. */
function nextPath(request: FastifyRequest, raw: string): string {
  const home = `${pathsFor(request.locale).prefix}/admin`;
  if (!raw) return home;
  const path = toSameOriginPath(raw);
  return /^(\/en)?\/admin(\/|$|\?)/.test(path) && !path.includes('/admin/login') ? path : home;
}

export default async function authRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;

  app.get<{ Querystring: { next?: string } }>('/admin/login', async (request, reply) => {
    privatePage(reply);
    if (request.session) return reply.redirect(nextPath(request, String(request.query.next ?? '')), 303);
    return reply.render('admin/login', {
      csrf: csrfTokenFor(request, reply),
      next: String(request.query.next ?? ''),
      email: '',
      error: null,
      canonicalPath: null,
    });
  });

  app.post('/admin/login', async (request, reply) => {
    privatePage(reply);
    checkCsrf(request);
    const email = normaliseEmail(field(request.body, 'email')).slice(0, 254);
    const password = field(request.body, 'password');
    const next = field(request.body, 'next');
    const again = (status: number, error: { key: string; params?: Record<string, number> }) =>
      reply.render('admin/login', { csrf: csrfTokenFor(request, reply), next, email, error, canonicalPath: null }, { status });

    const minutes = lockedMinutes(sqlite, email, request.ip);
    if (minutes > 0) return again(429, { key: 'admin.login.locked', params: { minutes } });
    const account = email ? findLoginByEmail(sqlite, email) : null;
    // The same work whether or not the account exists, so timing does not tell.
    const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
    if (!account || !ok || account.disabled) {
      recordFailure(sqlite, email, request.ip);
      request.log.info({ email }, 'login failed');
      const now = lockedMinutes(sqlite, email, request.ip);
      return now > 0 ? again(429, { key: 'admin.login.locked', params: { minutes: now } }) : again(401, { key: 'admin.login.failed' });
    }
    clearFailures(sqlite, email, request.ip);
    const cookie = createSession(sqlite, app.sessionSecret, account.id);
    request.log.info({ userId: account.id }, 'login');
    appendCookie(reply, cookieHeader(SESSION_COOKIE, cookie, { secure: isSecureSite(app, request), maxAge: SESSION_HOURS * 3600 }));
    return reply.redirect(nextPath(request, next), 303);
  });

  app.post('/admin/logout', async (request, reply) => {
    checkCsrf(request);
    if (request.session) endSession(sqlite, request.session.idHash);
    appendCookie(reply, cookieHeader(SESSION_COOKIE, '', { secure: isSecureSite(app, request), maxAge: 0 }));
    return reply.redirect(`${pathsFor(request.locale).prefix}/admin/login`, 303);
  });
}
