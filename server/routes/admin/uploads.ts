// Uploads of resources: POST /admin/resources/:ref/upload stores a checked file and adds
// it to the resource's links (a revision like any edit); GET /uploads/:name serves it
// with headers that keep a browser from running or sniffing it.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { NotFoundError, UserError } from '../../errors.ts';
import { findUpload, storeUpload, detectFileType } from '../../domain/editorial/uploads.ts';
import { readRecordInput } from '../../domain/editorial/read-input.ts';
import { EditConflict, saveRecord, ValidationFailed } from '../../domain/editorial/save-record.ts';
import type { ResourceInput } from '../../schemas/catalogue.ts';
import { acceptMultipart, FILES, type MultipartBody } from '../../plugins/multipart.ts';
import { field } from '../../plugins/sessions.ts';
import { pathsFor } from '../../presenters/search.ts';
import { privatePage, requireRole } from './guard.ts';

export default async function adminUploadRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;
  const { UPLOAD_DIR, UPLOAD_MAX_BYTES } = app.config;
  // Room for the other fields; a body beyond this is refused by Fastify (413) unread.
  acceptMultipart(app, UPLOAD_MAX_BYTES + 256 * 1024);

  app.post<{ Params: { ref: string } }>(
    '/admin/resources/:ref/upload',
    { onRequest: async (_request, reply) => privatePage(reply), preHandler: requireRole('editor') },
    async (request, reply) => {
      const stored = readRecordInput(sqlite, 'resource', request.params.ref);
      if (!stored) throw new NotFoundError();
      const body = (request.body ?? {}) as MultipartBody;
      const file = body[FILES]?.find((f) => f.field === 'file');
      if (!file) throw new UserError(400, [{ key: 'admin.upload.missing' }]);
      const kind = field(body, 'kind') || (detectFileType(file.data)?.ext === 'pptx' ? 'slides' : 'pdf');
      const upload = storeUpload(sqlite, { dir: UPLOAD_DIR, maxBytes: UPLOAD_MAX_BYTES }, file, request.session!.user.id);
      const input = stored.input as ResourceInput;
      const links = [...input.links, { kind, url: `${app.publicOrigin}/uploads/${upload.name}` }];
      try {
        saveRecord(sqlite, {
          kind: 'resource',
          ref: input.ref,
          input: { ...input, links },
          baseRevision: Number(field(body, '_revision')) || 0,
          userId: request.session!.user.id,
        });
      } catch (err) {
        // The file stays unlinked; the editor is told why.
        if (err instanceof EditConflict) throw new UserError(409, [{ key: 'admin.upload.conflict' }]);
        if (err instanceof ValidationFailed) throw new UserError(400, [{ key: 'admin.upload.linkKind' }]);
        throw err;
      }
      return reply.redirect(`${pathsFor(request.locale).prefix}/admin/resources/${encodeURIComponent(input.ref)}`, 303);
    },
  );
}

/** GET /uploads/:name, registered once (no language prefix). */
export async function uploadFileRoutes(app: FastifyInstance) {
  app.get<{ Params: { name: string } }>('/uploads/:name', async (request, reply) => {
    const upload = findUpload(app.db.sqlite, request.params.name);
    const file = upload ? path.join(app.config.UPLOAD_DIR, upload.name) : null;
    if (!upload || !file || !fs.existsSync(file)) throw new NotFoundError();
    const inline = upload.contentType.startsWith('image/');
    const ascii = upload.originalName.replace(/[^\x20-\x7e]/g, '_');
    return reply
      .type(upload.contentType)
      .header('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(upload.originalName)}`)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Content-Length', upload.size)
      .send(fs.createReadStream(file));
  });
}
