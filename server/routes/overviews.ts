// Overviews drawn on the server as SVG, each with a table of the same numbers:
// GET /overview (measure types and themes per country and per programme) and
// GET /programmes/timeline (every programme's period, by country) and GET /map (the
// areas with coordinates on Natural Earth outlines, and those without listed).
import type { FastifyInstance } from 'fastify';
import { loadSearchLabels } from '../domain/labels.ts';
import { getTermMixByCountry, getTermMixByProgramme, listProgrammePeriods } from '../domain/overviews.ts';
import { presentHeatmap, presentTimeline } from '../presenters/overviews.ts';
import { recordPath } from '../presenters/records.ts';
import { translator } from '../i18n/index.ts';
import { listAreaPoints } from '../domain/map.ts';
import { presentMap } from '../presenters/map.ts';

export default async function overviewRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;

  app.get('/overview', async (request, reply) => {
    const { locale } = request;
    const t = translator(locale);
    const vocab = loadSearchLabels(sqlite).vocab;
    const countryName = (g: { key: string; name: string }) => vocab.country.get(g.key)?.[locale] ?? g.name;
    const programmeHref = (slug: string) => recordPath('programme', slug, locale);
    const charts = [
      presentHeatmap('measure-country', t('overview.measureByCountry'), getTermMixByCountry(sqlite, 'measure'), vocab, locale, () => null, countryName),
      presentHeatmap('theme-country', t('overview.themeByCountry'), getTermMixByCountry(sqlite, 'theme'), vocab, locale, () => null, countryName),
      presentHeatmap('measure-programme', t('overview.measureByProgramme'), getTermMixByProgramme(sqlite, 'measure'), vocab, locale, programmeHref, (g) => g.name),
      presentHeatmap('theme-programme', t('overview.themeByProgramme'), getTermMixByProgramme(sqlite, 'theme'), vocab, locale, programmeHref, (g) => g.name),
    ];
    return reply.render('overview', { charts });
  });

  app.get('/programmes/timeline', async (request, reply) => {
    const vocab = loadSearchLabels(sqlite).vocab;
    const timeline = presentTimeline(listProgrammePeriods(sqlite), vocab, request.locale, new Date().getUTCFullYear());
    return reply.render('timeline', { timeline, section: 'programmes' });
  });

  app.get('/map', async (request, reply) => {
    const { points, missing } = listAreaPoints(sqlite);
    return reply.render('map', { map: await presentMap(points, missing, loadSearchLabels(sqlite).vocab, request.locale) });
  });
}
