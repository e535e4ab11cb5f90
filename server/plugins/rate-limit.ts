// Rate limits by kind of route, per client address (request.ip: the reader's address
// behind a trusted proxy, see TRUST_PROXY), from the config (RATE_LIMIT_*; 0 turns one
// off). Over the limit: 429 with Retry-After, as a page in the reader's language or JSON
// under /api (the one error handler renders it).
//
// Search, API and export routes get their limit by URL, so routes added later under
// /api/ or a new search URL are covered without further work. Any other route takes a
// limit with its route config, e.g. the login form:
//   app.post('/login', { config: { rateLimit: app.rateLimits.login } }, handler)
// (`false` when that limit is turned off; a route's own setting always wins.)
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';

export interface RouteRateLimit {
  max: number;
  timeWindow: number;
}

export type RateLimitKind = 'search' | 'api' | 'export' | 'login' | 'form';

declare module 'fastify' {
  interface FastifyInstance {
    /** Route configs for `{ config: { rateLimit: app.rateLimits.<kind> } }`; false when off. */
    rateLimits: Record<RateLimitKind, RouteRateLimit | false>;
  }
}

export function rateLimitsOf(config: Pick<Config, 'RATE_LIMIT_WINDOW_S' | 'RATE_LIMIT_SEARCH' | 'RATE_LIMIT_API' | 'RATE_LIMIT_EXPORT' | 'RATE_LIMIT_LOGIN' | 'RATE_LIMIT_FORM'>): Record<RateLimitKind, RouteRateLimit | false> {
  const limit = (max: number) => (max > 0 ? { max, timeWindow: config.RATE_LIMIT_WINDOW_S * 1000 } : false);
  return {
    search: limit(config.RATE_LIMIT_SEARCH),
    api: limit(config.RATE_LIMIT_API),
    export: limit(config.RATE_LIMIT_EXPORT),
    login: limit(config.RATE_LIMIT_LOGIN),
    form: limit(config.RATE_LIMIT_FORM),
  };
}

/** The kind of limit a route gets by its URL alone, if any. */
export function rateLimitKindOf(url: string): RateLimitKind | null {
  if (url.startsWith('/api/')) return 'api';
  if (/^(\/en)?\/export(\.csv|\/|$)/.test(url)) return 'export';
  if (/^(\/en)?\/?$/.test(url)) return 'search';
  return null;
}

export default fp(
  async function rateLimitPlugin(app: FastifyInstance, opts: { config: Config }) {
    const limits = rateLimitsOf(opts.config);
    app.decorate('rateLimits', limits);
    // Runs before @fastify/rate-limit's own onRoute hook (registered next), which then
    // finds the limit in the route's config.
    app.addHook('onRoute', (route: RouteOptions) => {
      if (route.config && 'rateLimit' in route.config) return;
      const kind = rateLimitKindOf(route.url);
      if (!kind) return;
      route.config = { ...route.config, rateLimit: limits[kind] };
    });
    await app.register(rateLimit, {
      global: false,
      // A 429 counts as an answer: the limiter itself must not be a way to fill memory.
      cache: 10_000,
      errorResponseBuilder: (_request: FastifyRequest, context: { ttl: number }) =>
        new UserError(429, [{ key: 'error.tooManyRequests' }, { key: 'error.retryAfter', params: { seconds: Math.max(1, Math.ceil(context.ttl / 1000)) } }]),
    });
  },
  { name: 'rate-limit' },
);
