// Record pages: an initiative, a programme, an area, and the lists of programmes/areas.
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../errors.ts';
import {
  getAreaBySlug,
  getInitiativeBySlug,
  getProgrammeBySlug,
  listAreas,
  listProgrammes,
} from '../domain/catalogue.ts';
import { SLUG_RE } from '../schemas/slug.ts';
import { loadSearchLabels } from '../domain/labels.ts';

export default async function recordRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;

  app.get<{ Params: { slug: string } }>('/initiatives/:slug', async (request, reply) => {
    const { slug } = request.params;
    const initiative = SLUG_RE.test(slug) ? getInitiativeBySlug(sqlite, slug) : null;
    if (!initiative) throw new NotFoundError('error.initiativeNotFound', { slug });
    return reply.render('initiative', { initiative, vocab: loadSearchLabels(sqlite).vocab });
  });

  app.get<{ Params: { slug: string } }>('/programmes/:slug', async (request, reply) => {
    const { slug } = request.params;
    const programme = SLUG_RE.test(slug) ? getProgrammeBySlug(sqlite, slug) : null;
    if (!programme) throw new NotFoundError('error.programmeNotFound', { slug });
    return reply.render('programme', { programme, vocab: loadSearchLabels(sqlite).vocab });
  });

  app.get<{ Params: { slug: string } }>('/areas/:slug', async (request, reply) => {
    const { slug } = request.params;
    const area = SLUG_RE.test(slug) ? getAreaBySlug(sqlite, slug) : null;
    if (!area) throw new NotFoundError('error.areaNotFound', { slug });
    return reply.render('area', { area, vocab: loadSearchLabels(sqlite).vocab });
  });

  app.get('/programmes', async (_request, reply) => {
    return reply.render('programmes', { programmes: listProgrammes(sqlite), vocab: loadSearchLabels(sqlite).vocab });
  });

  app.get('/areas', async (_request, reply) => {
    return reply.render('areas', { areas: listAreas(sqlite), vocab: loadSearchLabels(sqlite).vocab });
  });
}
