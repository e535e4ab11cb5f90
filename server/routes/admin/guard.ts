// Access checks for /admin: every admin route runs `requireRole` before its handler.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UserError } from '../../errors.ts';
import type { Role } from '../../domain/accounts/users.ts';
import { checkCsrf } from '../../plugins/sessions.ts';
import { pathsFor } from '../../presenters/search.ts';

/**
 * A preHandler: no session sends a page request to the login form (303) and anything
 * else gets 401; a session without the role gets 403. POSTs must carry the CSRF token.
 */
export function requireRole(role: Role) {
  return async function guard(request: FastifyRequest, reply: FastifyReply) {
    const session = request.session;
    if (!session) {
      if (request.method === 'GET') {
        const next = encodeURIComponent(request.url.split('#')[0]);
        return reply.redirect(`${pathsFor(request.locale).prefix}/admin/login?next=${next}`, 303);
      }
      throw new UserError(401, [{ key: 'admin.loginRequired' }]);
    }
    if (role === 'admin' && session.user.role !== 'admin') throw new UserError(403, [{ key: 'admin.forbidden' }]);
    if (request.method === 'POST') checkCsrf(request);
  };
}

/** Admin pages are never cached by a shared cache nor indexed. */
export function privatePage(reply: FastifyReply): void {
  reply.header('X-Robots-Tag', 'noindex, nofollow');
}
