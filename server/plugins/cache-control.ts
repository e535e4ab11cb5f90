// Cache-Control for every response, chosen in one place by the kind of response.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * The policy, by kind of response:
 * - page (HTML pages and the CSV export) and api: `no-cache`, i.e. a cache may keep the
 *   answer but must ask again before reusing it. Not `public, max-age=60`: one URL
 *   answers with a whole page or an htmx fragment (HX-Request, history restore, boosted)
 *   and, unprefixed, depends on Accept-Language and the language cookie, so a stored copy
 *   could be the wrong variant (a bare fragment after Back); and an edit to the catalogue
 *   should show at once. Pages render in milliseconds, so asking again costs little.
 *   Nothing in a response depends on the Host header (links use PUBLIC_URL), so no
 *   Vary: Host is needed.
 * - health: `no-store`; a monitor must never see an old status.
 * - asset (/static, /assets): an hour. Not `immutable`: the URLs name files, not versions
 *   (no content hash), so a new release must reach readers without a URL change.
 * - redirect (the language redirects; one sets the language cookie) and error (4xx/5xx,
 *   pages and JSON): `no-store`; they are answers about one request, not documents.
 */
export const CACHE_CONTROL = {
  page: 'no-cache',
  api: 'no-cache',
  health: 'no-store',
  asset: 'public, max-age=3600',
  redirect: 'no-store',
  error: 'no-store',
} as const;

export type ResponseKind = keyof typeof CACHE_CONTROL;

/** The kind of a response to `url` (path and query, origin-form) with `status`. */
export function responseKindOf(url: string, status: number): ResponseKind {
  if (status >= 400) return 'error';
  if (status >= 300 && status !== 304) return 'redirect';
  const path = url.split('?', 1)[0];
  if (path === '/health' || path === '/ready') return 'health';
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/static/') || path.startsWith('/assets/')) return 'asset';
  return 'page';
}

export default fp(
  async function cacheControlPlugin(app: FastifyInstance) {
    // onSend sees the final status of every answer: routes, static files, errors, redirects.
    app.addHook('onSend', async (request, reply, payload) => {
      reply.header('Cache-Control', CACHE_CONTROL[responseKindOf(request.url, reply.statusCode)]);
      return payload;
    });
  },
  { name: 'cache-control' },
);
