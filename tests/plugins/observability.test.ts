// Logs (issue 14, defect 7 and observability): a request id in every line and in
// X-Request-Id; request lines at debug only; at info one summary for a failed or slow
// request; no cookies, Authorization headers or secrets in any line.
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { loggerOptions, redactUrl } from '../../server/plugins/observability.ts';
import { createTestDatabase, removeDbFile, testConfig } from '../helpers/app.ts';

const files: string[] = [];
afterAll(() => files.forEach(removeDbFile));

async function appWithLog(level: string, env: Record<string, string> = {}) {
  const db = createTestDatabase();
  db.close();
  files.push(db.file);
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = testConfig({ DB_FILE: db.file, LOG_LEVEL: level, MEILI_API_KEY: 'sekret-key-123', ...env });
  const app = await buildApp({ config, seedIfEmpty: false, logger: { ...(loggerOptions(config) as object), stream } });
  app.get('/test-fail', async () => {
    throw new Error('boom');
  });
  app.get('/test-slow', async () => {
    await new Promise((r) => setTimeout(r, 400));
    return { ok: true };
  });
  await app.ready();
  return { app, lines };
}

const secrets = { cookie: 'session=cookie-secret-456', authorization: 'Bearer auth-secret-789' };

describe('request logging', () => {
  it('writes nothing at info for ordinary requests, and one summary for a 5xx or a slow one', async () => {
    const { app, lines } = await appWithLog('info', { LOG_SLOW_MS: '300' });
    await app.inject('/?q=park'); // the first search builds the in-memory table
    const ok = await app.inject({ url: '/?q=park', headers: secrets });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((l) => l.reqId === ok.headers['x-request-id'])).toEqual([]);

    const failed = await app.inject({ url: '/test-fail', headers: secrets });
    expect(failed.statusCode).toBe(500);
    const about = lines.filter((l) => l.reqId === failed.headers['x-request-id']);
    expect(about.map((l) => l.msg)).toEqual(['unhandled error', 'request failed']);
    expect(about[1]).toMatchObject({ level: 30, statusCode: 500, method: 'GET', url: '/test-fail' });

    const slow = await app.inject({ url: '/test-slow' });
    const slowLines = lines.filter((l) => l.reqId === slow.headers['x-request-id']);
    expect(slowLines).toHaveLength(1);
    expect(slowLines[0]).toMatchObject({ msg: 'slow request', statusCode: 200 });
    expect(slowLines[0].ms).toBeGreaterThanOrEqual(300);

    // A client's own request id is not taken (it could forge log correlation).
    const forged = await app.inject({ url: '/test-fail', headers: { 'x-request-id': 'evil\nline' } });
    expect(forged.headers['x-request-id']).not.toContain('evil');
    await app.close();
    expect(JSON.stringify(lines)).not.toMatch(/secret|sekret/);
  });

  it('logs request lines at debug, without cookies, Authorization or secret parameters', async () => {
    const { app, lines } = await appWithLog('debug');
    const res = await app.inject({ url: '/?q=park&token=query-secret-1', headers: secrets });
    const mine = lines.filter((l) => l.reqId === res.headers['x-request-id']);
    expect(mine.map((l) => l.msg)).toEqual(['request', 'request completed']);
    expect(mine[0]).toMatchObject({ req: { method: 'GET', url: '/?q=park&token=(hidden)' } });
    await app.close();
    expect(JSON.stringify(lines)).not.toMatch(/secret|sekret|Bearer/);
  });

  it('redacts secret-looking parameters only', () => {
    expect(redactUrl('/?q=key&password=x&api_key=y&page=2')).toBe('/?q=key&password=(hidden)&api_key=(hidden)&page=2');
    expect(redactUrl('/initiatives/a')).toBe('/initiatives/a');
  });
});
