// kill -9 in the middle of a big write leaves the previous state intact: a child process
// is killed while its import (a reset and reload of the catalogue) or its reindex has
// written but not committed; the database is reopened and checked with PRAGMA
// integrity_check, record counts and search counts. Then the real `npm run reindex` is
// killed at several moments: whichever step it reached, the next start finds a whole index.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { prepareDatabase } from '../../server/domain/setup.ts';
import { generateCatalogue } from '../../scripts/generate.ts';
import { removeDbFile, tempDbFile } from '../helpers/app.ts';
import { readSeedCatalogue } from '../../seed/catalogue.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const files: string[] = [];
afterAll(() => files.forEach(removeDbFile));

function state(file: string) {
  const h = openDatabase(file, { readonly: true });
  try {
    const n = (sql: string) => h.sqlite.prepare(sql).pluck().get() as number;
    return {
      integrity: h.sqlite.pragma('integrity_check', { simple: true }),
      initiatives: n(`SELECT count(*) FROM initiatives`),
      areas: n(`SELECT count(*) FROM areas`),
      documents: n(`SELECT count(*) FROM search_documents`),
      ftsRows: n(`SELECT count(*) FROM search_fts`),
      hits: n(`SELECT count(*) FROM search_fts WHERE search_fts MATCH '"park"*'`),
    };
  } finally {
    h.close();
  }
}

/** Starts `args` under node, waits for "mid" on stdout (or `afterMs`), then kill -9. */
function killMidway(args: string[], options: { afterMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (options.afterMs === undefined && out.includes('mid')) child.kill('SIGKILL');
    });
    if (options.afterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), options.afterMs);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' || code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

describe('kill -9 mid-write', () => {
  it('mid-import and mid-reindex leave the previous catalogue and index', { timeout: 120_000 }, async () => {
    const file = tempDbFile();
    files.push(file);
    prepareDatabase(file, () => readSeedCatalogue(), { create: true }).handle.close();
    const before = state(file);
    expect(before.integrity).toBe('ok');
    expect(before.documents).toBe(before.initiatives);
    expect(before.hits).toBeGreaterThan(0);

    for (const kind of ['import', 'reindex']) {
      const out = await killMidway([path.join(ROOT, 'tests/helpers/children/write-then-hang.ts'), file, kind]);
      expect(out).toContain('mid');
      expect(state(file), kind).toEqual(before);
      // And the app starts on it as before.
      const { handle } = prepareDatabase(file, () => readSeedCatalogue());
      handle.close();
      expect(state(file), kind).toEqual(before);
    }
  });

  it('a killed npm run reindex leaves a whole index at any moment', { timeout: 240_000 }, async () => {
    const file = path.join(path.dirname(tempDbFile()), 'killed-reindex.db');
    files.push(file);
    generateCatalogue(file, { count: 4000, seed: 3 });
    prepareDatabase(file).handle.close();
    const before = state(file);
    expect(before.documents).toBe(4000);
    for (const afterMs of [1500, 2500, 3500, 5000]) {
      await killMidway([path.join(ROOT, 'scripts/reindex.ts'), '--db', file], { afterMs });
      const after = state(file);
      expect(after.integrity, `${afterMs} ms`).toBe('ok');
      expect(after.initiatives).toBe(before.initiatives);
      // Whatever the step, the next start completes what was queued.
      prepareDatabase(file).handle.close();
      expect(state(file), `${afterMs} ms`).toEqual(before);
    }
  });
});
