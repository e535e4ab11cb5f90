// Citation downloads at each permalink: /i/:ref/cite.bib (BibTeX), cite.ris (RIS) and
// cite.json (CSL-JSON), for every kind (/i, /p, /a, /o, /e, /r), in both languages (the
// /en ones cite in English). The ref in any letter case; unknown refs are a 404.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RecordKind } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { REF_RE } from '../schemas/record-params.ts';
import { loadSearchLabels } from '../domain/labels.ts';
import { RECORD_READERS } from '../domain/records/index.ts';
import { recordChangedAt } from '../domain/record-changed.ts';
import { todayIso } from '../domain/citation.ts';
import {
  RECORD_ROUTES,
  presentArea,
  presentEvent,
  presentInitiative,
  presentOrganisation,
  presentProgramme,
  presentResource,
  type Context,
} from '../presenters/records.ts';
import { CITATION_FORMATS, citationFile, citationInput, type CitationFormat } from '../presenters/citation.ts';

const PRESENTERS: Record<RecordKind, (record: never, ctx: Context) => { ref: string; title: { text: string; lang: string | null }; permalink: { href: string; text: string } }> = {
  initiative: presentInitiative,
  programme: presentProgramme,
  area: presentArea,
  organisation: presentOrganisation,
  event: presentEvent,
  resource: presentResource,
};

const CiteParamsSchema = Type.Object({ ref: Type.String({ maxLength: 200 }), format: Type.String({ maxLength: 10 }) });
type CiteParams = Static<typeof CiteParamsSchema>;

export default async function citeRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;
  for (const kind of Object.keys(PRESENTERS) as RecordKind[]) {
    app.get<{ Params: CiteParams }>(`${RECORD_ROUTES[kind].permalink}/:ref/cite.:format`, { schema: { params: CiteParamsSchema } }, async (request, reply) => {
      const { ref, format } = request.params;
      if (!Object.hasOwn(CITATION_FORMATS, format)) throw new NotFoundError('cite.error.format', { format: format.slice(0, 10) });
      const record = REF_RE.test(ref) ? RECORD_READERS[kind].byRef(sqlite, ref) : null;
      if (!record) throw new NotFoundError('error.refNotFound', { ref: ref.slice(0, 60) });
      const ctx: Context = { locale: request.locale, vocab: loadSearchLabels(sqlite).vocab, origin: app.publicOrigin };
      const presented = PRESENTERS[kind](record as never, ctx);
      const input = citationInput({ kind, ...presented, changed: recordChangedAt(sqlite, kind, presented.ref) }, ctx, todayIso());
      const f = format as CitationFormat;
      return reply
        .type(CITATION_FORMATS[f].contentType)
        .header('Content-Disposition', `attachment; filename="${presented.ref.replace(/[^A-Za-z0-9_-]/g, '_')}.${f}"`)
        .send(citationFile(f, input));
    });
  }
}
