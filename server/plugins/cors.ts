// CORS for the read-only API: any origin may GET, HEAD or ask OPTIONS on /api/*, without
// credentials (no cookies or auth are ever needed, so none are allowed).
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

export const CORS_METHODS = 'GET, HEAD, OPTIONS';

export const isApiPath = (url: string) => /^\/api\//.test(url);

export default fp(
  async function corsPlugin(app: FastifyInstance) {
    app.addHook('onRequest', async (request, reply) => {
      if (!isApiPath(request.url)) return;
      reply.header('Access-Control-Allow-Origin', '*');
      // Helmet's same-origin resource policy is for pages; API answers are meant to be shared.
      reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
      reply.header('Access-Control-Expose-Headers', 'Link, X-Total-Count, X-Dataset-Changed');
    });

    // Preflight: GET with a non-simple header (e.g. a client sending Accept-Language).
    app.options('/api/*', { config: { openapi: false } }, async (request, reply) => {
      const asked = request.headers['access-control-request-headers'];
      return reply
        .code(204)
        .header('Access-Control-Allow-Methods', CORS_METHODS)
        .header('Access-Control-Allow-Headers', typeof asked === 'string' && /^[A-Za-z0-9\-, ]{1,200}$/.test(asked) ? asked : 'Accept')
        .header('Access-Control-Max-Age', '86400')
        .send();
    });
  },
  { name: 'cors' },
);
