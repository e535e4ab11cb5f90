// Eta templates (views/), rendered with the locals every page needs. One handler can
// answer with the whole page or only its fragment (for htmx), from the same data.

import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Eta } from 'eta';
import { translator, formatNumber } from '../i18n/index.ts';
import { withChoiceMarker } from '../i18n/negotiate.ts';
import type { Locale } from '../search/types.ts';
import { pathsFor } from '../presenters/search.ts';
import { displayTitle } from '../domain/catalogue.ts';

export const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
  }
  interface FastifyReply {
    /** Renders views/pages/NAME (or only `fragment`, for a plain htmx request). */
    render(name: string, data: Record<string, unknown>, options?: { fragment?: string; status?: number }): FastifyReply;
  }
}

/**
 * True for an htmx request that wants only a fragment: not a history restore (which
 * needs the whole page) and not boosted (a boosted link swaps the whole body).
 */
export function wantsFragment(request: FastifyRequest): boolean {
  const h = request.headers;
  return h['hx-request'] === 'true' && h['hx-history-restore-request'] !== 'true' && h['hx-boosted'] !== 'true';
}

/** The same page in the `target` language (query string kept): switch and hreflang links. */
export function alternatePath(url: string, target: Locale): string {
  const [pathname, search] = url.split('?');
  const bare = pathname.replace(/^\/en(?=\/|$)/, '') || '/';
  const path = target === 'nb' ? bare : bare === '/' ? '/en/' : `/en${bare}`;
  return search ? `${path}?${search}` : path;
}

const eta = new Eta({ views: VIEWS_DIR, cache: true, autoEscape: true, autoTrim: [false, 'nl'] });

/** Renders views/pages/NAME, or views/partials/FRAGMENT, with the locals every view gets. */
export function renderView(
  request: Pick<FastifyRequest, 'url' | 'locale'> & Partial<Pick<FastifyRequest, 'protocol' | 'host'>>,
  name: string,
  data: Record<string, unknown>,
  fragment?: string,
): string {
  const locale = request.locale;
  const origin = request.host ? `${request.protocol ?? 'http'}://${request.host}` : '';
  const locals = {
    ...data,
    fragmentOnly: Boolean(fragment),
    locale,
    t: translator(locale),
    n: (value: number) => formatNumber(locale, value),
    /** The title to show for an initiative, with its language (the same rule as search hits). */
    titleOf: (i: Parameters<typeof displayTitle>[0]) => displayTitle(i, locale),
    paths: pathsFor(locale),
    currentUrl: request.url,
    // The switch marks the choice (?setlang=) so it is remembered; hreflang links stay clean.
    alternateUrl: withChoiceMarker(alternatePath(request.url, locale === 'nb' ? 'en' : 'nb'), locale === 'nb' ? 'en' : 'nb'),
    // hreflang alternates must be absolute URLs (search engines ignore relative ones).
    nbUrl: origin + alternatePath(request.url, 'nb'),
    enUrl: origin + alternatePath(request.url, 'en'),
  };
  return eta.render(fragment ? `partials/${fragment}` : `pages/${name}`, locals);
}

export default fp(
  async function viewsPlugin(app: FastifyInstance) {
    app.decorateRequest('locale', 'nb');
    app.decorateReply('render', function render(this: FastifyReply, name, data, options = {}) {
      const fragment = options.fragment && wantsFragment(this.request) ? options.fragment : undefined;
      const html = renderView(this.request, name, data, fragment);
      if (options.fragment) {
        const vary = this.getHeader('Vary');
        this.header('Vary', vary ? `${vary}, HX-Request` : 'HX-Request');
      }
      if (options.status) this.code(options.status);
      return this.type('text/html; charset=utf-8').send(html);
    });
  },
  { name: 'views' },
);
