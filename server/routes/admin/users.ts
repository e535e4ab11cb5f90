// /admin/users: admins list, create, disable and re-role editors.
import type { FastifyInstance } from 'fastify';
import { createUser, listUsers, updateUser, ROLES, type Role } from '../../domain/accounts/users.ts';
import { UserError } from '../../errors.ts';
import { csrfTokenFor, field } from '../../plugins/sessions.ts';
import { pathsFor } from '../../presenters/search.ts';
import { privatePage, requireRole } from './guard.ts';

export default async function userRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;
  app.addHook('preHandler', requireRole('admin'));
  app.addHook('onRequest', async (_request, reply) => privatePage(reply));

  const page = (request: Parameters<typeof csrfTokenFor>[0], reply: Parameters<typeof csrfTokenFor>[1], extra: Record<string, unknown> = {}, status = 200) =>
    reply.render(
      'admin/users',
      { users: listUsers(sqlite), roles: ROLES, csrf: csrfTokenFor(request, reply), me: request.session!.user, error: null, form: { email: '', role: 'editor', name: '' }, canonicalPath: null, ...extra },
      { status },
    );

  app.get('/admin/users', async (request, reply) => page(request, reply));

  app.post('/admin/users', async (request, reply) => {
    const form = { email: field(request.body, 'email'), role: field(request.body, 'role'), name: field(request.body, 'name') };
    try {
      await createUser(sqlite, { email: form.email, password: field(request.body, 'password'), role: form.role as Role, name: form.name });
    } catch (err) {
      if (err instanceof UserError) return page(request, reply, { error: err.messages[0], form }, err.statusCode);
      throw err;
    }
    return reply.redirect(`${pathsFor(request.locale).prefix}/admin/users`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/users/:id', async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id)) throw new UserError(404, [{ key: 'error.notFound' }]);
    const action = field(request.body, 'action');
    const change =
      action === 'disable' ? { disabled: true } : action === 'enable' ? { disabled: false } : action === 'role' ? { role: field(request.body, 'role') as Role } : null;
    if (!change) throw new UserError(400, [{ key: 'error.badRequest' }]);
    try {
      updateUser(sqlite, id, change);
    } catch (err) {
      if (err instanceof UserError && err.statusCode !== 404) return page(request, reply, { error: err.messages[0] }, err.statusCode);
      throw err;
    }
    return reply.redirect(`${pathsFor(request.locale).prefix}/admin/users`, 303);
  });
}
