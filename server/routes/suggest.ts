// "Foreslå et tiltak / meld en feil": a public form anyone can send. It lands in the
// editors' queue (/admin/suggestions), never in the catalogue. CSRF token, a honeypot
// field, a per-address rate limit and size limits guard it; the sender gets a receipt.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkCsrf, csrfTokenFor, field } from '../plugins/sessions.ts';
import { checkSuggestion, createSuggestion, suggestionRateExceeded, type SuggestionInput } from '../domain/editorial/suggestions.ts';
import { readRecordInput } from '../domain/editorial/read-input.ts';
import { KINDS, titleOfInput } from '../domain/editorial/kinds.ts';
import { RECORD_KINDS, type RecordKind } from '../../db/schema.ts';
import { pathsFor } from '../presenters/search.ts';
import { t } from '../i18n/index.ts';

/** The honeypot: hidden from people, filled in by form-filling bots. */
export const HONEYPOT = 'website';

export default async function suggestRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;

  function targetOf(kind: string, ref: string): { kind: RecordKind; ref: string; title: string } | null {
    if (!RECORD_KINDS.includes(kind as RecordKind) || !ref) return null;
    const stored = readRecordInput(sqlite, kind as RecordKind, ref);
    if (!stored || stored.state !== 'published') return null;
    return { kind: kind as RecordKind, ref, title: titleOfInput(KINDS[kind as RecordKind], stored.input) };
  }

  function page(request: FastifyRequest, reply: FastifyReply, values: Partial<SuggestionInput>, errors: Record<string, { key: string; params?: Record<string, string | number> }>, status = 200) {
    const target = targetOf(values.targetKind ?? '', values.targetRef ?? '');
    const message = (k: string) => (errors[k] ? t(request.locale, errors[k].key, errors[k].params) : null);
    return reply.render(
      'suggest',
      {
        csrf: csrfTokenFor(request, reply),
        values: { type: target ? 'correction' : 'new', text: '', sourceUrl: '', name: '', email: '', ...values },
        target,
        errors: { text: message('text'), sourceUrl: message('sourceUrl'), name: message('name'), email: message('email'), target: message('target'), form: message('form') },
        errorCount: Object.keys(errors).length,
        canonicalPath: null,
      },
      { status },
    );
  }

  app.get<{ Querystring: { kind?: string; ref?: string } }>('/suggest', async (request, reply) => {
    reply.header('X-Robots-Tag', 'noindex');
    return page(request, reply, { targetKind: String(request.query.kind ?? ''), targetRef: String(request.query.ref ?? '') }, {});
  });

  app.post('/suggest', async (request, reply) => {
    checkCsrf(request);
    const thanks = `${pathsFor(request.locale).prefix}/suggest/thanks`;
    // A bot filled the hidden field: it gets the receipt, nothing is stored.
    if (field(request.body, HONEYPOT)) return reply.redirect(thanks, 303);
    const trim = (name: string) => field(request.body, name).replace(/\r\n/g, '\n').trim();
    const values: SuggestionInput = {
      type: trim('type') === 'correction' ? 'correction' : 'new',
      targetKind: trim('targetKind') || null,
      targetRef: trim('targetRef') || null,
      text: trim('text'),
      sourceUrl: trim('sourceUrl') || null,
      name: trim('name') || null,
      email: trim('email') || null,
    };
    if (suggestionRateExceeded(sqlite, app.sessionSecret, request.ip)) {
      return page(request, reply, values, { form: { key: 'suggest.error.rate' } }, 429);
    }
    const errors = checkSuggestion(sqlite, values);
    if (Object.keys(errors).length > 0) return page(request, reply, values, errors, 400);
    createSuggestion(sqlite, app.sessionSecret, request.ip, request.locale, values);
    return reply.redirect(thanks, 303);
  });

  app.get('/suggest/thanks', async (_request, reply) => reply.render('suggest-thanks', { canonicalPath: null }));
}
