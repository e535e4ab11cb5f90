// Until the public read functions filter on state themselves (one PUBLISHED condition in
// server/domain/records/shared.ts), this hook answers 404 for the public page, the API
// record (by slug or ref) and anything under it (/similar) of a draft, a record in review
// or a withdrawn record, of every kind. Lists and relations do not filter yet. Search never sees them: its projection
// (search/documents.ts, search/record-documents.ts) only builds documents of published records.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../errors.ts';

const KINDS = ['initiatives', 'areas', 'programmes', 'organisations', 'events', 'resources'] as const;
type Kind = (typeof KINDS)[number];
const PUBLIC_RECORD = new RegExp(`^(?:/en)?/(?:api/v1/)?(${KINDS.join('|')})/([A-Za-z0-9-]+)/?(?:[?/]|$)`);

export default fp(
  async function recordVisibilityPlugin(app: FastifyInstance) {
    // By slug, or (the API) by ref in any letter case.
    const stateOf = Object.fromEntries(
      KINDS.map((table) => [table, app.db.sqlite.prepare(`SELECT state FROM ${table} WHERE slug = @id OR ref = @id COLLATE NOCASE LIMIT 1`).pluck()]),
    ) as Record<Kind, ReturnType<typeof app.db.sqlite.prepare>>;
    app.addHook('preHandler', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const m = PUBLIC_RECORD.exec(request.url);
      if (!m) return;
      const state = stateOf[m[1] as Kind].get({ id: m[2] }) as string | undefined;
      if (state !== undefined && state !== 'published') throw new NotFoundError();
    });
  },
  { name: 'record-visibility', dependencies: ['database'] },
);
