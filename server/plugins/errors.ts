// One error handler: people get a page (or JSON under /api) in their language with what
// went wrong and a way back; 5xx get a generic message and a logged stack.
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UserError, type MessageRef } from '../errors.ts';
import { messageText, t } from '../i18n/index.ts';
import { renderView } from './views.ts';
import { localeOfUrl } from '../i18n/negotiate.ts';
import { CACHE_CONTROL } from './cache-control.ts';
import { isDatabaseBusy, noteStorageError, storageProblemOf } from '../domain/storage.ts';

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || /^\/(health|ready)(\?|$)/.test(request.url);
}

const STATUS_MESSAGE: Record<number, string> = {
  404: 'error.notFound',
  405: 'error.methodNotAllowed',
  413: 'error.tooLarge',
  414: 'error.tooLarge',
  429: 'error.tooManyRequests',
};

const ERROR_NAME: Record<number, string> = {
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

const TITLE: Record<number, string> = {
  404: 'error.notFound',
  429: 'error.tooManyRequestsTitle',
  503: 'error.unavailableTitle',
};

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, messages: MessageRef[], backUrl?: string) {
  const locale = request.locale ?? 'nb';
  if (isApiRequest(request)) {
    const texts = messages.map((m) => t(locale, m.key, m.params));
    return reply.code(status).type('application/json; charset=utf-8').send({
      statusCode: status,
      error: ERROR_NAME[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request'),
      message: texts.join(' '),
      messages: texts,
    });
  }
  const texts = messages.map((m) => messageText(locale, m));
  const titleKey = TITLE[status] ?? (status >= 500 ? 'error.title' : 'error.badRequest');
  // Errors always answer with the whole page: an htmx request shows it in place. No
  // canonical link: an error is not a version of any page.
  const data = { status, title: t(locale, titleKey), messages: texts, backUrl: backUrl ?? null, canonicalPath: null };
  // Router errors arrive with a bare reply (no decorators): render directly then.
  if (typeof reply.render !== 'function') {
    const view = { url: request.url, locale, origin: request.server.publicOrigin };
    return reply.code(status).type('text/html; charset=utf-8').send(renderView(view, 'error', data));
  }
  return reply.render('error', data, { status });
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof UserError) return sendError(request, reply, error.statusCode, error.messages, error.backUrl);
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        request.log.info({ err: error.message, code: error.code }, 'client error');
        const key = STATUS_MESSAGE[status];
        return sendError(request, reply, status, [key ? { key } : { key: 'error.badRequest' }]);
      }
      // The database cannot be written (read-only, disk full): say so, and /health shows it.
      if (storageProblemOf(error)) {
        if (request.server.hasDecorator('db')) noteStorageError(request.server.db.sqlite, error);
        request.log.error({ err: error.message, code: error.code }, 'database cannot be written');
        reply.header('Retry-After', '60');
        return sendError(request, reply, 503, [{ key: 'error.storage' }]);
      }
      // Another process held the write lock past the busy timeout (a full index rebuild).
      if (isDatabaseBusy(error)) {
        request.log.warn({ err: error.message, code: error.code }, 'database busy');
        reply.header('Retry-After', '10');
        return sendError(request, reply, 503, [{ key: 'error.busy' }]);
      }
      request.log.error({ err: error }, 'unhandled error');
      return sendError(request, reply, 500, [{ key: 'error.server' }]);
    });
    app.setNotFoundHandler((request, reply) => {
      // The path exists, but not for this method: 405 with the methods it has.
      const path = request.url.split('?', 1)[0];
      const allowed = app.hasDecorator('allowedMethods') ? app.allowedMethods(path) : [];
      if (allowed.length > 0 && !allowed.includes(request.method)) {
        reply.header('Allow', allowed.join(', '));
        return sendError(request, reply, 405, [{ key: 'error.methodNotAllowed' }]);
      }
      return sendError(request, reply, 404, [{ key: 'error.notFoundIntro' }]);
    });
  },
  { name: 'errors', dependencies: ['views'] },
);

/** For router errors (bad URL encoding, over-long path segments) that happen before hooks run. */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.locale = localeOfUrl(request.url);
  // This answer skips the onSend hooks, so the cache policy is applied here.
  reply.header('Cache-Control', CACHE_CONTROL.error);
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  const key = STATUS_MESSAGE[status] ?? 'error.badRequest';
  return sendError(request, reply, status, [{ key: status === 404 ? 'error.notFoundIntro' : key }]);
}
