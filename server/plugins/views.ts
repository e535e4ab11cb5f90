// Eta templates (views/), rendered with the locals every page needs. One handler can
// answer with the whole page or only its fragment (for htmx), from the same data.

import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Eta } from 'eta';
import { translator, formatNumber } from '../i18n/index.ts';
import { withChoiceMarker } from '../i18n/negotiate.ts';
import { toSameOriginPath } from '../same-origin-path.ts';
import { publicOrigin } from '../config.ts';
import type { Locale } from '../search/types.ts';
import { pathsFor } from '../presenters/search.ts';
import { displayTitle } from '../presenters/record-text.ts';

export const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));

declare module 'fastify' {
  interface FastifyInstance {
    /** Origin of every absolute link (PUBLIC_URL, else http://HOST:PORT); never the Host header. */
    publicOrigin: string;
  }
  interface FastifyRequest {
    locale: Locale;
  }
  interface FastifyReply {
    /**
     * Renders views/pages/NAME (or only `fragment`, for a plain htmx request); `keep`
     * receives the HTML sent (to answer the same request again with sendRendered).
     */
    render(name: string, data: Record<string, unknown>, options?: RenderOptions): FastifyReply;
    /** Sends HTML that render() produced for the same request and options (as text or its UTF-8 bytes). */
    sendRendered(html: string | Buffer, options?: RenderOptions): FastifyReply;
  }
}

export interface RenderOptions {
  fragment?: string;
  status?: number;
  keep?: (html: string) => void;
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

/** What renderView needs to know about the request. */
export interface ViewRequest {
  /** The request target (path and query); only its same-origin form is ever used. */
  url: string;
  locale: Locale;
  /** The configured public origin for absolute links (see publicOrigin in config.ts). */
  origin: string;
}

/**
 * Renders views/pages/NAME, or views/partials/FRAGMENT, with the locals every view gets.
 * `data.canonicalPath` is the page's canonical path and query: a route passes it when
 * its query matters (the search page); otherwise it is the path without the query
 * (record pages take no parameters); null for no canonical link (error pages: a 4xx
 * is not a version of any page).
 */
export function renderView(request: ViewRequest, name: string, data: Record<string, unknown>, fragment?: string): string {
  const { locale, origin } = request;
  const other: Locale = locale === 'nb' ? 'en' : 'nb';
  // Never the raw target: an absolute-form request line or a "//host" path would
  // otherwise end up in links.
  const url = toSameOriginPath(request.url);
  const canonicalPath = data.canonicalPath === undefined ? url.split('?', 1)[0] : (data.canonicalPath as string | null);
  // hreflang alternates name the canonical URL in each language; error pages keep theirs.
  const linkPath = canonicalPath ?? url;
  const locals = {
    ...data,
    fragmentOnly: Boolean(fragment),
    locale,
    t: translator(locale),
    n: (value: number) => formatNumber(locale, value),
    /** The title to show for an initiative, with its language (the same rule as search hits). */
    titleOf: (i: Parameters<typeof displayTitle>[0]) => displayTitle(i, locale),
    paths: pathsFor(locale),
    currentUrl: url,
    // The switch marks the choice (?setlang=) so it is remembered; hreflang links stay clean.
    alternateUrl: withChoiceMarker(alternatePath(url, other), other),
    // Absolute, as search engines require, from the configured origin only.
    canonicalUrl: canonicalPath === null ? null : origin + canonicalPath,
    nbUrl: origin + alternatePath(linkPath, 'nb'),
    enUrl: origin + alternatePath(linkPath, 'en'),
  };
  return collapseIndentation(eta.render(fragment ? `partials/${fragment}` : `pages/${name}`, locals));
}

/**
 * Drops the templates' indentation between tags: a run of white space that starts with a
 * line break between two tags becomes that line break, which renders the same (white
 * space collapses outside preformatted text) and takes about a kilobyte off the search
 * page. Left alone in a page with a text area or preformatted text, where it is content.
 */
export function collapseIndentation(html: string): string {
  if (html.includes('<textarea') || html.includes('<pre')) return html;
  return html.replace(/>[ \t]*\n[ \t\n]*</g, '>\n<');
}

export default fp(
  async function viewsPlugin(app: FastifyInstance) {
    app.decorate('publicOrigin', publicOrigin(app.config));
    app.decorateRequest('locale', 'nb');
    app.decorateReply('render', function render(this: FastifyReply, name, data, options = {}) {
      const fragment = options.fragment && wantsFragment(this.request) ? options.fragment : undefined;
      const { url, locale } = this.request;
      const html = renderView({ url, locale, origin: this.server.publicOrigin }, name, data, fragment);
      options.keep?.(html);
      return this.sendRendered(html, options);
    });
    app.decorateReply('sendRendered', function sendRendered(this: FastifyReply, html, options = {}) {
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
