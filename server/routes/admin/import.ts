// /admin/import: an admin uploads a CSV or JSON file of initiatives, sees a dry run with
// every row's action and errors (nothing written), then applies it in one transaction.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, UserError } from '../../errors.ts';
import { acceptMultipart, FILES, type MultipartBody } from '../../plugins/multipart.ts';
import { csrfTokenFor } from '../../plugins/sessions.ts';
import { applyImport, CSV_COLUMNS, ImportFileError, parseImportFile, previewImport, type ImportRow } from '../../domain/editorial/import-initiatives.ts';
import { pathsFor } from '../../presenters/search.ts';
import { t } from '../../i18n/index.ts';
import { privatePage, requireRole } from './guard.ts';

export default async function adminImportRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;
  acceptMultipart(app, 5 * 1024 * 1024);
  app.addHook('onRequest', async (_request, reply) => privatePage(reply));
  app.addHook('preHandler', requireRole('admin'));
  const base = (request: FastifyRequest) => `${pathsFor(request.locale).prefix}/admin`;

  const page = (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown>, status = 200) =>
    reply.render(
      'admin/import',
      { columns: CSV_COLUMNS, preview: null, batchId: null, fileError: null, adminBase: base(request), csrf: csrfTokenFor(request, reply), user: request.session!.user, canonicalPath: null, ...extra },
      { status },
    );

  app.get('/admin/import', async (request, reply) => page(request, reply, {}));

  app.post('/admin/import', async (request, reply) => {
    const file = ((request.body ?? {}) as MultipartBody)[FILES]?.find((f) => f.field === 'file');
    if (!file) return page(request, reply, { fileError: t(request.locale, 'admin.upload.missing') }, 400);
    let rows: ImportRow[];
    try {
      rows = parseImportFile(file.filename, file.data);
    } catch (err) {
      if (err instanceof ImportFileError) return page(request, reply, { fileError: t(request.locale, err.messageRef.key, err.messageRef.params) }, 400);
      throw err;
    }
    const report = previewImport(sqlite, rows).map((r) => ({
      ...r,
      errors: r.errors.map((e) => ({ field: t(request.locale, `field.${e.field.split('.').find((p) => !/^\d+$/.test(p)) ?? e.field}`), text: t(request.locale, e.message.key, e.message.params) })),
    }));
    const errorRows = report.filter((r) => r.errors.length > 0).length;
    const id = errorRows
      ? null
      : Number(sqlite.prepare(`INSERT INTO import_batches (user_id, filename, rows) VALUES (?, ?, ?)`).run(request.session!.user.id, file.filename.slice(0, 200), JSON.stringify(rows)).lastInsertRowid);
    return page(request, reply, { preview: { rows: report, errorRows, filename: file.filename }, batchId: id }, errorRows ? 400 : 200);
  });

  app.post<{ Params: { id: string } }>('/admin/import/:id/apply', async (request, reply) => {
    const batch = sqlite.prepare(`SELECT rows, applied_at, user_id FROM import_batches WHERE id = ?`).get(Number(request.params.id)) as
      | { rows: string; applied_at: string | null; user_id: number }
      | undefined;
    if (!batch || batch.user_id !== request.session!.user.id) throw new NotFoundError();
    if (batch.applied_at) throw new UserError(409, [{ key: 'import.error.applied' }]);
    try {
      sqlite.transaction(() => {
        applyImport(sqlite, JSON.parse(batch.rows) as ImportRow[], request.session!.user.id);
        sqlite.prepare(`UPDATE import_batches SET applied_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(Number(request.params.id));
      })();
    } catch (err) {
      // The catalogue changed since the dry run: nothing was written.
      if (err instanceof ImportFileError) throw new UserError(409, [err.messageRef]);
      throw err;
    }
    return reply.redirect(`${base(request)}/initiatives?state=draft`, 303);
  });
}
