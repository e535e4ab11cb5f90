// Until the public read functions filter on state themselves (server/domain/catalogue.ts
// and the records rework), this hook answers 404 for the public page or API record of a
// draft, a record in review or a withdrawn record. Search never sees them: its projection
// (search/documents.ts, search/record-documents.ts) only builds documents of published records.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../errors.ts';

const PUBLIC_RECORD = /^(?:\/en)?\/(initiatives|areas|programmes)\/([a-z0-9-]+)\/?(?:\?|$)|^\/api\/v1\/(initiatives)\/([a-z0-9-]+)\/?(?:\?|$)/;

export default fp(
  async function recordVisibilityPlugin(app: FastifyInstance) {
    const stateOf = {
      initiatives: app.db.sqlite.prepare(`SELECT state FROM initiatives WHERE slug = ?`).pluck(),
      areas: app.db.sqlite.prepare(`SELECT state FROM areas WHERE slug = ?`).pluck(),
      programmes: app.db.sqlite.prepare(`SELECT state FROM programmes WHERE slug = ?`).pluck(),
    };
    app.addHook('preHandler', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const m = PUBLIC_RECORD.exec(request.url);
      if (!m) return;
      const table = (m[1] ?? m[3]) as keyof typeof stateOf;
      const state = stateOf[table].get(m[2] ?? m[4]) as string | undefined;
      if (state !== undefined && state !== 'published') throw new NotFoundError();
    });
  },
  { name: 'record-visibility', dependencies: ['database'] },
);
