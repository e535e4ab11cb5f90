// GET /compare?ids=I001,I005[&diff=1] — 2–4 initiatives side by side (and /en/compare).
// Every problem with the ids is one 400 page naming it (domain/compare.ts).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { loadSearchLabels } from '../domain/labels.ts';
import { loadComparison } from '../domain/compare.ts';
import { presentComparison } from '../presenters/compare.ts';
import { schemaErrorFormatter } from '../schemas/validation-messages.ts';

const Parameter = Type.Union([Type.String({ maxLength: 1000 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })]);
const CompareQuerystringSchema = Type.Object(
  { ids: Type.Optional(Parameter), diff: Type.Optional(Parameter) },
  { additionalProperties: true },
);
type CompareQuerystring = Static<typeof CompareQuerystringSchema>;

export default async function compareRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;
  app.get<{ Querystring: CompareQuerystring }>('/compare', { schema: { querystring: CompareQuerystringSchema }, schemaErrorFormatter }, async (request, reply) => {
    const initiatives = loadComparison(sqlite, request.query.ids);
    const onlyDifferences = [request.query.diff].flat().includes('1');
    const ctx = { locale: request.locale, vocab: loadSearchLabels(sqlite).vocab, origin: app.publicOrigin };
    const comparison = presentComparison(initiatives, ctx, onlyDifferences);
    return reply.render('compare', { comparison, canonicalPath: comparison.canonicalPath });
  });
}
