// Which language a reader gets. The URL decides (/en/... is English, the rest bokmål), so
// links can be shared. Only an unprefixed page URL is negotiated: a reader who has not
// chosen a language and whose browser prefers English is sent once to the /en URL. The
// choice made with the language switch is kept in a cookie and wins over the browser.
import type { Locale } from '../search/types.ts';
import { toSameOriginPath } from '../same-origin-path.ts';

export const LANG_COOKIE = 'lang';
/** Query marker the language switch adds; the server stores the choice and drops it. */
export const CHOOSE_PARAM = 'setlang';
const ONE_YEAR = 60 * 60 * 24 * 365;

const NORWEGIAN = new Set(['nb', 'no', 'nn']);

/** The locale a URL path is in. */
export function localeOfUrl(url: string): Locale {
  return url === '/en' || url.startsWith('/en/') || url.startsWith('/en?') ? 'en' : 'nb';
}

/**
 * The first language in an Accept-Language header (by q-value, then order) that we
 * have; null when it names neither Norwegian nor English.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { primary: tag.trim().toLowerCase().split('-')[0], quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((l) => l.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { primary } of ranked) {
    if (NORWEGIAN.has(primary)) return 'nb';
    if (primary === 'en') return 'en';
  }
  return null;
}

/** The language stored by the switch, if any. */
export function localeFromCookie(header: string | undefined): Locale | null {
  const m = header?.match(new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=(nb|en)(?:;|$)`));
  return m ? (m[1] as Locale) : null;
}

/** The Set-Cookie value that remembers a chosen language for a year. */
export function languageCookie(locale: Locale): string {
  return `${LANG_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax; HttpOnly`;
}

/** The language-switch URL: the page in `target`, marked so the choice is remembered. */
export function withChoiceMarker(url: string, target: Locale): string {
  return `${url}${url.includes('?') ? '&' : '?'}${CHOOSE_PARAM}=${target}`;
}

export interface LanguageRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export type LanguageDecision =
  | { action: 'none'; negotiable: boolean }
  | { action: 'choose'; locale: Locale; location: string }
  | { action: 'redirect'; location: string };

/** Pages only: not the API, health, static files or anything with a file extension. */
function isPage(path: string): boolean {
  return !/^\/(api|assets|static)(\/|$)|^\/(health|ready)$/.test(path) && !/\.[a-z0-9]+$/i.test(path);
}

function header(h: LanguageRequest['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * What to do about the reader's language before routing:
 * - `choose`: the switch was used (?setlang=xx): remember the page's language and
 *   redirect to the same URL without the marker;
 * - `redirect`: an unprefixed page, no stored choice, a browser that prefers English;
 * - `none`: serve as is (`negotiable` says the answer depends on Accept-Language/Cookie).
 */
export function decideLanguage(request: LanguageRequest): LanguageDecision {
  // Both redirects are built from this, never from the raw URL: a raw "//evil.example/"
  // copied into Location would send the reader to another site.
  const url = toSameOriginPath(request.url);
  const q = url.indexOf('?');
  const [path, search] = q === -1 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
  if ((request.method !== 'GET' && request.method !== 'HEAD') || !isPage(path)) return { action: 'none', negotiable: false };
  const params = new URLSearchParams(search);
  if (params.has(CHOOSE_PARAM)) {
    // The page's own language is the choice; the marker's value is only informative.
    params.delete(CHOOSE_PARAM);
    const rest = params.toString();
    return { action: 'choose', locale: localeOfUrl(path), location: rest ? `${path}?${rest}` : path };
  }
  if (localeOfUrl(url) === 'en') return { action: 'none', negotiable: false };
  // htmx requests come from a page already shown in the language the reader has.
  if (header(request.headers, 'hx-request') === 'true') return { action: 'none', negotiable: false };
  const preferred = localeFromCookie(header(request.headers, 'cookie')) ?? localeFromAcceptLanguage(header(request.headers, 'accept-language'));
  if (preferred === 'en') {
    const location = path === '/' ? `/en/${search ? `?${search}` : ''}` : `/en${url}`;
    return { action: 'redirect', location };
  }
  return { action: 'none', negotiable: true };
}
