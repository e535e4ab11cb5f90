// Fresh databases and apps for tests: a temp SQLite file per call, built by the real
// migrations and loaded with the given catalogue (the fixture by default).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, runMigrations, type DatabaseHandle } from '../../db/client.ts';
import { importCatalogue, type CatalogueInput } from '../../server/domain/import-catalogue.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { fixtureCatalogue } from '../fixtures/catalogue.ts';
import type { FastifyInstance } from 'fastify';
import type { FacetRegistry } from '../../server/search/facets.ts';

export function tempDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omradeloft-test-'));
  return path.join(dir, 'test.db');
}

export function removeDbFile(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

/** A migrated database file loaded with `catalogue` (the fixture unless null). */
export function createTestDatabase(catalogue: CatalogueInput | null = fixtureCatalogue()): DatabaseHandle {
  const handle = openDatabase(tempDbFile());
  runMigrations(handle);
  if (catalogue) importCatalogue(handle.sqlite, catalogue);
  return handle;
}

export const NO_RATE_LIMITS = { RATE_LIMIT_SEARCH: '0', RATE_LIMIT_API: '0', RATE_LIMIT_EXPORT: '0', RATE_LIMIT_LOGIN: '0', RATE_LIMIT_FORM: '0' };

export function testConfig(overrides: Record<string, string> = {}): Config {
  // No rate limits unless a test sets them: many requests from one address are the norm here.
  return loadConfig({ LOG_LEVEL: 'silent', ...NO_RATE_LIMITS, ...overrides });
}

export interface TestApp {
  app: FastifyInstance;
  dbFile: string;
  close(): Promise<void>;
}

/** An app on a fresh database holding `catalogue` (the fixture by default). */
export async function buildTestApp(
  options: {
    catalogue?: CatalogueInput | null;
    env?: Record<string, string>;
    facets?: FacetRegistry;
    /** Runs before app.ready(), e.g. to add a hook that records what a request looked like. */
    beforeReady?: (app: FastifyInstance) => void;
  } = {},
): Promise<TestApp> {
  const db = createTestDatabase(options.catalogue === undefined ? fixtureCatalogue() : options.catalogue);
  const dbFile = db.file;
  db.close();
  const app = await buildApp({ config: testConfig({ DB_FILE: dbFile, ...options.env }), seedIfEmpty: false, facets: options.facets });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app,
    dbFile,
    close: async () => {
      await app.close();
      removeDbFile(dbFile);
    },
  };
}
