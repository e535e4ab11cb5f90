// Key semantics and secrecy: the search key signs searches, the admin key signs writes
// (either stands in for the other), and neither ever reaches a log line, /health, a page
// or the API, not even in an error.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { createTestDatabase, removeDbFile, testConfig } from '../helpers/app.ts';
import { FakeMeili } from '../helpers/fake-meili.ts';
import { describeMeiliError, meiliOptionsFromConfig } from '../../server/search/meilisearch-engine.ts';

const SEARCH_KEY = 'search-key-0f9e8d7c6b5a';
const ADMIN_KEY = 'admin-key-1a2b3c4d5e6f';

async function appWithLogs(env: Record<string, string>) {
  const db = createTestDatabase();
  const file = db.file;
  db.close();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const config = testConfig({ DB_FILE: file, LOG_LEVEL: 'trace', ...env });
  const app = await buildApp({ config, logger: { level: 'trace', stream }, seedIfEmpty: false });
  await app.ready();
  return { app, lines, file };
}

describe('Meilisearch keys', () => {
  let fake: FakeMeili;
  let app: FastifyInstance | undefined;
  let file = "";
  let lines: string[] = [];
  afterEach(async () => {
    await app?.close();
    await fake?.close();
    if (file) removeDbFile(file);
  });

  it('uses the search key for searches and the admin key for writes', async () => {
    fake = await FakeMeili.start('writes-ok');
    ({ app, file, lines } = await appWithLogs({ SEARCH_ENGINE: 'meilisearch', MEILI_HOST: fake.url, MEILI_API_KEY: SEARCH_KEY, MEILI_ADMIN_KEY: ADMIN_KEY, MEILI_TIMEOUT_MS: '1000' }));
    // The index is filled first: until then the embedded engine answers searches.
    await app.searchOutbox!.drain({ ignoreSchedule: true });
    await app.inject('/?q=park');
    const search = fake.requests.filter((r) => r.path === '/multi-search');
    const writes = fake.requests.filter((r) => r.method !== 'GET' && r.path !== '/multi-search');
    expect(search.length).toBeGreaterThan(0);
    expect(writes.length).toBeGreaterThan(0);
    for (const r of search) expect(r.authorization).toBe(`Bearer ${SEARCH_KEY}`);
    for (const r of writes) expect(r.authorization).toBe(`Bearer ${ADMIN_KEY}`);
  });

  it('lets either key stand in for the other, and sends none when neither is set', () => {
    const opts = (env: Record<string, string>) => meiliOptionsFromConfig(testConfig({ SEARCH_ENGINE: 'meilisearch', MEILI_HOST: 'http://127.0.0.1:1', ...env }));
    expect(opts({ MEILI_API_KEY: 'k' })).toMatchObject({ searchKey: 'k', adminKey: 'k' });
    expect(opts({ MEILI_ADMIN_KEY: 'a' })).toMatchObject({ searchKey: 'a', adminKey: 'a' });
    expect(opts({})).toMatchObject({ searchKey: '', adminKey: '' });
  });

  it('never logs or shows a key, whatever fails', async () => {
    fake = await FakeMeili.start('error500');
    ({ app, file, lines } = await appWithLogs({ SEARCH_ENGINE: 'meilisearch', MEILI_HOST: fake.url, MEILI_API_KEY: SEARCH_KEY, MEILI_ADMIN_KEY: ADMIN_KEY, MEILI_TIMEOUT_MS: '200' }));
    const shown: string[] = [];
    shown.push((await app.inject('/?q=park')).body);
    shown.push((await app.inject('/en/?q=park&country=SE')).body);
    shown.push((await app.inject('/api/v1/initiatives?q=park')).body);
    shown.push((await app.inject('/health')).body);
    await app.searchOutbox!.drain({ ignoreSchedule: true });
    await fake.setMode('hang');
    shown.push((await app.inject('/api/v1/initiatives?q=tromsø')).body);
    await fake.setMode('down');
    shown.push((await app.inject('/health')).body);
    await app.searchOutbox!.drain({ ignoreSchedule: true });
    await app.close();
    app = undefined;
    const logs = lines.join('');
    expect(logs).toMatch(/search degraded/);
    expect(logs).toMatch(/search sync failed/);
    for (const text of [...shown, logs]) {
      expect(text).not.toContain(SEARCH_KEY);
      expect(text).not.toContain(ADMIN_KEY);
      expect(text).not.toContain('Bearer');
    }
    expect(shown.join('')).toContain('degraded');
  });

  it('scrubs a key from a reason even if one slipped into an error message', () => {
    expect(describeMeiliError(new Error(`boom ${ADMIN_KEY}`), [ADMIN_KEY])).not.toContain(ADMIN_KEY);
  });
});
