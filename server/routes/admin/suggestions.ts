// /admin/suggestions: the queue of suggestions from anyone. An editor turns a new case
// into a draft initiative in one step, marks a correction as dealt with, or dismisses a
// suggestion with a reason; who did what and when stays on the suggestion.
import type { FastifyInstance } from 'fastify';
import { NotFoundError, UserError } from '../../errors.ts';
import { acceptCorrection, acceptSuggestion, getSuggestion, listSuggestions, rejectSuggestion } from '../../domain/editorial/suggestions.ts';
import { ValidationFailed } from '../../domain/editorial/save-record.ts';
import { loadVocabulary } from '../../domain/labels.ts';
import { KINDS } from '../../domain/editorial/kinds.ts';
import type { RecordKind } from '../../../db/schema.ts';
import { csrfTokenFor, field } from '../../plugins/sessions.ts';
import { pathsFor } from '../../presenters/search.ts';
import { privatePage, requireRole } from './guard.ts';

export default async function adminSuggestionRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;
  app.addHook('onRequest', async (_request, reply) => privatePage(reply));
  app.addHook('preHandler', requireRole('editor'));
  const base = (locale: 'nb' | 'en') => `${pathsFor(locale).prefix}/admin`;

  app.get('/admin/suggestions', async (request, reply) => {
    const vocab = loadVocabulary(sqlite);
    return reply.render('admin/suggestions', {
      suggestions: listSuggestions(sqlite).map((s) => ({
        ...s,
        firstLine: s.text.split('\n')[0].slice(0, 120),
        targetUrl: s.targetKind && s.targetRef && s.targetKind in KINDS ? `${base(request.locale)}/${KINDS[s.targetKind as RecordKind].plural}/${s.targetRef}` : null,
      })),
      countries: vocab.order.country.map((code) => ({ value: code, label: vocab.country.get(code)?.[request.locale] ?? code })),
      adminBase: base(request.locale),
      csrf: csrfTokenFor(request, reply),
      user: request.session!.user,
      canonicalPath: null,
    });
  });

  app.post<{ Params: { id: string; action: string } }>('/admin/suggestions/:id/:action', async (request, reply) => {
    const s = getSuggestion(sqlite, Number(request.params.id));
    if (!s) throw new NotFoundError();
    if (s.status !== 'open') throw new UserError(409, [{ key: 'suggest.admin.handled' }]);
    const userId = request.session!.user.id;
    const note = field(request.body, 'note').trim().slice(0, 2000);
    switch (request.params.action) {
      case 'reject':
        if (!note) throw new UserError(400, [{ key: 'suggest.admin.reasonRequired' }]);
        rejectSuggestion(sqlite, s.id, userId, note);
        return reply.redirect(`${base(request.locale)}/suggestions`, 303);
      case 'accept': {
        if (s.type === 'correction') {
          acceptCorrection(sqlite, s.id, userId, note);
          return reply.redirect(`${base(request.locale)}/suggestions`, 303);
        }
        const title = field(request.body, 'title').trim();
        const country = field(request.body, 'country').trim();
        if (!title) throw new UserError(400, [{ key: 'suggest.admin.titleRequired' }]);
        try {
          const ref = acceptSuggestion(sqlite, s.id, userId, { title, country, locale: request.locale });
          return reply.redirect(`${base(request.locale)}/initiatives/${ref}`, 303);
        } catch (err) {
          if (err instanceof ValidationFailed) throw new UserError(400, [{ key: 'suggest.admin.draftInvalid' }]);
          throw err;
        }
      }
      default:
        throw new NotFoundError();
    }
  });
}
