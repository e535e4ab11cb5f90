// Record pages, in both languages: one page per record of every kind, the lists
// (programmes, areas, organisations, the searchable resource list), permalinks by stable
// ref (/i/I001 …) and old slugs, both answered with a 301 to the current page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Database from 'better-sqlite3';
import type { RecordKind } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { SLUG_RE } from '../schemas/slug.ts';
import {
  REF_RE,
  RefParamsSchema,
  ResourceQuerystringSchema,
  SlugParamsSchema,
  type RefParams,
  type ResourceQuerystring,
  type SlugParams,
} from '../schemas/record-params.ts';
import { schemaErrorFormatter } from '../schemas/validation-messages.ts';
import { loadSearchLabels } from '../domain/labels.ts';
import {
  currentSlugOf,
  getAreaBySlug,
  getEventBySlug,
  getInitiativeBySlug,
  getOrganisationBySlug,
  getProgrammeBySlug,
  getResourceBySlug,
  listAreas,
  listOrganisations,
  listProgrammes,
  listResourceFilterValues,
  listResources,
  parseResourceFilters,
  slugOfRef,
} from '../domain/records/index.ts';
import {
  RECORD_ROUTES,
  presentArea,
  presentAreaList,
  presentEvent,
  presentInitiative,
  presentOrganisation,
  presentOrganisationList,
  presentProgramme,
  presentProgrammeList,
  presentResource,
  presentResourceList,
  prefixOf,
  recordPath,
  suggestChangePath,
  type Context,
  type LinkView,
} from '../presenters/records.ts';
import { toSameOriginPath } from '../same-origin-path.ts';
import { idBySlug } from '../domain/records/shared.ts';
import { listSimilarInitiatives } from '../domain/similar.ts';
import { recordChangedAt } from '../domain/record-changed.ts';
import { todayIso } from '../domain/citation.ts';
import { presentSimilar } from '../presenters/similar.ts';
import { addToCompareUrl, parseCompareParam } from '../presenters/compare.ts';
import { citedSources, presentCitation } from '../presenters/citation.ts';

interface RecordPage<T> {
  kind: RecordKind;
  get(sqlite: Database.Database, slug: string): T | null;
  present(record: T, ctx: Context): unknown;
  view: string;
  notFound: string;
}

/** One kind's page, its record type checked here and forgotten in the list. */
const pageOf = <T>(page: RecordPage<T>) => page as RecordPage<unknown>;

const PAGES = [
  pageOf({ kind: 'initiative', get: getInitiativeBySlug, present: presentInitiative, view: 'initiative', notFound: 'error.initiativeNotFound' }),
  pageOf({ kind: 'programme', get: getProgrammeBySlug, present: presentProgramme, view: 'programme', notFound: 'error.programmeNotFound' }),
  pageOf({ kind: 'area', get: getAreaBySlug, present: presentArea, view: 'area', notFound: 'error.areaNotFound' }),
  pageOf({ kind: 'organisation', get: getOrganisationBySlug, present: presentOrganisation, view: 'organisation', notFound: 'error.organisationNotFound' }),
  pageOf({ kind: 'event', get: getEventBySlug, present: presentEvent, view: 'event', notFound: 'error.eventNotFound' }),
  pageOf({ kind: 'resource', get: getResourceBySlug, present: presentResource, view: 'resource', notFound: 'error.resourceNotFound' }),
];

type PresentedRecord = Parameters<typeof citedSources>[0] & { ref: string; slug: string; title: { text: string; lang: string | null }; permalink: LinkView };

export default async function recordRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;
  // An initiative page also lists comparable initiatives and offers to compare it.
  const initiativeExtras = (presented: PresentedRecord, request: FastifyRequest, ctx: Context) => {
    const id = idBySlug(sqlite, 'initiative', presented.slug)!;
    const gathered = parseCompareParam((request.query as Record<string, unknown>).compare);
    return {
      similar: presentSimilar(presented.ref, listSimilarInitiatives(sqlite, id), ctx),
      compareAddUrl: addToCompareUrl(presented.ref, gathered, `${prefixOf(ctx.locale)}/`, ctx.locale),
    };
  };
  const contextOf = (request: FastifyRequest): Context => ({
    locale: request.locale,
    vocab: loadSearchLabels(sqlite).vocab,
    origin: app.publicOrigin,
  });
  const redirectTo = (reply: FastifyReply, path: string) => reply.redirect(toSameOriginPath(path), 301);

  for (const page of PAGES) {
    const { path, permalink } = RECORD_ROUTES[page.kind];

    app.get<{ Params: SlugParams }>(`${path}/:slug`, { schema: { params: SlugParamsSchema } }, async (request, reply) => {
      const { slug } = request.params;
      const record = SLUG_RE.test(slug) ? page.get(sqlite, slug) : null;
      if (record) {
        const ctx = contextOf(request);
        const presented = page.present(record, ctx) as PresentedRecord;
        const changed = recordChangedAt(sqlite, page.kind, presented.ref);
        const cite = presentCitation({ kind: page.kind, ...presented, changed }, citedSources(presented), ctx, todayIso());
        return reply.render(page.view, {
          record: presented,
          cite,
          suggestUrl: suggestChangePath(page.kind, presented.ref, request.locale),
          ...(page.kind === 'initiative' ? initiativeExtras(presented, request, ctx) : {}),
        });
      }
      // A slug the record had before: its old links keep working.
      const current = SLUG_RE.test(slug) ? currentSlugOf(sqlite, page.kind, slug) : null;
      if (current) return redirectTo(reply, recordPath(page.kind, current, request.locale));
      throw new NotFoundError(page.notFound, { slug });
    });

    // The permalink: the stable ref (any letter case) to the current page.
    app.get<{ Params: RefParams }>(`${permalink}/:ref`, { schema: { params: RefParamsSchema } }, async (request, reply) => {
      const { ref } = request.params;
      const slug = REF_RE.test(ref) ? slugOfRef(sqlite, page.kind, ref) : null;
      if (!slug) throw new NotFoundError('error.refNotFound', { ref });
      return redirectTo(reply, recordPath(page.kind, slug, request.locale));
    });
  }

  app.get('/programmes', async (request, reply) => {
    return reply.render('programmes', { groups: presentProgrammeList(listProgrammes(sqlite), contextOf(request)) });
  });

  app.get('/areas', async (request, reply) => {
    return reply.render('areas', { groups: presentAreaList(listAreas(sqlite), contextOf(request)) });
  });

  app.get('/organisations', async (request, reply) => {
    return reply.render('organisations', { groups: presentOrganisationList(listOrganisations(sqlite), contextOf(request)) });
  });

  app.get<{ Querystring: ResourceQuerystring }>(
    '/resources',
    { schema: { querystring: ResourceQuerystringSchema }, schemaErrorFormatter },
    async (request, reply) => {
      const filters = parseResourceFilters(sqlite, request.query);
      const list = presentResourceList(listResources(sqlite, filters), filters, listResourceFilterValues(sqlite), contextOf(request));
      // Canonical: the list itself; a filtered view is not a separate document.
      return reply.render('resources', { list, canonicalPath: `${request.locale === 'en' ? '/en' : ''}/resources` });
    },
  );
}
