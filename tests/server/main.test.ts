// npm start as a process: the first-run rule for DB_FILE, one-line start-up errors that
// name the file, and a SIGTERM that lets requests in flight finish and closes the database.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, removeDbFile, tempDbFile } from '../helpers/app.ts';
import { startServer } from '../helpers/server-process.ts';

const files: string[] = [];
afterAll(() => files.forEach(removeDbFile));

function fresh(): string {
  const file = tempDbFile();
  files.push(file);
  return file;
}

function expectOneLine(stderr: string, file: string) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toContain(JSON.stringify(file));
  expect(lines[0]).toMatch(/DB_FILE/);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('npm start', () => {
  it('refuses a DB_FILE that does not exist, naming it, and creates nothing', { timeout: 60_000 }, async () => {
    const file = fresh();
    const server = await startServer({ DB_FILE: file });
    expect(server.origin).toBeNull();
    expect(await server.exited).toBe(1);
    expectOneLine(server.stderr(), file);
    expect(server.stderr()).toMatch(/does not exist/);
    expect(server.stderr()).toMatch(/--init/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('names DB_FILE in one line when the file is not a database', { timeout: 60_000 }, async () => {
    const file = fresh();
    fs.writeFileSync(file, 'this is not a database, just text that is long enough to have a header '.repeat(20));
    const server = await startServer({ DB_FILE: file });
    expect(await server.exited).toBe(1);
    expectOneLine(server.stderr(), file);
    expect(server.stderr()).toMatch(/not a database/);
  });

  it('creates and seeds a new DB_FILE with --init (or DB_INIT=true), then closes cleanly on SIGTERM', { timeout: 90_000 }, async () => {
    const file = fresh();
    const server = await startServer({ DB_FILE: file }, ['--init']);
    expect(server.origin, server.stderr()).not.toBeNull();
    expect(fs.existsSync(file)).toBe(true);
    const health = await fetch(`${server.origin}/health`);
    expect(health.status).toBe(200);

    // Requests in flight when the signal arrives still get a whole answer.
    const inFlight = Array.from({ length: 12 }, (_, i) => fetch(`${server.origin}/?q=${i % 2 ? 'park' : ''}&page=1`).then(async (r) => ({ status: r.status, body: await r.text() })));
    await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGTERM');
    const answers = await Promise.allSettled(inFlight);
    expect(await server.exited, server.stdout().slice(-1500) + server.stderr()).toBe(0);
    for (const a of answers) {
      // Accepted before the close: a complete page; after it: refused outright, never cut off.
      if (a.status === 'fulfilled') {
        expect([200, 503]).toContain(a.value.status);
        if (a.value.status === 200) expect(a.value.body).toMatch(/<\/html>\s*$/);
      } else expect(String((a.reason as Error).cause ?? a.reason)).toMatch(/ECONNREFUSED|ECONNRESET|other side closed/);
    }
    expect(answers.some((a) => a.status === 'fulfilled' && a.value.status === 200)).toBe(true);
    expect(server.stdout()).toMatch(/"msg":"closed"/);
    // The database was closed: the last connection checkpoints and removes the WAL.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);

    const again = await startServer({ DB_FILE: file });
    expect(again.origin, again.stderr()).not.toBeNull();
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);

    const viaSetting = fresh();
    const third = await startServer({ DB_FILE: viaSetting, DB_INIT: 'true' });
    expect(third.origin, third.stderr()).not.toBeNull();
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });

  it('starts on an existing DB_FILE without --init', { timeout: 60_000 }, async () => {
    const handle = createTestDatabase();
    files.push(handle.file);
    handle.close();
    const server = await startServer({ DB_FILE: handle.file });
    expect(server.origin, server.stderr()).not.toBeNull();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(path.basename(handle.file)).toBe('test.db');
  });
});
