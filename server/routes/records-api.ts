// The records API: GET /api/v1/<kind> lists (initiatives: the search, in api.ts) and
// GET /api/v1/<kind>/:slugOrRef one record, by slug, stable ref (any letter case) or an
// old slug. Response schemas are the domain's own (schemas/records.ts) plus its links.
import type { FastifyInstance } from 'fastify';
import type Database from 'better-sqlite3';
import { Type, type TSchema } from '@sinclair/typebox';
import type { RecordKind } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import {
  AreaSchema,
  AreaSummarySchema,
  EventSchema,
  EventSummarySchema,
  InitiativeSchema,
  OrganisationSchema,
  OrganisationSummarySchema,
  ProgrammeSchema,
  ProgrammeSummarySchema,
  ResourceSchema,
  ResourceSummarySchema,
} from '../schemas/records.ts';
import {
  ResourceQuerystringSchema,
  SlugOrRefParamsSchema,
  type ResourceQuerystring,
  type SlugOrRefParams,
} from '../schemas/record-params.ts';
import { schemaErrorFormatter } from '../schemas/validation-messages.ts';
import { RECORD_READERS, currentSlugOf, listResources, parseResourceFilters } from '../domain/records/index.ts';
import { RECORD_ROUTES } from '../presenters/records.ts';
import { SimilarListSchema } from '../schemas/similar.ts';
import { idBySlug } from '../domain/records/shared.ts';
import { listSimilarInitiatives } from '../domain/similar.ts';
import { loadSearchLabels } from '../domain/labels.ts';
import { similarApiItem } from '../presenters/similar.ts';
import {
  LIST_FILTERS,
  filterAreas,
  filterOrganisations,
  filterProgrammes,
  parseListFilters,
  type FilteredKind,
  type ListFilters,
} from '../domain/records/list-filters.ts';
import type { AreaSummary, OrganisationSummary, ProgrammeSummary } from '../schemas/records.ts';

/** Where a record lives: its page and its permalink (paths; Norwegian pages). */
const LinksSchema = Type.Object({ url: Type.String(), permalink: Type.String() });
const withLinks = (schema: TSchema) => Type.Composite([schema as never, LinksSchema]);

const KINDS: { kind: RecordKind; record: TSchema; summary: TSchema | null; notFound: string }[] = [
  { kind: 'initiative', record: InitiativeSchema, summary: null, notFound: 'error.initiativeNotFound' },
  { kind: 'programme', record: ProgrammeSchema, summary: ProgrammeSummarySchema, notFound: 'error.programmeNotFound' },
  { kind: 'area', record: AreaSchema, summary: AreaSummarySchema, notFound: 'error.areaNotFound' },
  { kind: 'organisation', record: OrganisationSchema, summary: OrganisationSummarySchema, notFound: 'error.organisationNotFound' },
  { kind: 'event', record: EventSchema, summary: EventSummarySchema, notFound: 'error.eventNotFound' },
  { kind: 'resource', record: ResourceSchema, summary: ResourceSummarySchema, notFound: 'error.resourceNotFound' },
];

const linksOf = (kind: RecordKind, record: { slug: string; ref: string }) => ({
  url: `${RECORD_ROUTES[kind].path}/${encodeURIComponent(record.slug)}`,
  permalink: `${RECORD_ROUTES[kind].permalink}/${encodeURIComponent(record.ref)}`,
});

function filterList(sqlite: Database.Database, kind: FilteredKind, list: unknown[], filters: ListFilters): unknown[] {
  if (kind === 'programme') return filterProgrammes(list as ProgrammeSummary[], filters);
  if (kind === 'organisation') return filterOrganisations(list as OrganisationSummary[], filters);
  return filterAreas(sqlite, list as AreaSummary[], filters);
}

export default async function recordsApiRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;

  for (const { kind, record, summary, notFound } of KINDS) {
    const reader = RECORD_READERS[kind];
    const base = `/api/v1${RECORD_ROUTES[kind].path}`;

    app.get<{ Params: SlugOrRefParams }>(
      `${base}/:slugOrRef`,
      { schema: { params: SlugOrRefParamsSchema, response: { 200: withLinks(record) } }, schemaErrorFormatter },
      async (request) => {
        const { slugOrRef } = request.params;
        const current = currentSlugOf(sqlite, kind, slugOrRef);
        const found = (reader.bySlug(sqlite, slugOrRef) ?? reader.byRef(sqlite, slugOrRef) ?? (current && reader.bySlug(sqlite, current))) as
          | { slug: string; ref: string }
          | null;
        if (!found) throw new NotFoundError(notFound, { slug: slugOrRef });
        return { ...found, ...linksOf(kind, found) };
      },
    );

    if (!summary) continue; // GET /api/v1/initiatives is the search (api.ts).
    const list = Type.Object({ total: Type.Integer(), items: Type.Array(withLinks(summary)) });
    if (kind === 'resource') {
      app.get<{ Querystring: ResourceQuerystring }>(
        base,
        { schema: { querystring: ResourceQuerystringSchema, response: { 200: list } }, schemaErrorFormatter },
        async (request) => {
          const items = listResources(sqlite, parseResourceFilters(sqlite, request.query));
          return { total: items.length, items: items.map((r) => ({ ...r, ...linksOf(kind, r) })) };
        },
      );
    } else if (kind in LIST_FILTERS) {
      const filtered = kind as FilteredKind;
      // One optional string per filter (checked against the catalogue by parseListFilters).
      const querystring = Type.Object(
        Object.fromEntries(Object.keys(LIST_FILTERS[filtered]).map((name) => [name, Type.Optional(Type.String({ maxLength: 120 }))])),
        { additionalProperties: true },
      );
      app.get<{ Querystring: Record<string, string> }>(
        base,
        { schema: { querystring, response: { 200: list } }, schemaErrorFormatter },
        async (request) => {
          const filters = parseListFilters(sqlite, filtered, request.query);
          const items = filterList(sqlite, filtered, reader.list(sqlite), filters) as { slug: string; ref: string }[];
          return { total: items.length, items: items.map((r) => ({ ...r, ...linksOf(kind, r) })) };
        },
      );
    } else {
      app.get(base, { schema: { response: { 200: list } } }, async () => {
        const items = reader.list(sqlite) as { slug: string; ref: string }[];
        return { total: items.length, items: items.map((r) => ({ ...r, ...linksOf(kind, r) })) };
      });
    }
  }

  // Comparable initiatives (domain/similar.ts): the same list the initiative page shows.
  app.get<{ Params: SlugOrRefParams }>(
    '/api/v1/initiatives/:slugOrRef/similar',
    { schema: { params: SlugOrRefParamsSchema, response: { 200: SimilarListSchema } }, schemaErrorFormatter },
    async (request) => {
      const { slugOrRef } = request.params;
      const reader = RECORD_READERS.initiative;
      const current = currentSlugOf(sqlite, 'initiative', slugOrRef);
      const found = (reader.bySlug(sqlite, slugOrRef) ?? reader.byRef(sqlite, slugOrRef) ?? (current && reader.bySlug(sqlite, current))) as
        | { slug: string; ref: string }
        | null;
      if (!found) throw new NotFoundError('error.initiativeNotFound', { slug: slugOrRef });
      const vocab = loadSearchLabels(sqlite).vocab;
      const items = listSimilarInitiatives(sqlite, idBySlug(sqlite, 'initiative', found.slug)!).map((s) => similarApiItem(s, vocab));
      return { initiative: { ref: found.ref, slug: found.slug, ...linksOf('initiative', found) }, total: items.length, items };
    },
  );
}
