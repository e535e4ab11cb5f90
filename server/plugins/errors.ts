// One error handler: people get a page (or JSON under /api) in their language with what
// went wrong and a way back; 5xx get a generic message and a logged stack.
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UserError, type MessageRef } from '../errors.ts';
import { t } from '../i18n/index.ts';

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/health';
}

const STATUS_MESSAGE: Record<number, string> = {
  404: 'error.notFound',
  405: 'error.methodNotAllowed',
  413: 'error.tooLarge',
  429: 'error.tooManyRequests',
};

function send(request: FastifyRequest, reply: FastifyReply, status: number, messages: MessageRef[]) {
  const locale = request.locale ?? 'nb';
  const texts = messages.map((m) => t(locale, m.key, m.params));
  if (isApiRequest(request)) {
    return reply.code(status).type('application/json; charset=utf-8').send({
      statusCode: status,
      error: status === 404 ? 'Not Found' : status >= 500 ? 'Internal Server Error' : 'Bad Request',
      message: texts.join(' '),
      messages: texts,
    });
  }
  const titleKey = status === 404 ? 'error.notFound' : status >= 500 ? 'error.title' : 'error.badRequest';
  // Errors always answer with the whole page: an htmx request shows it in place.
  return reply.render('error', { status, title: t(locale, titleKey), messages: texts }, { status });
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof UserError) return send(request, reply, error.statusCode, error.messages);
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        request.log.info({ err: error.message, code: error.code }, 'client error');
        const key = STATUS_MESSAGE[status];
        return send(request, reply, status, [key ? { key } : { key: 'error.badRequest' }]);
      }
      request.log.error({ err: error }, 'unhandled error');
      return send(request, reply, 500, [{ key: 'error.server' }]);
    });
    app.setNotFoundHandler((request, reply) => send(request, reply, 404, [{ key: 'error.notFoundIntro' }]));
  },
  { name: 'errors', dependencies: ['views'] },
);
