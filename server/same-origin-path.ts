// The one way a request target becomes a URL the app sends back (a Location, the current
// page in links): a path on this site, whatever the request looked like. A browser reads
// "//host", "/\host" (backslashes count as slashes) and "http://host" as another site, and
// strips tabs, newlines and leading spaces before it looks; some proxies decode %2F and
// %5C before passing a path on. So the result always starts with exactly one "/" followed
// by something that is neither "/" nor "\".

/** A URL scheme at the start: an absolute-form request target or a hostile one. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** Slashes, backslashes and their encodings at the start of a path. */
const LEADING_SLASHES = /^(?:[/\\]|%2f|%5c)+/i;

/**
 * `target` (path and query as in a request line, or an absolute URL) as a same-origin
 * relative URL: the path starts with a single "/", backslashes in the path become "/",
 * the fragment is dropped, and whitespace, control and non-ASCII characters are
 * percent-encoded. Ordinary paths come back unchanged; applying it twice changes nothing.
 */
export function toSameOriginPath(target: string): string {
  // What the browser would do first: drop tab/CR/LF anywhere, C0 controls and spaces at the ends.
  let url = target.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
  url = url.split('#', 1)[0];
  if (SCHEME.test(url)) {
    // Keep only the path and query of an absolute URL; its host is never ours to trust.
    try {
      const parsed = new URL(url);
      url = parsed.pathname + parsed.search;
    } catch {
      url = '/';
    }
  }
  const q = url.indexOf('?');
  const path = (q === -1 ? url : url.slice(0, q)).replace(/\\/g, '/');
  const query = q === -1 ? '' : url.slice(q);
  return percentEncodeUnsafe(`/${path.replace(LEADING_SLASHES, '')}${query}`);
}

/** Encodes every character outside printable ASCII (spaces, controls, non-ASCII) as UTF-8 %XX. */
function percentEncodeUnsafe(url: string): string {
  return url.replace(/[^\x21-\x7e]/gu, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
