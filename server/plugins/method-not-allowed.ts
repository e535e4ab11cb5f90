// 405 Method Not Allowed with an Allow header, instead of 404, when the path exists but
// not for this method (POST /, DELETE /api/v1/initiatives ...). Every route is recorded
// as it is added (routes registered later, by any plugin, count too); the not-found
// handler (plugins/errors.ts) asks allowedMethods() before answering 404.
import fp from 'fastify-plugin';
import type { FastifyInstance, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The methods some route answers for `path` (without query); empty if none (or OPTIONS alone). */
    allowedMethods(path: string): string[];
    /** Every route as registered: its URL pattern and methods (property tests walk these). */
    routeList(): { url: string; methods: string[] }[];
  }
}

/** A find-my-way route pattern as a regular expression over whole paths. */
export function routePattern(url: string): RegExp {
  let source = '';
  for (let i = 0; i < url.length; ) {
    const ch = url[i];
    if (ch === ':' && url[i + 1] !== ':') {
      const name = /^:[A-Za-z0-9_]+/.exec(url.slice(i))![0];
      i += name.length;
      if (url[i] === '(') {
        let depth = 0;
        let j = i;
        for (; j < url.length; j++) {
          if (url[j] === '(') depth++;
          else if (url[j] === ')' && --depth === 0) break;
        }
        source += `(?:${url.slice(i + 1, j).replace(/^\^|\$$/g, '')})`;
        i = j + 1;
      } else source += '[^/]+';
    } else if (ch === '*') {
      source += '.*';
      i++;
    } else {
      source += ch === ':' ? ':' : ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      i += ch === ':' ? 2 : 1;
    }
  }
  return new RegExp(`^${source}$`);
}

function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export default fp(
  async function methodNotAllowedPlugin(app: FastifyInstance) {
    const routes: { url: string; pattern: RegExp; methods: string[] }[] = [];
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase());
      // A prefixed root route answers with and without the slash ('/en' and '/en/').
      routes.push({ url: route.url, pattern: routePattern(withoutTrailingSlash(route.url)), methods });
    });
    app.decorate('routeList', () => routes.map(({ url, methods }) => ({ url, methods: [...methods] })));
    app.decorate('allowedMethods', (path: string) => {
      const allowed = new Set<string>();
      const bare = withoutTrailingSlash(path);
      for (const route of routes) if (route.pattern.test(bare)) route.methods.forEach((m) => allowed.add(m));
      // The CORS preflight answers OPTIONS on every /api/ path: that alone is no resource.
      if ([...allowed].every((m) => m === 'OPTIONS')) return [];
      return [...allowed].sort();
    });
  },
  { name: 'method-not-allowed' },
);
