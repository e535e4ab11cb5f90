// buildApp(): the whole application as one Fastify instance. Registration order is read
// top to bottom: external plugins, app plugins, then routes (once per language).
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import compress from '@fastify/compress';
import { parseTrustProxy, type Config } from './config.ts';
import databasePlugin from './plugins/database.ts';
import searchPlugin from './plugins/search.ts';
import viewsPlugin from './plugins/views.ts';
import assetsPlugin from './plugins/assets.ts';
import securityPlugin from './plugins/security.ts';
import cacheControlPlugin from './plugins/cache-control.ts';
import errorsPlugin, { handleFrameworkError } from './plugins/errors.ts';
import observabilityPlugin, { loggerOptions, requestOptions } from './plugins/observability.ts';
import rateLimitPlugin from './plugins/rate-limit.ts';
import methodNotAllowedPlugin from './plugins/method-not-allowed.ts';
import turnsPlugin from './plugins/turns.ts';
import healthRoutes from './routes/health.ts';
import searchRoutes from './routes/search.ts';
import recordRoutes from './routes/records.ts';
import exportRoutes from './routes/export.ts';
import compareRoutes from './routes/compare.ts';
import citeRoutes from './routes/cite.ts';
import apiRoutes from './routes/api.ts';
import recordsApiRoutes from './routes/records-api.ts';
import pageRoutes from './routes/pages.ts';
import corsPlugin from './plugins/cors.ts';
import openapiPlugin from './plugins/openapi.ts';
import dataFileRoutes, { dataPageRoutes } from './routes/data.ts';
import apiPageRoutes, { apiDocumentRoutes } from './routes/api-docs.ts';
import feedRoutes from './routes/feed.ts';
import overviewRoutes from './routes/overviews.ts';
import sessionsPlugin from './plugins/sessions.ts';
import adminAuthRoutes from './routes/admin/auth.ts';
import adminUserRoutes from './routes/admin/users.ts';
import adminRecordRoutes from './routes/admin/records.ts';
import adminUploadRoutes, { uploadFileRoutes } from './routes/admin/uploads.ts';
import adminSuggestionRoutes from './routes/admin/suggestions.ts';
import adminImportRoutes from './routes/admin/import.ts';
import suggestRoutes from './routes/suggest.ts';
import type { FacetRegistry } from './search/facets.ts';
import { decideLanguage, languageCookie, localeOfUrl } from './i18n/negotiate.ts';
import { toSameOriginPath } from './same-origin-path.ts';
import { Slots } from './domain/slots.ts';
import { EXPORTS_AT_ONCE } from './domain/export.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** Exports reading now, shared by both languages' export routes (EXPORTS_AT_ONCE). */
    exportSlots: Slots;
  }
}

export interface BuildOptions {
  config: Config;
  /** Fastify logger options; defaults to the configured LOG_LEVEL. */
  logger?: FastifyServerOptions['logger'];
  seedIfEmpty?: boolean;
  /**
   * Create DB_FILE if it does not exist (default true for callers that pass a file they
   * chose, like tests). `npm start` passes the first-run rule: see server/main.ts.
   */
  createDatabase?: boolean;
  /** The facet registry (the app's FACETS unless given; tests register others). */
  facets?: FacetRegistry;
}

/**
 * An absolute-form request line (`GET http://host/path HTTP/1.1`, which HTTP/1.1 servers
 * must accept) becomes its path and query before routing, so every handler, hook and link
 * sees the same URL as for `GET /path`. The host in it is the client's say, never used.
 */
export function toOriginForm(request: Pick<IncomingMessage, 'url'>): string {
  const url = request.url ?? '/';
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? toSameOriginPath(url) : url;
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    ...requestOptions,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: handleFrameworkError,
    // Only X-Forwarded-* from these proxies count (request.ip, request.protocol); links
    // never depend on them (they use the configured public origin).
    trustProxy: parseTrustProxy(config.TRUST_PROXY) ?? false,
    rewriteUrl: toOriginForm,
  });
  app.decorate('config', config);
  app.decorate('exportSlots', new Slots(EXPORTS_AT_ONCE));

  // External plugins
  await app.register(observabilityPlugin, { slowMs: config.LOG_SLOW_MS });
  await app.register(turnsPlugin);
  await app.register(securityPlugin);
  await app.register(cacheControlPlugin);
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(rateLimitPlugin, { config });

  // App plugins
  await app.register(viewsPlugin);
  await app.register(errorsPlugin);
  await app.register(methodNotAllowedPlugin);
  await app.register(assetsPlugin);
  await app.register(databasePlugin, { file: config.DB_FILE, seedIfEmpty: options.seedIfEmpty, create: options.createDatabase });
  await app.register(searchPlugin, { config, facets: options.facets });
  await app.register(corsPlugin);
  // Before the routes: it describes every /api/ route registered after it.
  await app.register(openapiPlugin);
  await app.register(sessionsPlugin);

  // The reader's language comes from the URL: /en/... is English, the rest bokmål.
  app.addHook('onRequest', async (request, reply) => {
    request.locale = localeOfUrl(request.url);
    // First visit follows Accept-Language; the language switch's choice is remembered.
    const language = decideLanguage(request);
    if (language.action === 'choose') {
      return reply.header('Set-Cookie', languageCookie(language.locale)).redirect(language.location, 303);
    }
    if (language.action === 'redirect') return reply.header('Vary', 'Accept-Language, Cookie').redirect(language.location, 302);
    if (language.negotiable) reply.header('Vary', 'Accept-Language, Cookie');
  });

  // Routes: pages in both languages, the API once.
  for (const prefix of ['', '/en']) {
    await app.register(searchRoutes, { prefix });
    await app.register(recordRoutes, { prefix });
    await app.register(exportRoutes, { prefix });
    await app.register(pageRoutes, { prefix });
    await app.register(compareRoutes, { prefix });
    await app.register(citeRoutes, { prefix });
    await app.register(feedRoutes, { prefix });
    await app.register(dataPageRoutes, { prefix });
    await app.register(apiPageRoutes, { prefix });
    await app.register(overviewRoutes, { prefix });
    await app.register(adminAuthRoutes, { prefix });
    await app.register(adminUserRoutes, { prefix });
    await app.register(adminRecordRoutes, { prefix });
    await app.register(adminUploadRoutes, { prefix });
    await app.register(adminSuggestionRoutes, { prefix });
    await app.register(adminImportRoutes, { prefix });
    await app.register(suggestRoutes, { prefix });
  }
  await app.register(apiRoutes);
  await app.register(recordsApiRoutes);
  await app.register(apiDocumentRoutes);
  await app.register(dataFileRoutes);
  await app.register(healthRoutes);
  await app.register(uploadFileRoutes);

  return app;
}
