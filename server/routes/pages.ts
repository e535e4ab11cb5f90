// The pages a newcomer looks for: about, glossary and the accessibility statement.
import type { FastifyInstance } from 'fastify';
import { getAboutFacts } from '../domain/about.ts';
import { listGlossaryEntries } from '../domain/glossary.ts';
import { listProgrammeSlugs } from '../domain/records/programmes.ts';
import { formatDate } from '../i18n/index.ts';

export default async function pageRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;

  app.get('/about', async (request, reply) => {
    const facts = getAboutFacts(sqlite);
    const lastChanged = facts.lastChanged ? formatDate(request.locale, facts.lastChanged) : null;
    return reply.render('about', { facts, lastChanged, section: 'about' });
  });

  app.get('/glossary', async (_request, reply) => {
    const entries = listGlossaryEntries();
    const known = new Set(listProgrammeSlugs(sqlite));
    // A word names a programme page only when that programme is in the catalogue.
    const shown = entries.map((e) => ({ ...e, programme: e.programme && known.has(e.programme) ? e.programme : null }));
    return reply.render('glossary', { entries: shown, section: 'glossary' });
  });

  app.get('/accessibility', async (_request, reply) => {
    return reply.render('accessibility', { section: 'accessibility' });
  });
}
